"""English or Spanish: the language a patient writes in, read per message, offline.

A message gets a reading: the language (or None when it cannot be told: "ok", "sí", "no", a number, an
emoji) and whether it is clear enough to change the language of the conversation. The conversation's
language (the `language` slot) follows only clear readings, so a Spanish-speaking family that answers
"ok" or "no" stays in Spanish, and one English word in a Spanish message does not switch it. Asking for a
language by name ("español", "English": the SMS keyword, the widget's and kiosk's buttons) always switches.

The detector is lingua (lingua-language-detector), restricted to English and Spanish and in its low
accuracy mode: its trigram models only, about 10 MB, and some 50 microseconds a message here. A
Spanish-English mix ("cuánto dura el recovery", "my dad no puede mover las piernas") is read as Spanish
when it carries words only Spanish uses: the families who write that way read Spanish. The figures behind
the thresholds are in reports/language.md (scripts/measure_language.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from addons.triage import fold_accents

if TYPE_CHECKING:
    from lingua import LanguageDetector

SPANISH = "es"
ENGLISH = "en"
OTHER = "other"  # a reading only: neither English nor Spanish (input_guard then flags other_language)
LANGUAGES = (ENGLISH, SPANISH)
MIN_WORDS_TO_SWITCH = 3  # fewer words than this never change the conversation's language
MIN_CONFIDENCE = 0.75  # lingua's share for the language, below which a message is not clear enough

_WORD = re.compile(r"[a-zñ']+")
# Asking for a language by name: the whole message is the name (with "en", "in", "please"...).
_ASKS_SPANISH = re.compile(r"^(en |in )?(espanol|spanish|castellano)( por favor| please)?$")
_ASKS_ENGLISH = re.compile(r"^(en |in )?(english|ingles)( please| por favor)?$")
# Words both languages' speakers write that say nothing of the language.
_NEUTRAL = frozenset(
    "ok okay okey k si sí no yes ya yeah yep nop nope hello hi bye thanks thx ty please pls "
    "porfa xfa mm hmm ah oh eh lol jaja jajaja haha 911".split()
)
# Words only Spanish uses (accents folded; not "me", nor "mis", which English writes as MIS): two of them, and
# no more English words than these, make a message Spanish, however much English it mixes in.
_SPANISH_ONLY = frozenset(
    "el los las es una uno por para que como cual del muy pero despues cirugia tengo tiene tienes "
    "esta estoy estan esto puede puedo pueden desde hace ayer hoy ahora anoche manana herida fiebre dolor "
    "piernas pierna pecho cabeza sale sangre orinar mover sentir siento nada mucho mama papa esposo esposa "
    "hijo hija operaron operacion operado operada le lo su sus tambien cuando donde porque duele "
    "usted ella ellos necesito quiero saber riesgos riesgo columna espalda cuanto cuanta dura tiempo "
    "miedo pasa pasar se mi voy va van hay son estar tener hacer puedes quieres q xq pq tmb y con sin "
    # articles and prepositions English never writes as words: "pueden lastimar un nervio en la surgery?" (es29)
    # (not "la": "la la la what is a dural tear")
    "un en al".split()
)
# Words of the other languages patients here write (Portuguese, French, Italian, German; accents folded) that
# neither Spanish nor English uses: a message with more of them than of Spanish-only words is not Spanish,
# though lingua, knowing only English and Spanish, would call it Spanish ("Quanto tempo dura a recuperação").
_OTHER_ONLY = frozenset(
    "nao voce voces quanto quanta tempo minha meu tenho estou cirurgia recuperacao febre ferida perna pernas "
    "posso depois muito tambem ele isso onde quando coluna sangue cabeca peito obrigado obrigada "
    "je suis mes avec pour tres apres chirurgie douleur jambe jambes fievre combien temps quand "
    "sono gli mio dopo dolore febbre gamba gambe "
    "welche welcher ist eine einer und nicht ich meine mein wie nach wirbelsaule risiken schmerzen habe haben "
    "bitte danke operiert mit auf kann".split()
)
# (Not "a": "a la abierta", "a ojo" are Spanish too.)
_ENGLISH_ONLY = frozenset(
    "i you my the an is are be was will would can could do does did what how why when which who "
    "and or to of in on for with after before it that this there have has had get if not risk "
    "surgery pain back spine am im its".split()
)


_VOWEL = re.compile(r"[aeiouy]")
_SPANISH_MARKS = re.compile("[¿¡]")
_SPANISH_LETTERS = re.compile("[¿¡áéíóúñ]", re.IGNORECASE)  # written in Spanish, not in English
MAX_SHORT_WORDS = 5  # up to this many words, lingua's low accuracy mode is unreliable (see _short_text_detector)
# Spanish SMS shorthand without vowels ("xq" porque, "tmb" también): words, though they look like none.
_SHORTHAND = frozenset("q k xq pq tb tmb tmbn dnd cdo pls msj".split())


def _looks_like_a_word(word: str) -> bool:
    """Keyboard mashing ("zxcv bnm", "kjh") is no language: lingua would still give it one with confidence
    (0.99 Spanish for "zxcv bnm"), so words of three letters or more without a vowel are not read."""
    return len(word) < 3 or bool(_VOWEL.search(word)) or word in _SHORTHAND


@dataclass(frozen=True)
class LanguageReading:
    language: str | None  # "en", "es", "other", or None: this message alone cannot tell
    clear: bool  # clear enough to change the conversation's language


UNKNOWN = LanguageReading(None, False)


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


@lru_cache(maxsize=1)
def _short_text_detector() -> LanguageDetector:
    """lingua's high accuracy mode (n-grams up to five letters; about 55 MB more): its low accuracy mode calls
    short English Spanish ("endoscope used?", "Best scar cream?", "surgeon skill important?")."""
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
        .with_preloaded_language_models()
        .build()
    )


def load_models() -> None:
    """Both detectors' models in memory before the first message (about 0.3 s): not on a patient's turn."""
    _detector()
    _short_text_detector()


def _confidences(detector: LanguageDetector, text: str) -> dict[str, float]:
    return {c.language.iso_code_639_1.name.lower(): c.value for c in detector.compute_language_confidence_values(text)}


def asked_language(text: str) -> str | None:
    """The language a message asks for by name alone ("Español", "english please"), if it does."""
    said = " ".join(_WORD.findall(fold_accents(text.lower())))
    if _ASKS_SPANISH.match(said):
        return SPANISH
    if _ASKS_ENGLISH.match(said):
        return ENGLISH
    return None


def read_language(text: str | None) -> LanguageReading:
    text = text or ""
    asked = asked_language(text)
    if asked:
        return LanguageReading(asked, True)
    words = _WORD.findall(fold_accents(text.lower()))
    telling = [w for w in words if w not in _NEUTRAL and _looks_like_a_word(w)]
    if not telling:
        return UNKNOWN
    spanish_only = sum(w in _SPANISH_ONLY for w in telling)
    english_only = sum(w in _ENGLISH_ONLY for w in telling)
    other_only = sum(w in _OTHER_ONLY for w in telling)
    if other_only >= 2 and other_only >= spanish_only and other_only > english_only:
        return LanguageReading(OTHER, False)
    if spanish_only >= 2 and spanish_only >= english_only:  # Spanish, or Spanish mixed with English
        return LanguageReading(SPANISH, len(words) >= MIN_WORDS_TO_SWITCH)
    # "¿" and "¡" are written only in Spanish: "¿Cirugía con robot?" is Spanish though lingua reads it English.
    if _SPANISH_MARKS.search(text) and spanish_only >= 1 and spanish_only >= english_only:
        return LanguageReading(SPANISH, len(words) >= MIN_WORDS_TO_SWITCH)
    confidences = _confidences(_detector(), text)
    language = max(LANGUAGES, key=lambda code: confidences.get(code, 0.0))
    confidence = confidences.get(language, 0.0)
    if confidence == 0.0:
        return UNKNOWN
    if (
        language == SPANISH
        and spanish_only == 0
        and len(words) <= MAX_SHORT_WORDS
        and not _SPANISH_LETTERS.search(text)
    ):
        # Nothing Spanish in a few words: the trigrams' Spanish is a guess. The high accuracy models, made for short
        # text, decide; when they say English the reading is English (not clear: a Spanish conversation stays so).
        precise = _confidences(_short_text_detector(), text)
        if precise.get(ENGLISH, 0.0) > precise.get(SPANISH, 0.0):
            return LanguageReading(ENGLISH, False)
    if language == SPANISH and spanish_only == 0 and english_only >= 1 and not _SPANISH_MARKS.search(text):
        # lingua's trigrams alone call some short English Spanish ("is it permanent?", "tell me about tears in
        # the dura"): without one word only Spanish uses, English words keep the message English, and a
        # Spanish conversation stays Spanish (not clear).
        return LanguageReading(ENGLISH, False)
    return LanguageReading(language, len(words) >= MIN_WORDS_TO_SWITCH and confidence >= MIN_CONFIDENCE)


LANGUAGE_SLOT = "language"


def conversation_language(slots: dict[str, Any], latest_reading: str | None) -> str:
    """The language to answer in: the `language` slot (set by clear readings, kept until the next one), or,
    before any clear reading, the latest message's own reading; English otherwise. The action server
    decides the same way (actions/language.reply_language)."""
    slot = slots.get(LANGUAGE_SLOT)
    if slot in LANGUAGES:
        return str(slot)
    return SPANISH if latest_reading == SPANISH else ENGLISH
