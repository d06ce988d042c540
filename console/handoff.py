"""The staff inbox's reading side: the open handoffs (addons/handoff/store.py) with what staff need to pick
one (how long the patient has waited, why, the channel, an emergency flag) and a conversation's scrubbed
transcript with who said what: the patient, the assistant, or a member of staff.

The emergency flag is derived, not stored: an emergency reply (a reply tagged `emergency`, the triage
rules' doing, sent by the Rasa server at once even while a person has the conversation) since the patient
asked for a person, with the patient's message that triggered it. Read from the event stream like the
transcript, so it is there whether or not the action server was up.
"""

from __future__ import annotations

import time
from typing import Any

from addons.handoff.store import REASONS, TAKEN, WAITING, Handoff, HandoffStore
from console import analytics

# What the patient reads when staff act (console/handoff_pages.py sends them through Rasa).
JOINED = "{name} from the clinic has joined this chat. I'm reading your messages now."
REPLY = "{name} (clinic staff): {text}"
HANDED_BACK = (
    "{name} from the clinic has left this chat. You are back with the automated assistant: "
    "ask me about the risks of spine surgery."
)
CLOSED = "{name} from the clinic has closed this chat with staff."
MAX_REPLY_CHARS = 2000
RECENT_SECONDS = 24 * 3600
# How a closed handoff ended, as the inbox says it; closed by the kiosk (console/kiosk_reset.py) is its own.
ENDINGS = {"handed_back": "handed back", "closed": "closed", "timeout": "timeout"}
KIOSK_STARTED_OVER = "closed: the kiosk started over"
# WhatsApp and Messenger take a business's free-form message only within 24 hours of the patient's last
# message; after it the platform refuses a staff reply although Rasa took it (the page would say "Sent"). Staff
# are told before they write, from the patient's last message in the conversation (Rasa's channel names).
REPLY_WINDOW_PLATFORMS = {"whatsapp": "WhatsApp", "facebook": "Messenger"}
REPLY_WINDOW_SECONDS = 24 * 3600


def ending(handoff: Handoff) -> str:
    if handoff.outcome == "closed" and handoff.closed_by == "kiosk":
        return KIOSK_STARTED_OVER
    return ENDINGS.get(handoff.outcome or "", handoff.outcome or "")


def _emergency(lines: list[dict[str, Any]], since: float) -> dict[str, Any] | None:
    """The first emergency reply at or after `since` and the patient's message just before it."""
    patient: dict[str, Any] | None = None
    for line in lines:
        if line["kind"] == "patient":
            patient = line
        elif (
            line["kind"] == "assistant"
            and line["at"] >= since
            and any(tag.get("topic") == "emergency" for tag in line["tags"])
        ):
            return {"at": line["at"], "message": patient["text"] if patient else "", "reply": line["text"]}
    return None


def lines_of(stream: analytics.EventStream, conversation_id: str) -> list[dict[str, Any]]:
    """The transcript (scrubbed, as the conversations page shows it), staff messages told apart."""
    lines = analytics.transcript(stream, conversation_id)
    for line in lines:
        if line.get("staff"):
            line["kind"] = "staff"
    return lines


def _last_patient_message_at(lines: list[dict[str, Any]]) -> float | None:
    """When the patient last wrote; Rasa's reminders (EXTERNAL_ intents, the pickup timeout) are no message."""
    times = [
        line["at"]
        for line in lines
        if line["kind"] == "patient" and not str(line.get("intent") or "").startswith("EXTERNAL_")
    ]
    return max(times, default=None)


def reply_window(channel: str, lines: list[dict[str, Any]], now: float) -> dict[str, Any] | None:
    """On WhatsApp and Messenger: until when a staff reply can reach the patient, and whether that is past.
    None on other channels, and when the conversation has no message of the patient to count from."""
    platform = REPLY_WINDOW_PLATFORMS.get(channel)
    last = _last_patient_message_at(lines)
    if platform is None or last is None:
        return None
    closes_at = last + REPLY_WINDOW_SECONDS
    return {"platform": platform, "last_patient_at": last, "closes_at": closes_at, "closed": now >= closes_at}


def row(handoff: Handoff, lines: list[dict[str, Any]], now: float) -> dict[str, Any]:
    """One inbox entry (also the JSON the inbox page polls)."""
    flag = _emergency(lines, handoff.requested_at - 600)  # an emergency just before asking counts too
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "channel": handoff.channel,
        "reason": REASONS.get(handoff.reason, handoff.reason),
        "status": handoff.status,
        "requested_at": handoff.requested_at,
        "waited_seconds": round((handoff.taken_at or now) - handoff.requested_at),
        "times_out_in": round(handoff.timeout_at - now) if handoff.status == WAITING else None,
        "taken_by": handoff.taken_by,
        "outcome": handoff.outcome,
        "ended": ending(handoff),
        "closed_at": handoff.closed_at,
        "emergency": flag,
        "last_patient_message": next((line["text"] for line in reversed(lines) if line["kind"] == "patient"), ""),
        "reply_window": reply_window(handoff.channel, lines, now),
    }


def inbox(store: HandoffStore, stream: analytics.EventStream, now: float | None = None) -> dict[str, Any]:
    """Open handoffs (emergencies first, then who has waited longest) and those closed in the last day."""
    now = time.time() if now is None else now
    open_rows = [row(h, lines_of(stream, h.conversation_id), now) for h in store.open_handoffs()]
    open_rows.sort(key=lambda r: (r["emergency"] is None, r["status"] != WAITING, r["requested_at"]))
    closed = [row(h, [], now) for h in store.recently_closed(now - RECENT_SECONDS)]
    return {
        "waiting": [r for r in open_rows if r["status"] == WAITING],
        "taken": [r for r in open_rows if r["status"] == TAKEN],
        "closed": closed,
        "now": now,
    }


def ago(seconds: float) -> str:
    """'26 h 5 min' for people: how long since the patient's last message."""
    hours, rest = divmod(max(0, int(seconds)) // 60, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"


def waited(seconds: int | None) -> str:
    """'1 min 5 s' for people; the exact seconds stay in the JSON."""
    if seconds is None:
        return ""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
