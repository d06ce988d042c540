"""The intent classifier: learns from the examples, survives a save and a load unchanged, and stores
nothing that needs unpickling."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.linear_intent_classifier import LinearIntentClassifier

EXAMPLES: dict[str, list[str]] = {
    "ask_infection": [
        "could the wound get infected",
        "infection risk after the op",
        "will the cut go septic",
        "chance of an infected incision",
        "do people get infections from this",
    ],
    "ask_blood_clots": [
        "could I get a clot in my leg",
        "risk of dvt",
        "blood clot after surgery",
        "can a clot go to my lungs",
        "thrombosis risk with this operation",
    ],
    "out_of_scope": [
        "what's the weather tomorrow",
        "tell me a joke",
        "how much does parking cost",
        "recipe for banana bread",
        "who won the match last night",
    ],
}


def _training_data() -> TrainingData:
    return TrainingData([Message({TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts])


@pytest.fixture()
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def _trained(storage: LocalModelStorage, resource: Resource) -> LinearIntentClassifier:
    classifier = LinearIntentClassifier.create({"char_min_df": 1}, storage, resource, _context())
    classifier.train(_training_data())
    return classifier


def _classify(classifier: LinearIntentClassifier, text: str) -> Message:
    message = Message({TEXT: text})
    classifier.process([message])
    return message


def test_unseen_wordings_get_the_intent_they_ask_about(storage: LocalModelStorage) -> None:
    classifier = _trained(storage, Resource("linear"))
    assert _classify(classifier, "is a wound infection likely").get(INTENT)["name"] == "ask_infection"
    assert _classify(classifier, "clots in the legs?").get(INTENT)["name"] == "ask_blood_clots"
    assert _classify(classifier, "tell me the weather").get(INTENT)["name"] == "out_of_scope"


def test_the_ranking_is_a_probability_distribution_best_first(storage: LocalModelStorage) -> None:
    ranking = _classify(_trained(storage, Resource("linear")), "infected wound").get(INTENT_RANKING_KEY)
    confidences = [entry["confidence"] for entry in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)
    assert {entry["name"] for entry in ranking} == set(EXAMPLES)


def test_a_loaded_model_answers_exactly_as_the_trained_one(storage: LocalModelStorage) -> None:
    resource = Resource("linear")
    trained = _trained(storage, resource)
    loaded = LinearIntentClassifier.load({"char_min_df": 1}, storage, resource, _context())
    for text in ["infection?", "my leg clot", "joke please", "how likely is a dvt after the op"]:
        expected = _classify(trained, text).get(INTENT_RANKING_KEY)
        got = _classify(loaded, text).get(INTENT_RANKING_KEY)
        assert [e["name"] for e in got] == [e["name"] for e in expected]
        assert [e["confidence"] for e in got] == pytest.approx([e["confidence"] for e in expected])


def test_the_weights_are_kept_in_single_precision_and_read_as_in_double(storage: LocalModelStorage) -> None:
    """Half the server's memory for the largest array, with the same readings as double precision."""
    resource = Resource("linear")
    trained = _trained(storage, resource)
    with storage.read_from(resource) as directory:
        weights = np.load(Path(directory) / "weights.npy", allow_pickle=False)
    assert weights.dtype == np.float32
    loaded = LinearIntentClassifier.load({"char_min_df": 1}, storage, resource, _context())
    texts = ["infection?", "my leg clot", "joke please", "how likely is a dvt after the op"]
    features = loaded._features(texts)  # float64, as the vectorizers give them
    scores = np.asarray(features @ weights.astype(np.float64).T) + loaded._bias
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    assert loaded.probabilities(texts) == pytest.approx(expected, abs=1e-5)
    assert trained.probabilities(texts) == pytest.approx(expected, abs=1e-5)


def test_the_stored_model_is_plain_arrays_and_json(storage: LocalModelStorage) -> None:
    resource = Resource("linear")
    _trained(storage, resource)
    with storage.read_from(resource) as directory:
        for path in Path(directory).glob("*.npy"):
            assert np.load(path, allow_pickle=False).dtype != object
        assert {p.suffix for p in Path(directory).iterdir()} == {".npy", ".json"}


def test_an_untrained_classifier_leaves_messages_alone(storage: LocalModelStorage) -> None:
    classifier = LinearIntentClassifier.create({}, storage, Resource("empty"), _context())
    message = _classify(classifier, "anything")
    assert message.get(INTENT) is None


def test_each_question_of_a_two_question_message_is_read_on_its_own(storage: LocalModelStorage) -> None:
    message = _classify(_trained(storage, Resource("linear")), "could the wound get infected and is a dvt likely?")
    parts = message.get("question_parts")
    assert [p["text"] for p in parts] == ["could the wound get infected", "is a dvt likely"]
    assert [p["intent"] for p in parts] == ["ask_infection", "ask_blood_clots"]


def test_a_one_question_message_has_no_parts(storage: LocalModelStorage) -> None:
    assert _classify(_trained(storage, Resource("linear")), "is infection likely?").get("question_parts") == []


def test_the_last_question_after_something_else_is_read_on_its_own(storage: LocalModelStorage) -> None:
    message = _classify(_trained(storage, Resource("linear")), "tell me a joke first. could the wound get infected?")
    asked = message.get("asking_part")
    assert asked["text"] == "could the wound get infected?" and asked["intent"] == "ask_infection"
    assert _classify(_trained(storage, Resource("linear")), "could the wound get infected?").get("asking_part") is None


def test_accented_and_unaccented_spanish_read_the_same_after_a_load(storage: LocalModelStorage):
    resource = Resource("accents")
    _trained(storage, resource)
    loaded = LinearIntentClassifier.load({"char_min_df": 1}, storage, resource, _context())
    accented, plain = loaded.probabilities(["infección después de la cirugía", "infeccion despues de la cirugia"])
    assert np.allclose(accented, plain)


def test_spanish_written_as_it_sounds_reads_as_the_spelling_learned(storage: LocalModelStorage):
    resource = Resource("sounds")
    classifier = _trained(storage, resource)
    classifier.train(
        TrainingData(
            [
                *_training_data().training_examples,
                Message({TEXT: "infeccion de la herida", INTENT: "ask_infection"}),
                Message({TEXT: "la herida con infeccion", INTENT: "ask_infection"}),
            ]
        )
    )
    typed, spelled = classifier.probabilities(["la infecsion de la erida", "la infeccion de la herida"])
    assert np.allclose(typed, spelled)


def test_the_subject_of_a_what_about_follow_up_is_read_on_its_own(storage: LocalModelStorage) -> None:
    classifier = _trained(storage, Resource("linear"))
    asked = _classify(classifier, "and what about a dvt?").get("what_about")
    assert asked["text"] == "a dvt?" and asked["intent"] == "ask_blood_clots"
    assert _classify(classifier, "is a dvt likely?").get("what_about") is None
