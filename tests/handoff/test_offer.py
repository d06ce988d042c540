"""The offer of a person after declining twice in a row or a complaint, and the reason the request carries.
rasa_sdk trackers and dispatcher as the action server runs them; a real store and staffed-hours file."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff
from actions.handoff import ActionHandoffTimeout, ActionRequestHandoff
from actions.out_of_scope import ActionOutOfScope, handoff_trigger
from addons.handoff.schedule import StaffingFile
from addons.handoff.store import HandoffStore

WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ASK = "can I talk to a real person?"
WAITING_MESSAGE = "utter_handoff_waiting_message"
DECLINED = {"event": "bot", "text": "Sorry, I can't answer that here.", "data": {"custom": {"topic": "out_of_scope"}}}
ANSWERED = {"event": "bot", "text": "An infection...", "data": {"custom": {"topic": "infection", "source": "x"}}}


def user(text: str, channel: str = "socketio") -> dict[str, Any]:
    return {"event": "user", "text": text, "input_channel": channel}


@pytest.fixture
def staffed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HandoffStore:
    hours = {day: [{"from": "00:00", "to": "24:00"}] for day in WEEK}
    path = tmp_path / "staffing.yml"
    path.write_text(yaml.safe_dump({"timezone": "UTC", "pickup_timeout_seconds": 60, "hours": hours}))
    store = HandoffStore(tmp_path / "handoff.sqlite")
    monkeypatch.setattr(handoff, "_staffing", StaffingFile(path))
    monkeypatch.setattr(handoff, "_store", store)
    return store


def tracker(text: str, intent: str, events: list[dict[str, Any]], entities: list | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    message["intent_ranking"] = [message["intent"]]
    slots = {"topic_in_focus": None, "emergency_number": "911", "clinic_phone": "1", "clinic_hours": "9-5"}
    return Tracker("patient-1", slots, message, events, False, None, {}, "action_listen")


def run(action: Any, tracker_: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def test_the_triggers():
    assert handoff_trigger([user("weather?"), DECLINED, user("football?")], "football?") == "declined_twice"
    assert handoff_trigger([user("infection?"), ANSWERED, user("football?")], "football?") is None
    assert handoff_trigger([user("football?")], "football?") is None  # the first decline: no offer yet
    assert handoff_trigger(
        [user("infection?"), ANSWERED, user("that's not what I asked")], "that's not what I asked"
    ) == ("not_helped")


def test_a_second_decline_in_staffed_hours_offers_a_person_with_the_reason(staffed: HandoffStore):
    events = [user("what's the weather?"), DECLINED, user("who won the game?")]
    messages, _ = run(ActionOutOfScope(), tracker("who won the game?", "out_of_scope", events))
    assert [m["response"] for m in messages] == ["utter_out_of_scope", "utter_handoff_offer"]
    assert "/human_handoff" not in [b["payload"] for b in messages[0]["buttons"]]  # offered once, on its own
    payload = messages[1]["buttons"][0]["payload"]
    assert payload == "/human_handoff" + json.dumps({"handoff_reason": "declined_twice"})


def test_no_offer_outside_hours_on_rest_or_with_one_open(staffed: HandoffStore, tmp_path: Path, monkeypatch):
    events = [user("what's the weather?"), DECLINED, user("who won the game?")]
    rest = [user("what's the weather?", "rest"), DECLINED, user("who won the game?", "rest")]
    messages, _ = run(ActionOutOfScope(), tracker("who won the game?", "out_of_scope", rest))
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]
    assert "/human_handoff" in [b["payload"] for b in messages[0]["buttons"]]  # today's button, the number
    staffed.request("patient-1", "socketio", "asked", 60)
    messages, _ = run(ActionOutOfScope(), tracker("who won the game?", "out_of_scope", events))
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]
    closed = tmp_path / "closed.yml"
    closed.write_text(yaml.safe_dump({"timezone": "UTC", "pickup_timeout_seconds": 60, "hours": {}}))
    monkeypatch.setattr(handoff, "_staffing", StaffingFile(closed))
    staffed.close(staffed.open_for("patient-1").id, "eve")
    messages, _ = run(ActionOutOfScope(), tracker("who won the game?", "out_of_scope", events))
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]


def test_accepting_the_offer_records_its_reason_and_a_plain_request_is_asked(staffed: HandoffStore):
    entities = [{"entity": "handoff_reason", "value": "not_helped"}]
    messages, events = run(ActionRequestHandoff(), tracker("/human_handoff", "human_handoff", [user("x")], entities))
    assert [m["response"] for m in messages] == ["utter_handoff_waiting"]
    assert events[0]["event"] == "reminder" and events[0]["intent"] == "EXTERNAL_handoff_timeout"
    assert staffed.open_for("patient-1").reason == "not_helped"
    staffed.close(staffed.open_for("patient-1").id, "eve")
    forged = [{"entity": "handoff_reason", "value": "vip"}]  # a made-up reason from a typed payload
    run(ActionRequestHandoff(), tracker("/human_handoff", "human_handoff", [user("x")], forged))
    assert staffed.open_for("patient-1").reason == "asked"


@pytest.mark.parametrize("channel", ["twilio", "whatsapp", "telegram", "slack", "facebook"])
def test_on_a_messaging_channel_the_wait_is_one_sms_with_the_most_it_takes(staffed: HandoffStore, channel: str):
    messages, events = run(ActionRequestHandoff(), tracker(ASK, "human_handoff", [user(ASK, channel)]))
    assert [(m["response"], m.get("minutes")) for m in messages] == [("utter_handoff_waiting_message", 1)]  # 60 s
    assert events[0]["event"] == "reminder"
    assert staffed.open_for("patient-1").channel == channel


def test_rest_still_gets_the_clinics_number(staffed: HandoffStore):
    messages, events = run(ActionRequestHandoff(), tracker(ASK, "human_handoff", [user(ASK, "rest")]))
    assert [m["response"] for m in messages] == ["utter_handoff"] and events == []
    assert staffed.open_for("patient-1") is None


def _waiting_message(language: str) -> str:
    root = Path(__file__).resolve().parents[2]
    if language == "es":
        return str(yaml.safe_load((root / "content/es/replies.yml").read_text())["responses"][WAITING_MESSAGE]["text"])
    return str(yaml.safe_load((root / "domain.yml").read_text())["responses"][WAITING_MESSAGE][0]["text"])


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_messaging_waiting_text_fits_one_sms(language: str):
    text = " ".join(_waiting_message(language).split())
    # The longest a pickup timeout (3600 s: 60 min) and an emergency number could make it.
    assert len(re.sub(r"\{\w+\}", "9999", text)) <= 160


def test_the_waiting_and_timeout_replies_carry_their_step_for_the_page(staffed: HandoffStore):
    """The socket.io channel tells the page (the kiosk keeps its screen while a person is awaited)."""
    messages, _ = run(ActionRequestHandoff(), tracker(ASK, "human_handoff", [user(ASK)]))
    assert [(m["response"], m["handoff_step"], m["wait_seconds"]) for m in messages] == [
        ("utter_handoff_waiting", "waiting", 60)
    ]
    handoff_id = staffed.open_for("patient-1").id
    with sqlite3.connect(staffed.location) as db:  # 20 s of the 60 have gone by
        db.execute("UPDATE handoffs SET timeout_at = timeout_at - 20 WHERE id = ?", (handoff_id,))
    messages, _ = run(ActionRequestHandoff(), tracker(ASK, "human_handoff", [user(ASK)]))
    assert [(m["response"], m["handoff_step"]) for m in messages] == [("utter_handoff_already_waiting", "waiting")]
    assert 38 <= messages[0]["wait_seconds"] <= 40
    with sqlite3.connect(staffed.location) as db:
        db.execute("UPDATE handoffs SET timeout_at = 0 WHERE id = ?", (handoff_id,))
    messages, _ = run(ActionHandoffTimeout(), tracker("", "EXTERNAL_handoff_timeout", [user(ASK)]))
    assert [(m["response"], m["handoff_step"]) for m in messages] == [("utter_handoff_timeout", "timeout")]
