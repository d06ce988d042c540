"""Sound-alike spellings of the triage words, put right before the triage reads a Spanish message.

Spanish speakers who write as they hear ("fievre de 39", "la erida esta rroja", "me duele el pesho", "el cueyo se
me hincho", "me operarom el biernes") spell a word the triage knows in letters that sound the same. Each word
of such a message that the triage's patterns do not contain is compared, by how it sounds in Spanish, with the
words they do contain; when exactly one of them sounds the same, that word replaces it. Words the patterns
contain are never changed, and English messages are left as they are: English spelling does not follow these
sounds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

# Words only Spanish uses among the commonest ones: two of them make a message Spanish enough to respell.
_SPANISH_FUNCTION_WORDS = frozenset(
    "el la los las del que y con por para una hace tengo pero muy esta mucho desde como cuando ya mi".split()
)
# How Spanish spellings of one sound are folded into one key (the order matters: "sh" before "h", "ll" before
# doubled letters; "c" before e/i sounds like "s", "qu" and hard "c" like "k", "g" before e/i like "j").
_SOUND_FOLDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), repl)
    for pattern, repl in [
        (r"sh", "ch"),
        (r"ll", "y"),
        (r"(?<!c)h", ""),
        (r"v", "b"),
        (r"z", "s"),
        (r"c(?=[ei])", "s"),
        (r"qu(?=[ei])", "k"),
        (r"c(?=[aou]|[^aeiouh]|$)", "k"),
        (r"g(?=[ei])", "j"),
        (r"y(?![aeiou])", "i"),
        (r"mn", "n"),
        (r"m$", "n"),
        (r"([a-z])\1", r"\1"),
    ]
]
# A plural article before a word without its final s ("los riesgo", "mis pierna")
_PLURAL_WITHOUT_ITS_S = re.compile(
    r"\b(los|las|mis|sus|unos|unas|esos|esas|estos|estas|otros|otras) ([a-z]{3,}[aeiou])\b"
)
_MIN_LENGTH = 4  # shorter words are too often another word ("are", "ase")
_WORD = re.compile(r"[a-z]+")


def sound_key(word: str) -> str:
    """The word as it sounds in Spanish, in one spelling ("pesho" and "pecho" -> "pecho")."""
    for pattern, repl in _SOUND_FOLDS:
        word = pattern.sub(repl, word)
    return word


def literal_words(patterns: Iterable[str]) -> tuple[set[str], set[str]]:
    """The words written out in regular expressions: whole words, and stems followed by \\w* or \\w+."""
    words, stems = set(), set()
    for pattern in patterns:
        text = re.sub(r"\\w[*+]", "*", pattern)
        text = re.sub(r"\\.", " ", text)
        # a last letter made optional ("pantorrillas?") spells two words
        text = re.sub(r"\b([a-z]+)([a-z])\?", r"\1 \1\2", text)
        for match in re.finditer(r"[a-z]+\*?", text):
            token = match.group(0)
            if token.endswith("*"):
                if len(token) > _MIN_LENGTH:
                    stems.add(token[:-1])
            elif len(token) >= _MIN_LENGTH:
                words.add(token)
    return words, stems


class Respeller:
    def __init__(self, patterns: Iterable[str]) -> None:
        patterns = list(patterns)
        words, stems = literal_words(patterns)
        uses = Counter(word for pattern in patterns for word in re.findall(r"[a-z]+", pattern) if word in words)
        # One spelling per sound: where the patterns spell a sound two ways ("posible", "possible"), the one
        # they use most.
        self._know(words, stems, uses.__getitem__)

    @classmethod
    def of_vocabulary(cls, commonest_first: Sequence[str]) -> Respeller:
        """A respeller to the words of a model's vocabulary (accents folded), listed commonest first: where two
        of them sound the same, the commoner spelling is kept."""
        rank = {word: -n for n, word in enumerate(commonest_first)}
        respeller = cls.__new__(cls)
        respeller._know({w for w in rank if len(w) >= _MIN_LENGTH and w.isascii() and w.isalpha()}, set(), rank.get)
        return respeller

    def _know(self, words: set[str], stems: set[str], preference: Callable[[str], int | None]) -> None:
        self.words = words
        by_sound: dict[str, set[str]] = {}
        for word in words:
            by_sound.setdefault(sound_key(word), set()).add(word)
        self.by_sound = {key: max(sorted(found), key=lambda w: preference(w) or 0) for key, found in by_sound.items()}
        self.stems = stems
        self.stems_by_sound = {sound_key(stem): stem for stem in stems}

    def respell(self, norm: str) -> str:
        """A normalised message with its sound-alike spellings put right, if it is Spanish."""
        tokens = norm.split()
        if sum(token.strip(".,;!?") in _SPANISH_FUNCTION_WORDS for token in tokens) < 2:
            return norm
        respelled = _WORD.sub(lambda match: self._word(match.group(0)), norm)
        return _PLURAL_WITHOUT_ITS_S.sub(self._plural, respelled)

    def _plural(self, match: re.Match[str]) -> str:
        """A final s dropped after a plural article, as the Caribbean and Andalusia say it ("los riesgo de la
        operación", es40): the plural, where it is a known word."""
        determiner, word = match.group(1), match.group(2)
        return f"{determiner} {word}s" if word + "s" in self.words else match.group(0)

    def _word(self, word: str) -> str:
        if len(word) < _MIN_LENGTH or word in self.words or self._has_known_stem(word):
            return word
        key = sound_key(word)
        if key in self.by_sound:
            return self.by_sound[key]
        # The Cibao says a word's last r as i: "quería sabei", "mujei" (es40)
        if word.endswith("i") and word[:-1] + "r" in self.words:
            return word[:-1] + "r"
        for length in range(len(key) - 1, _MIN_LENGTH - 1, -1):
            stem = self.stems_by_sound.get(key[:length])
            if stem is not None:
                return stem + key[length:]
        return word

    def _has_known_stem(self, word: str) -> bool:
        return any(word[:length] in self.stems for length in range(len(word), _MIN_LENGTH, -1))
