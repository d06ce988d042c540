"""Complications named with a typo ("nerv injery", "durral teer", "infecion"): the entity the spelt term gets.

Also drops the Spanish verb "dura" ("¿cuánto dura la operación?"), which the English term "dura" matches.

The entity_ruler (spacy_pipeline/terms.yml) knows a term only as it is spelt there, with the misspellings
someone added by hand; a patient who types "what is a durral teer and is it bad" names the dural tear all
the same, and the topic resolution (actions/topic_resolution.py) needs to know which complication a message
names to answer it rather than the list of risks. Each word the training data never used twice that is one
letter away from a complication term (two for long words), and from the terms of one topic only, is read as
that term. Words the training data uses are real words ("nerves", "tears", "infected") and are left alone.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.input_guard import LANGUAGE
from addons.language import SPANISH
from addons.triage import fold_accents
from spacy_pipeline.build import NO_TOPIC, load_terms

LABEL = "complication"
MIN_LENGTH = 6  # shorter words are too often another word ("dural"/"durar", "clots"/"cloths")
LONG_WORD = 12  # from this length two slips are allowed ("anaesthesiolgist"); "conversation" is not "conversion"
_WORD = re.compile(r"[a-z]+")


def slips(a: str, b: str, limit: int) -> int:
    """Letters added, dropped, changed or swapped to turn `a` into `b` (optimal string alignment), or
    `limit` + 1 as soon as more are needed."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_slips(word: str) -> int:
    return 2 if len(word) >= LONG_WORD else 1


class MisspeltTerms:
    """The complication terms of terms.yml by topic, and the words the training data knows."""

    def __init__(self, known_words: set[str]) -> None:
        self.known = known_words
        terms = [(topic, fold_accents(term)) for label, topic, term in load_terms() if label == LABEL]
        self.spelt = {term for _, term in terms}
        # By first letter(s), which a slip leaves alone (see `_close`): each word is compared with a few terms,
        # not all of them (a 5,000-character message took 27 ms against every term, 2 ms like this).
        self.single: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.double: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
        for topic, term in terms:
            words = term.split()
            if topic != NO_TOPIC and len(words) == 1:
                self.single[term[0]].append((topic, term))
            elif topic != NO_TOPIC and len(words) == 2:
                self.double[(words[0][0], words[1][0])].append((topic, words[0], words[1]))

    def _unknown(self, word: str) -> bool:
        return len(word) >= MIN_LENGTH and word not in self.known and word not in self.spelt

    def _close(self, word: str, term: str) -> bool:
        # a typo seldom changes the first letter ("análisis" is not "parálisis", "afectada" not "infectada")
        return (
            len(term) >= MIN_LENGTH
            and word[0] == term[0]
            and slips(word, term, allowed_slips(term)) <= allowed_slips(term)
        )

    def _pair_topics(self, first: str, second: str) -> set[str]:
        """Topics of a two-word term both words spell with at most one slip each, not both exact ("nerv
        injery", "durral teer"): two words together are evidence enough, even when one is a common word."""
        if len(first) < 3 or len(second) < 3:
            return set()
        return {
            topic
            for topic, one, two in self.double.get((first[0], second[0]), [])
            if (first, second) != (one, two) and slips(first, one, 1) <= 1 and slips(second, two, 1) <= 1
        }

    def find(self, text: str) -> list[dict[str, Any]]:
        """Entities (start, end, value = topic id) for the misspelt terms of `text`."""
        low = fold_accents(text.lower())
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(low)]
        found: list[tuple[str, int, int]] = []
        n = 0
        while n < len(words):
            word, start, end = words[n]
            if n + 1 < len(words):
                topics = self._pair_topics(word, words[n + 1][0])
                if len(topics) == 1:
                    found.append((topics.pop(), start, words[n + 1][2]))
                    n += 2
                    continue
            if self._unknown(word):
                topics = {topic for topic, term in self.single.get(word[0], []) if self._close(word, term)}
                if len(topics) == 1:
                    found.append((topics.pop(), start, end))
            n += 1
        return [
            {"entity": LABEL, "value": topic, "start": start, "end": end, "extractor": MisspeltTermExtractor.__name__}
            for topic, start, end in found
        ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class MisspeltTermExtractor(GraphComponent, EntityExtractorMixin):
    """Adds a `complication` entity, valued with its topic id, for each misspelt complication term."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, known_words: set[str]) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._terms = MisspeltTerms(known_words)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MisspeltTermExtractor:
        return cls(model_storage, resource, set())

    def train(self, training_data: TrainingData) -> Resource:
        counts = Counter(
            word
            for example in training_data.training_examples
            for word in _WORD.findall(fold_accents((example.get(TEXT) or "").lower()))
        )
        # A word used in two examples or more is a word, not a slip (one writer's typo is used once).
        self._terms = MisspeltTerms({word for word, count in counts.items() if count >= 2})
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / "known_words.json").write_text(json.dumps(sorted(self._terms.known)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MisspeltTermExtractor:
        try:
            with model_storage.read_from(resource) as directory:
                known = set(json.loads((Path(directory) / "known_words.json").read_text(encoding="utf-8")))
        except ValueError:
            known = set()
        return cls(model_storage, resource, known)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = [e for e in message.get(ENTITIES) or [] if not _the_verb_durar(e, message)]
            named = {e.get("value") for e in entities if e.get("entity") == LABEL}
            extra = [e for e in self._terms.find(message.get(TEXT) or "") if e["value"] not in named]
            if extra or len(entities) != len(message.get(ENTITIES) or []):
                message.set(ENTITIES, entities + extra, add_to_output=True)
        return messages


# In Spanish "dura" is mostly the verb ("¿cuánto dura la operación?") or "hard" ("la panza dura"); the
# membrane is "la dura" ("un desgarro de la dura", "la duramadre"). terms.yml's English "dura" must not make a
# question about how long something lasts a question about a dural tear (blind set es16).
_THE_MEMBRANE_BEFORE = re.compile(r"\b(la|the|my|of|in)\s+$")


def _the_verb_durar(entity: dict[str, Any], message: Message) -> bool:
    text = message.get(TEXT) or ""
    start, end = entity.get("start"), entity.get("end")
    if message.get(LANGUAGE) != SPANISH or start is None or end is None or text[start:end].lower() != "dura":
        return False
    return not _THE_MEMBRANE_BEFORE.search(fold_accents(text[:start].lower()))
