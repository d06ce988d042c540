"""The last NLU step: triage overrules the classifier; Spanish emergencies are marked; "help is coming"
is not mistaken for asking to wait."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.emergency_classifier import EmergencyClassifier
from addons.input_guard import InputGuard
from addons.triage import TriageRules

CLASSIFIER = EmergencyClassifier(
    {"classifier_only_threshold": 0.5, "other_question_threshold": 0.6}, TriageRules.from_file()
)


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


def route_with_parts(text: str, parts: list[tuple[str, str, float]]) -> Message:
    message = Message({TEXT: text})
    InputGuard().process([message])
    message.set(INTENT, {"name": "ask_recovery", "confidence": 0.5})
    message.set(INTENT_RANKING_KEY, [{"name": "ask_recovery", "confidence": 0.5}])
    message.set("question_parts", [{"text": t, "intent": i, "confidence": c} for t, i, c in parts])
    CLASSIFIER.process([message])
    return message


def other_questions(message: Message) -> list[str]:
    return [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "other_question"]


def test_an_ordinary_question_beside_an_emergency_is_marked_for_an_answer_after_it():
    message = route_with_parts(
        "my calf is swollen and really painful since this morning. Also, how long is recovery usually?",
        [
            ("my calf is swollen and really painful since this morning", "report_emergency", 0.9),
            ("how long is recovery usually", "ask_recovery", 0.8),
        ],
    )
    assert message.get(INTENT)["name"] == "report_emergency"
    assert other_questions(message) == ["ask_recovery"]


@pytest.mark.parametrize(
    "parts",
    [
        # about the symptoms themselves: no answer that could read as a judgement of them
        [
            ("my calf is swollen and painful since this morning", "report_emergency", 0.9),
            ("is that a blood clot", "ask_blood_clots", 0.9),
        ],
        # a follow-up intent, or a reading that is not sure enough
        [
            ("my calf is swollen and painful since this morning", "report_emergency", 0.9),
            ("how common is a clot", "ask_likelihood", 0.9),
        ],
        [
            ("my calf is swollen and painful since this morning", "report_emergency", 0.9),
            ("what about recovery", "ask_recovery", 0.4),
        ],
    ],
)
def test_no_answer_beside_an_emergency_for_questions_about_the_symptoms_or_unsure_readings(parts):
    message = route_with_parts(". ".join(t for t, _, _ in parts) + "?", parts)
    assert message.get(INTENT)["name"] == "report_emergency"
    assert other_questions(message) == []
