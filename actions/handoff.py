"""A request for a person (intent human_handoff): a member of staff joins the chat, or the clinic's number.

action_request_handoff
  - on a channel where staff replies reach the patient live (LIVE_CHANNELS: the web widget's socket.io and
    the messaging channels, whose output channels send through the platform's API outside a webhook call,
    addons/channels/turn.py) and during the staffed hours of content/staffing.yml: a waiting handoff in the
    store (addons/handoff/store.py), which the staff console's inbox lists, the patient told someone is
    asked to join (on a messaging channel in one SMS, with the most they wait), and a Rasa reminder for the
    pickup timeout (Rasa's own timer: it fires in the Rasa server and comes back here as the intent
    EXTERNAL_handoff_timeout);
  - otherwise (outside hours, a closed date, REST): the clinic's number, as before (utter_handoff).
can_start / offer_payload
  - actions/out_of_scope.py offers a person (a quick reply carrying the reason) when it declines twice in a
    row or the patient says the answers do not help, when a request would reach staff now.
action_handoff_timeout
  - the reminder: if nobody took the handoff, it is closed (outcome "timeout") and the patient gets the
    clinic's number after all; if someone did, nothing is said.
"""

from __future__ import annotations

import json
import logging
import math
from datetime import datetime, timedelta, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ReminderScheduled
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from addons.handoff.schedule import StaffingError, StaffingFile
from addons.handoff.store import REASONS, WAITING, HandoffStore

logger = logging.getLogger(__name__)

# Channels whose replies can be sent after the patient's turn, as staff write them (docs/handoff.md). REST
# answers each request once: nothing can be pushed to it later.
WIDGET_CHANNELS = frozenset({"socketio"})
# The messaging channels (addons/channels/): Rasa's HTTP API sends through their platforms' send APIs.
MESSAGING_CHANNELS = frozenset({"twilio", "whatsapp", "telegram", "slack", "facebook"})
LIVE_CHANNELS = WIDGET_CHANNELS | MESSAGING_CHANNELS
TIMEOUT_INTENT = "EXTERNAL_handoff_timeout"
REMINDER_NAME = "handoff_timeout"
HANDOFF_REASON = "handoff_reason"  # the entity an offer's quick reply carries (domain.yml)
# The reminder may fire a moment before the store's deadline (two clocks read a few ms apart).
TIMEOUT_GRACE_SECONDS = 2.0

try:  # read when the action server starts: a broken file stops it, naming the problem (like content/)
    _staffing = StaffingFile()
except StaffingError as err:
    logger.error("Staffed hours rejected: %s", err)
    raise SystemExit(f"Staffed hours rejected: {err}") from err
_store: HandoffStore | None = None


def staffing() -> StaffingFile:
    return _staffing


def store() -> HandoffStore:
    global _store
    if _store is None:
        _store = HandoffStore()
    return _store


def can_start(tracker: Tracker) -> bool:
    """Would a request for a person now reach staff (a live channel, staffed hours, none open already)?"""
    if (tracker.get_latest_input_channel() or "") not in LIVE_CHANNELS:
        return False
    return staffing().current().is_staffed(datetime.now(timezone.utc)) and store().open_for(tracker.sender_id) is None


def offer_payload(reason: str) -> str:
    """The quick reply that accepts the offer of a person, carrying why it was made (the inbox shows it)."""
    return "/human_handoff" + json.dumps({HANDOFF_REASON: reason})


def _reason(tracker: Tracker) -> str:
    """Why this request: the offer's reason carried by its quick reply, else the patient simply asked."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == HANDOFF_REASON and entity.get("value") in REASONS:
            return str(entity["value"])
    return "asked"


# The handoff replies carry their step (and a wait's seconds left) in the message: the socket.io channel tells
# the page (the `miss_handoff` event), so the kiosk keeps the screen for a patient waiting for a person
# (web/kiosk/idle.js). Other channels ignore them.
def _waiting(seconds_left: float) -> dict[str, Any]:
    """The marks of a waiting reply: the step and how long the wait may still last (the pickup timeout)."""
    return {"handoff_step": "waiting", "wait_seconds": math.ceil(seconds_left)}


class ActionRequestHandoff(Action):
    def name(self) -> str:
        return "action_request_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        channel = tracker.get_latest_input_channel() or ""
        now = datetime.now(timezone.utc)
        schedule = staffing().current()
        if channel not in LIVE_CHANNELS or not schedule.is_staffed(now):
            dispatcher.utter_message(response="utter_handoff")
            return []
        handoff, created = store().request(
            tracker.sender_id, channel, _reason(tracker), schedule.pickup_timeout_seconds, now=now.timestamp()
        )
        if not created:
            # Asked again while waiting (or a race with a take): no second request, no second timer.
            if handoff.status == WAITING:
                left = max(1, math.ceil(handoff.timeout_at - now.timestamp()))
                dispatcher.utter_message(response="utter_handoff_already_waiting", **_waiting(left))
            return []
        logger.info(f"handoff {handoff.id} waiting for staff ({channel})")
        if channel in MESSAGING_CHANNELS:
            # One SMS: a person will reply here, and within how long at most (rounded up to a minute).
            minutes = math.ceil(schedule.pickup_timeout_seconds / 60)
            dispatcher.utter_message(response="utter_handoff_waiting_message", minutes=minutes)
        else:
            dispatcher.utter_message(response="utter_handoff_waiting", **_waiting(schedule.pickup_timeout_seconds))
        return [
            ReminderScheduled(
                TIMEOUT_INTENT,
                trigger_date_time=datetime.fromtimestamp(handoff.timeout_at, timezone.utc),
                name=REMINDER_NAME,
                kill_on_user_message=False,  # the patient typing meanwhile must not cancel the fallback
            )
        ]


class ActionHandoffTimeout(Action):
    def name(self) -> str:
        return "action_handoff_timeout"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        now = datetime.now(timezone.utc) + timedelta(seconds=TIMEOUT_GRACE_SECONDS)
        closed = store().time_out(tracker.sender_id, now=now.timestamp())
        if closed is not None:
            logger.info(f"handoff {closed.id}: nobody took it in time, the patient was given the clinic's number")
            dispatcher.utter_message(response="utter_handoff_timeout", handoff_step="timeout")
        return []
