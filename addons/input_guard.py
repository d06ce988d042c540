"""First step of the NLU pipeline: make any patient text safe to understand.

Strips HTML/script markup, caps the length the models see, and notes messages that carry no words,
are in another language, or were empty, so the last step (addons/intent_router.py) can route
them to a clear reply instead of a guess.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.language import LANGUAGES, OTHER, SPANISH, load_models, read_language
from addons.question_parts import ASKS_WITHOUT_MARK

INPUT_ISSUE = "input_issue"
LANGUAGE = "language"  # "en" or "es": the message's own reading (addons/language.py), when it can tell
LANGUAGE_CLEAR = "language_clear"  # True: clear enough to change the conversation's language
MAX_NLU_CHARS = 1500  # what the models see at most; triage always reads every word the patient sent
MIXED_ENGLISH_WORDS = 3  # a message with this many English words is read even if it mixes languages
LONG_MESSAGE_WORDS = 60  # longer messages are stories: the models see the part that asks

_TAGS = re.compile(r"<\s*(script|style)[^>]*>.*?<\s*/\s*\1\s*>|<[^>]{0,300}>", re.I | re.S)
_NON_LATIN = re.compile(
    r"[\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u0e00-\u0eff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)
_WORD = re.compile(r"[a-zà-ÿ']+")
_ENGLISH = set(
    "i you me my the a an is are be was will would can could do does did what how why when which who "
    "and or to of in on for with after before it that this there have has had get if not no risk "
    "surgery pain back spine am im its".split()
)
_FOREIGN = set(
    # Spanish, French, German, Portuguese, Italian, Dutch function words that are not English words ("was",
    # "die", "operation", "son" are: "wha mi fi do before di operation" is Caribbean English, not German; nor
    # "di" and "na", the and is in Krio and West African Pidgin: "Di doctor say mine na fusion", b59)
    "el la los las es una por para que qué cómo cuál del con mi mis muy pero después cirugía "
    "le les est sont une pour avec je mon mes très mais après chirurgie quels quelle "
    "der das ist sind ein eine und nicht ich mein meine mit nach oder wie sehr "
    "não são uma com meu minha muito depois cirurgia quais "
    "il gli sono che con mio dopo chirurgia "
    "het een en niet ik mijn met wat hoe zijn".split()
)


# Attempts to make the assistant ignore its instructions are declined, whatever else they ask.
_INSTRUCTION_ATTACK = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,30}\b(instructions?|rules|prompt|guidelines|restrictions|programming)\b"
    r"|\b(system|hidden|initial) prompt\b|\bjailbreak|\bdeveloper mode\b"
    r"|\b(pretend|act|behave|roleplay|role-play)( that)? (you are|you're|to be|as) "
    r"(a |an |my )?(real |human |licensed )?"
    r"(doctor|surgeon|nurse|physician|human|person|different|unrestricted|chatgpt|gpt)",
    re.I,
)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_REFERS_BACK = re.compile(
    r"\b(it|that|this|these|those|them|so|then|do|anything|what about|eso|esto|ese|esa|aquello"
    r"|(me|nos|se) (lo|la|los|las))\b",  # Spanish object pronouns: "¿me los puede enumerar?"
    re.I,
)
_ASKING_LEAD = re.compile(
    r"\b(what|how|why|when|which|is (it|there|that)|are (there|they)|can (i|you|it|he|she)|could (i|it)|"
    r"will (i|it|he|she)|would (i|it)|should (i|we)|do (i|you|they)|does|i (want|wanted|need) to know|"
    r"(i am|im|i'm) wondering|i wonder|tell me|explain)\b",
    re.I,
)
_STORY_TAIL_WORDS = 40
# A question that points back at what the story said ("Is it just the size of the scar, or is there more to
# it?", "What exactly is this membrane?") is about that: the sentences before it that name it are kept too,
# up to _CONTEXT_WORDS words, two sentences at most.
_POINTS_BACK = re.compile(
    r"\b(it|this|that|these|those|them|the same|such|eso|esto|ese|esa|aquello|(me|nos|se) (lo|la|los|las))\b", re.I
)
_REFERRING_QUESTION_WORDS = 25
_CONTEXT_WORDS = 20
_SIGN_OFF = re.compile(
    r"^\W*(many thanks|thanks?( you)?( so much| very much| in advance| again)?|thank you|thankyou|ty|cheers|regards"
    r"|best wishes|kind regards|all the best|take care|bye|muchas gracias|gracias|saludos|bendiciones|un saludo)\b"
    r"[\w\s,.!]{0,30}$",
    re.I,
)


def _context_before(sentences: list[str], index: int) -> list[int]:
    """The sentences just before `index` that a question pointing back is about (at most two)."""
    kept: list[int] = []
    words = 0
    for i in range(index - 1, max(index - 3, -1), -1):
        kept.append(i)
        words += len(sentences[i].split())
        if words >= _CONTEXT_WORDS:
            break
    return kept


def asking_part(text: str) -> str:
    """The part of a long message that asks: what a patient wants answered after telling their story.

    A story about the recovery so far that ends "What is a dural tear?" is a question about dural
    tears. The sentences with a question mark are kept (with the sentence before a short one that
    refers back: "...a bit of swelling. Is that normal?"); with none, the last two sentences; a long
    run-on without sentence ends (speech-to-text) keeps its words from the last asking phrase on.
    """
    if len(text.split()) <= LONG_MESSAGE_WORDS:
        return text
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    asks = [i for i, s in enumerate(sentences) if "?" in s or ASKS_WITHOUT_MARK.search(s)]
    if asks:
        keep = set(asks[:3])
        for i in asks[:3]:
            if i > 0 and len(sentences[i].split()) < 10 and _REFERS_BACK.search(sentences[i]):
                keep.add(i - 1)
            elif len(sentences[i].split()) <= _REFERRING_QUESTION_WORDS and _POINTS_BACK.search(sentences[i]):
                keep.update(_context_before(sentences, i))
        return " ".join(sentences[i] for i in sorted(keep))
    # A closing courtesy ("I said I'd ask. Thank you.", "Cheers, Lee") asks nothing: the last two sentences before it.
    while len(sentences) > 2 and _SIGN_OFF.match(sentences[-1]):
        sentences.pop()
    if len(sentences) > 1:
        return " ".join(sentences[-2:])
    words = text.split()
    leads = list(_ASKING_LEAD.finditer(text))
    if leads:
        tail = text[leads[-1].start() :].split()
        if len(tail) >= 4:
            return " ".join(tail[:_STORY_TAIL_WORDS])
    return " ".join(words[-_STORY_TAIL_WORDS:])


# Emoji of mood and gesture (smileys, praying or thumbs-up hands, hearts) say how the patient feels, not what
# they ask: named, "person with folded hands" would pull "wat are teh risks 🙏" towards a person or chit-chat.
# Faces of symptoms (🤒 face with thermometer, 🤢 nauseated face) are outside these ranges and keep their names.
_MOOD_AND_GESTURE = (
    (0x1F600, 0x1F64F),  # emoticons
    (0x1F44A, 0x1F450),  # hand gestures
    (0x1F590, 0x1F596),
    (0x1F918, 0x1F91F),
    (0x1F493, 0x1F49F),  # hearts
    (0x2764, 0x2764),
    (0x263A, 0x263A),
)


def _mood_or_gesture(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in _MOOD_AND_GESTURE)


def name_symbols(text: str) -> str:
    """Emoji and other pictographs as the words they stand for ("🚬 + 🍔 = bad?" -> "smoking symbol +
    hamburger = bad?"), so the models read what the patient meant by them; mood and gesture emoji dropped."""
    return "".join(
        (" " if _mood_or_gesture(c) else f" {unicodedata.name(c, '').lower()} ")
        if unicodedata.category(c) == "So"
        else c
        for c in text
    )


# "too" typed as "to" before the words patients weigh themselves with ("im 68 is that to old for the keyhole back
# surgry", b59): the models learned "too old", and "to" before these is rarely the preposition.
_TOO_TYPED_TO = re.compile(
    r"\bto (old|young|late|early|soon|long|much|many|risky|dangerous|big|heavy|fat|overweight|sick|weak|frail|far"
    r"|bad|high|scared|worried|nervous|little|small)\b",
    re.I,
)


@dataclass(frozen=True)
class InputCheck:
    text: str
    issue: str | None  # empty | no_words | other_language | instructions | None


def inspect_input(text: str | None) -> InputCheck:
    raw = text or ""
    clean = _TAGS.sub(" ", html.unescape(raw))
    if re.search(r"[^\W_]", clean):  # emoji alone stay "no words"; beside words they are read as words
        clean = name_symbols(clean)
    clean = _TOO_TYPED_TO.sub(r"too \1", clean)
    clean = asking_part(re.sub(r"\s+", " ", clean).strip())[:MAX_NLU_CHARS]
    if not raw.strip():
        return InputCheck("", "empty")
    if not re.search(r"[^\W\d_]", clean):  # no letters: "???", or a bare "1" that picks no option
        return InputCheck(clean, "no_words")
    letters = [c for c in clean if c.isalpha()]
    if letters and sum(bool(_NON_LATIN.match(c)) for c in letters) > len(letters) / 2:
        return InputCheck(clean, "other_language")
    if _INSTRUCTION_ATTACK.search(clean):
        return InputCheck(clean, "instructions")
    words = _WORD.findall(clean.lower())
    foreign = sum(w in _FOREIGN for w in words)
    english = sum(w in _ENGLISH for w in words)
    # Spanish-English mixes ("Se puede infectar la herida? like how common is it") are read, not refused.
    if len(words) >= 3 and foreign >= 2 and foreign > english and english < MIXED_ENGLISH_WORDS:
        return InputCheck(clean, "other_language")
    return InputCheck(clean, None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class InputGuard(GraphComponent):
    """Cleans the text before tokenisation and records what was wrong with it, if anything."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputGuard:
        load_models()
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            if example.get(TEXT):
                example.set(TEXT, inspect_input(example.get(TEXT)).text or example.get(TEXT))
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            original = message.get(TEXT)
            check = inspect_input(original)
            reading = read_language(original)
            message.set("original_text", original)
            # An empty string would give the featurizers nothing; keep a neutral token for them.
            message.set(TEXT, check.text or "empty")
            issue = check.issue
            if issue == "other_language" and reading.language == SPANISH:
                issue = None  # Spanish is answered, in Spanish
            elif reading.language == OTHER:
                issue = issue or "other_language"  # Portuguese, French...: lingua knows only English and Spanish
            if issue:
                message.set(INPUT_ISSUE, issue, add_to_output=True)
            if reading.language in LANGUAGES:  # the conversation follows clear readings only (addons/language.py)
                message.set(LANGUAGE, reading.language, add_to_output=True)
                message.set(LANGUAGE_CLEAR, reading.clear, add_to_output=True)
        return messages
