"""The complications typed with a slip: addons/misspelt_terms.py."""

from __future__ import annotations

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.misspelt_terms import MisspeltTermExtractor, MisspeltTerms, slips


def test_slips_counts_added_dropped_changed_and_swapped_letters():
    assert slips("infecion", "infection", 2) == 1
    assert slips("teer", "tear", 2) == 1
    assert slips("nerev", "nerve", 2) == 1  # two letters swapped: one slip
    assert slips("conversation", "conversion", 1) == 2  # over the limit: limit + 1


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("nerv injery how comon is it", "nerve_injury"),
        ("what is a durral teer and is it bad", "dural_tear"),
        ("infecion risk?", "infection"),
        ("what about a blod clott in my leg", "blood_clots"),
        ("me da miedo la aneztesia", "anesthesia"),
    ],
)
def test_a_complication_typed_with_a_slip_names_its_topic(text, topic):
    assert [e["value"] for e in MisspeltTerms(set()).find(text)] == [topic]


@pytest.mark.parametrize(
    "text",
    [
        "I'm nervous about the nerves",
        "how long will the conversations with the surgeon last?",
        "¿cuánto va a durar la operación?",  # "durar" is not "dural"
        "el análisis de sangre",  # a typo seldom changes the first letter: not "parálisis"
    ],
)
def test_words_that_only_look_like_a_term_name_nothing(text):
    assert MisspeltTerms(set()).find(text) == []


def test_a_word_the_training_data_uses_is_a_word_not_a_slip():
    assert MisspeltTerms(set()).find("infecion") and not MisspeltTerms({"infecion"}).find("infecion")


def test_the_extractor_learns_the_known_words_and_adds_only_what_spacy_did_not_name(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("misspelt")
    extractor = MisspeltTermExtractor(storage, resource, set())
    examples = [
        Message(data={TEXT: text, "intent": "ask_infection"}) for text in ("my infecion risk", "infecion after it?")
    ]
    extractor.train(TrainingData(examples))
    loaded = MisspeltTermExtractor.load({}, storage, resource, None)  # type: ignore[arg-type]
    message = Message(data={TEXT: "infecion or a blod clott?", ENTITIES: []})
    loaded.process([message])
    # "infecion" was used twice in training: a word of its own now; the clot is still read
    assert [e["value"] for e in message.get(ENTITIES)] == ["blood_clots"]
    named = Message(data={TEXT: "a blod clott", ENTITIES: [{"entity": "complication", "value": "blood_clots"}]})
    loaded.process([named])
    assert len(named.get(ENTITIES)) == 1


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("¿cuánto dura la operación?", False),
        ("tengo la panza dura", False),
        ("¿qué pasa si se rompe la dura?", True),
        ("what is the dura", True),
    ],
)
def test_the_spanish_verb_dura_is_not_the_membrane(tmp_path, text, kept):
    from addons.input_guard import LANGUAGE

    start = text.lower().index("dura")
    entity = {"entity": "complication", "value": "dural_tear", "start": start, "end": start + 4}
    language = "en" if text.startswith("what") else "es"
    message = Message(data={TEXT: text, ENTITIES: [entity], LANGUAGE: language})
    MisspeltTermExtractor(LocalModelStorage(tmp_path), Resource("m"), set()).process([message])
    assert (entity in message.get(ENTITIES)) == kept
