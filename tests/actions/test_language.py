"""The action server answers in the conversation's language (actions/language.py), with a real Tracker."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.answering import ActionAnswerQuestion
from actions.knowledge import SECTIONS
from actions.language import SPANISH_CONTENT, reply_language
from actions.symptom_report import ActionSymptomReport
from tests.actions.conftest import make_tracker, run_action

ANSWER = ActionAnswerQuestion()


def with_slot(tracker: Tracker, language: str) -> Tracker:
    tracker.slots["language"] = language
    return tracker


def test_a_spanish_conversation_gets_the_spanish_answer_with_the_english_contract():
    tracker = with_slot(make_tracker("¿se me puede infectar la herida?", "ask_infection"), "es")
    messages, events = run_action(ANSWER, tracker)
    assert messages[0]["text"].startswith(SPANISH_CONTENT.topics["infection"].summary.text[:40])
    assert {"topic": "infection", "source": SECTIONS["infection"]} in [m.get("custom") for m in messages]
    assert all(
        b["title"] in {f.label for f in SPANISH_CONTENT.topics["infection"].follow_ups} for b in messages[0]["buttons"]
    )
    assert not [e for e in events if e.get("name") == "language"]  # the slot is already set


def test_a_first_message_read_as_spanish_answers_in_spanish_and_keeps_it():
    messages, events = run_action(ANSWER, make_tracker("Infección", "ask_infection", language="es"))
    assert messages[0]["text"] == SPANISH_CONTENT.topics["infection"].summary.text
    assert {"event": "slot", "name": "language", "value": "es"}.items() <= next(
        e for e in events if e.get("name") == "language"
    ).items()


def test_an_english_reading_in_a_spanish_conversation_that_is_not_clear_keeps_spanish():
    tracker = with_slot(make_tracker("ok", "affirm", language="en"), "es")
    assert reply_language(tracker) == "es"


def test_english_is_the_default():
    assert reply_language(make_tracker("what is a dural tear", "ask_dural_tear")) == "en"


def test_a_spanish_symptom_report_uses_the_spanish_texts_and_buttons():
    tracker = with_slot(make_tracker("me duele un poco la herida", "report_symptom"), "es")
    messages, _ = run_action(ActionSymptomReport(), tracker)
    assert messages[0]["text"].startswith(SPANISH_CONTENT.gaps["symptom_report"][:30])
    assert "Hablar con una persona" in [b["title"] for b in messages[0]["buttons"]]


def test_spanish_replies_give_the_office_hours_in_spanish_and_english_ones_in_english():
    spanish = with_slot(make_tracker("me duele un poco la herida", "report_symptom"), "es")
    spanish.slots["clinic_hours_es"] = "de 9 a 5"
    english = make_tracker("my wound is a little sore", "report_symptom")
    english.slots["clinic_hours_es"] = "de 9 a 5"
    assert "de 9 a 5" in run_action(ActionSymptomReport(), spanish)[0][0]["text"]
    assert "(9 to 5)" not in run_action(ActionSymptomReport(), spanish)[0][0]["text"]
    assert "9 to 5" in run_action(ActionSymptomReport(), english)[0][0]["text"]
