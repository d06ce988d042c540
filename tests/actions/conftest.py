"""Helpers to run actions the way the action server does: a rasa_sdk Tracker and a dispatcher."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

CONTACT_SLOTS = {"emergency_number": "999", "clinic_phone": "(555) 123-4567", "clinic_hours": "9 to 5"}


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    focus: str | None = None,
    confidence: float = 0.9,
    ranking: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
        **extra,
    }
    slots = {"topic_in_focus": focus, **CONTACT_SLOTS}
    return Tracker("patient-1", slots, message, [], False, None, {}, "action_listen")


def run_action(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


@pytest.fixture
def tracker_for():
    return make_tracker
