"""The last NLU step: triage overrules the classifier; Spanish emergencies are marked; "help is coming"
is not mistaken for asking to wait."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.emergency_classifier import EmergencyClassifier
from addons.input_guard import InputGuard
from addons.triage import TriageRules

CLASSIFIER = EmergencyClassifier({"classifier_only_threshold": 0.5}, TriageRules.from_file())


def route(text: str, ranking: list[tuple]) -> Message:
    message = Message({TEXT: text})
    InputGuard().process([message])
    intents = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set(INTENT, intents[0])
    message.set(INTENT_RANKING_KEY, intents)
    CLASSIFIER.process([message])
    return message


def test_a_red_flag_overrules_the_classifier():
    message = route("my calf is swollen and painful since this morning", [("ask_blood_clots", 0.9)])
    assert message.get(INTENT)["name"] == "report_emergency"


def test_a_spanish_red_flag_is_marked_for_the_spanish_reply():
    message = route("mi papá no puede mover las piernas desde esta mañana", [("out_of_scope", 0.9)])
    assert message.get(INTENT)["name"] == "report_emergency"
    assert {"entity": "language", "value": "es"}.items() <= message.get(ENTITIES)[-1].items()


def test_help_on_its_way_read_as_asking_to_wait_is_corrected():
    message = route("ok the ambulance is on its way", [("emergency_wait", 0.53), ("emergency_help_coming", 0.4)])
    assert message.get(INTENT)["name"] == "emergency_help_coming"


def test_asking_to_wait_stays_asking_to_wait():
    message = route("can I just wait until the morning?", [("emergency_wait", 0.6), ("emergency_help_coming", 0.3)])
    assert message.get(INTENT)["name"] == "emergency_wait"


@pytest.mark.parametrize(
    "text",
    [
        "I feel ok now, I think I just stood up too fast. Fine to skip the ER?",
        "honestly I'd rather just deal with it at home",
        "hmm ok",
    ],
)
def test_help_on_its_way_read_where_the_patient_puts_off_the_care_gets_the_advice_again(text):
    message = route(text, [("emergency_help_coming", 0.7), ("emergency_wait", 0.2)])
    assert message.get(INTENT)["name"] == "emergency_wait"


@pytest.mark.parametrize(
    "text",
    ["ok I rang them, the ambulance is on its way", "my son is driving me to A&E now", "medics here thx"],
)
def test_help_on_its_way_stays_help_on_its_way(text):
    message = route(text, [("emergency_help_coming", 0.7), ("emergency_wait", 0.2)])
    assert message.get(INTENT)["name"] == "emergency_help_coming"
