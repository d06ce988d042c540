"""The dashboard's figures and the conversations, from the event stream Rasa writes through its SQL event
broker (addons/event_broker.py: every event already scrubbed like the tracker store's).

The stream (console/event_stream.py: SQLite, or PostgreSQL scaled out, where every replica writes to
the one broker database, so the figures count them all) is read, never written. New events are folded
into the console's `turns` table (store.py), one row per patient message with what the dashboard counts
and no text; the figures are SQL over that table. Only a conversation's page reads text, straight from the stream.

What counts as what (docs/console.md says it for staff):
  message         a user event (a patient's message, or a quick reply they tapped)
  conversation    a sender id with at least one message that day (or in the range)
  channel         the message's input channel (rest, socketio, twilio, telegram, slack, facebook...)
  topic           the first content topic a reply to the message was tagged with ({"topic", "source"})
  out of scope    a reply tagged out_of_scope to a message the assistant understood as out of scope
  unsure          the assistant was not sure what was asked (nlu_fallback, or Rasa's core fallback); it
                  declined too, but is counted here and not as out of scope
  emergency       a reply tagged emergency (the emergency advice, in English or Spanish, or repeated)
  person asked    the patient asked for a person (human_handoff) and was given the clinic's number
  answer latency  from the user event (written once the message is understood) to the first reply
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.event_stream import EventStream
from console.store import Store

__all__ = ["DateRange", "EventStream", "RangeError", "dashboard", "ingest", "transcript"]

NOT_CONTENT_TOPICS = {"emergency", "out_of_scope"}


_INGEST_LOCK = threading.Lock()


def ingest(store: Store, stream: EventStream) -> int:
    """Fold the events written since the last call into `turns`; returns how many events were read. The
    position moves in the same transaction as the rows, so a crash never counts an event twice."""
    total = 0
    with _INGEST_LOCK:
        while True:
            with store.connect() as db:
                row = db.execute("SELECT last_event_id FROM ingest_state WHERE source = 'events'").fetchone()
                last = row[0] if row else 0
                batch = stream.after(last)
                if not batch:
                    return total
                for event_id, sender_id, event in batch:
                    _apply(db, event_id, sender_id or str(event.get("sender_id") or ""), event)
                db.execute(
                    "INSERT OR REPLACE INTO ingest_state (source, last_event_id) VALUES ('events', ?)", (batch[-1][0],)
                )
            total += len(batch)


def _apply(db: sqlite3.Connection, event_id: int, sender_id: str, event: Mapping[str, Any]) -> None:
    kind = event.get("event")
    if kind == "user":
        intent = (event.get("parse_data") or {}).get("intent") or {}
        name = str(intent.get("name") or "")
        if name.startswith("EXTERNAL_"):  # Rasa's reminders (the handoff's pickup timeout): no patient wrote it
            return
        db.execute(
            "INSERT OR IGNORE INTO turns (event_id, sender_id, at, channel, intent, confidence, unsure, handoff) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event_id,
                sender_id,
                float(event.get("timestamp") or 0),
                str(event.get("input_channel") or "unknown"),
                name,
                intent.get("confidence"),
                int(name == "nlu_fallback"),
                int(name == "human_handoff"),
            ),
        )
        return
    if kind not in ("bot", "action"):
        return
    turn = db.execute(
        "SELECT id FROM turns WHERE sender_id = ? ORDER BY id DESC LIMIT 1", (sender_id,)
    ).fetchone()  # the patient message this reply or action answers
    if turn is None:
        return
    if kind == "action":
        action = event.get("name")
        if action == "action_default_fallback":
            db.execute("UPDATE turns SET unsure = 1 WHERE id = ?", (turn[0],))
        elif action == "utter_handoff":
            db.execute("UPDATE turns SET handoff = 1 WHERE id = ?", (turn[0],))
        return
    if (event.get("metadata") or {}).get("staff"):  # a member of staff wrote it (live handoff): not the assistant's
        return
    db.execute("UPDATE turns SET replied_at = ? WHERE id = ? AND replied_at IS NULL", (event.get("timestamp"), turn[0]))
    custom = (event.get("data") or {}).get("custom")
    topic = custom.get("topic") if isinstance(custom, dict) else None
    if topic == "emergency":
        db.execute("UPDATE turns SET emergency = 1 WHERE id = ?", (turn[0],))
    elif topic == "out_of_scope":
        db.execute("UPDATE turns SET out_of_scope = 1 WHERE id = ?", (turn[0],))
    elif isinstance(topic, str) and topic:
        db.execute("UPDATE turns SET topic = ? WHERE id = ? AND topic IS NULL", (topic, turn[0]))


# --- date ranges ---------------------------------------------------------------------------------------
MAX_RANGE_DAYS = 366


class RangeError(ValueError):
    pass


@dataclass(frozen=True)
class DateRange:
    """Whole days in the server's local time zone, both ends included."""

    first: dt.date
    last: dt.date

    @classmethod
    def parse(cls, first: str | None, last: str | None, today: dt.date | None = None) -> DateRange:
        today = today or dt.date.today()
        try:
            end = dt.date.fromisoformat(last) if last else today
            start = dt.date.fromisoformat(first) if first else end - dt.timedelta(days=6)
        except ValueError:
            raise RangeError("Dates are written YYYY-MM-DD.") from None
        if start > end:
            raise RangeError("The first day must not be after the last.")
        if (end - start).days >= MAX_RANGE_DAYS:
            raise RangeError(f"A range is at most {MAX_RANGE_DAYS} days.")
        return cls(start, end)

    @property
    def since(self) -> float:
        return dt.datetime.combine(self.first, dt.time()).timestamp()

    @property
    def until(self) -> float:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time()).timestamp()

    def days(self) -> list[str]:
        return [(self.first + dt.timedelta(days=n)).isoformat() for n in range((self.last - self.first).days + 1)]


# --- the dashboard -------------------------------------------------------------------------------------
def _percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return round(ordered[index], 1)


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


DAY = "date(at, 'unixepoch', 'localtime')"


def dashboard(store: Store, span: DateRange) -> dict[str, Any]:
    """Every figure of the dashboard for the range, as plain data (the page and /console/api/dashboard)."""
    window = (span.since, span.until)
    days = span.days()
    with store.connect() as db:
        per_day_channel = db.execute(
            f"SELECT {DAY} AS day, channel, count(*) AS messages FROM turns WHERE at >= ? AND at < ? "
            "GROUP BY day, channel",
            window,
        ).fetchall()
        conversations_per_day = db.execute(
            f"SELECT {DAY} AS day, count(DISTINCT sender_id) FROM turns WHERE at >= ? AND at < ? GROUP BY day",
            window,
        ).fetchall()
        conversations_per_channel = db.execute(
            "SELECT channel, count(DISTINCT sender_id) FROM turns WHERE at >= ? AND at < ? GROUP BY channel",
            window,
        ).fetchall()
        topics = db.execute(
            "SELECT topic, count(*) FROM turns WHERE at >= ? AND at < ? AND topic IS NOT NULL "
            "GROUP BY topic ORDER BY count(*) DESC, topic",
            window,
        ).fetchall()
        totals = db.execute(
            "SELECT count(*), count(DISTINCT sender_id), sum(out_of_scope AND NOT unsure), sum(unsure), "
            "sum(emergency), count(DISTINCT CASE WHEN emergency THEN sender_id END), sum(handoff) "
            "FROM turns WHERE at >= ? AND at < ?",
            window,
        ).fetchone()
        latencies = db.execute(
            f"SELECT {DAY} AS day, (replied_at - at) * 1000.0 FROM turns "
            "WHERE at >= ? AND at < ? AND replied_at IS NOT NULL ORDER BY 2",
            window,
        ).fetchall()
    channels = sorted({row["channel"] for row in per_day_channel})
    messages_by_day: dict[str, dict[str, int]] = {day: dict.fromkeys(channels, 0) for day in days}
    for row in per_day_channel:
        messages_by_day[row["day"]][row["channel"]] = row["messages"]
    conversations_by_day = dict.fromkeys(days, 0) | dict(conversations_per_day)
    latency_by_day: dict[str, list[float]] = defaultdict(list)
    for day, ms in latencies:
        latency_by_day[day].append(max(0.0, ms))
    all_latencies = sorted(ms for values in latency_by_day.values() for ms in values)
    messages, conversations, out_of_scope, unsure, emergencies, emergency_conversations, handoffs = (
        value or 0 for value in totals
    )
    return {
        "range": {"first": span.first.isoformat(), "last": span.last.isoformat()},
        "days": days,
        "channels": channels,
        "totals": {
            "messages": messages,
            "conversations": conversations,
            "out_of_scope": out_of_scope,
            "out_of_scope_rate": _rate(out_of_scope, messages),
            "unsure": unsure,
            "unsure_rate": _rate(unsure, messages),
            "emergencies": emergencies,
            "emergency_conversations": emergency_conversations,
            "handoffs": handoffs,
            "latency_p50_ms": _percentile(all_latencies, 0.5),
            "latency_p95_ms": _percentile(all_latencies, 0.95),
        },
        "messages_per_day": [
            {"day": day, "total": sum(by_channel.values()), "by_channel": by_channel}
            for day, by_channel in messages_by_day.items()
        ],
        "conversations_per_day": [{"day": day, "conversations": conversations_by_day[day]} for day in days],
        "conversations_per_channel": dict(conversations_per_channel),
        "topics": [{"topic": topic, "questions": n} for topic, n in topics],
        "latency_per_day": [
            {
                "day": day,
                "p50_ms": _percentile(sorted(latency_by_day.get(day, [])), 0.5),
                "p95_ms": _percentile(sorted(latency_by_day.get(day, [])), 0.95),
            }
            for day in days
        ],
    }


def conversations(store: Store, span: DateRange, limit: int = 200) -> list[dict[str, Any]]:
    """The conversations with a message in the range, latest first (no patient text: ids and counts)."""
    with store.connect() as db:
        rows = db.execute(
            "SELECT sender_id, min(at) AS first_at, max(at) AS last_at, count(*) AS messages, "
            "(SELECT channel FROM turns f WHERE f.sender_id = t.sender_id ORDER BY f.id LIMIT 1) AS channel, "
            "sum(emergency) AS emergencies, sum(out_of_scope AND NOT unsure) AS out_of_scope, "
            "sum(unsure) AS unsure, sum(handoff) AS handoffs "
            "FROM turns t WHERE at >= ? AND at < ? GROUP BY sender_id ORDER BY last_at DESC LIMIT ?",
            (span.since, span.until, limit),
        ).fetchall()
    return [dict(row) for row in rows]


def transcript(stream: EventStream, sender_id: str) -> list[dict[str, Any]]:
    """A conversation as staff read it: the patient's (scrubbed) messages and the replies, in order."""
    return transcript_of(stream.conversation(sender_id))


def transcript_of(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa events (the stream's or the tracker store's) as the lines of a transcript."""
    lines: list[dict[str, Any]] = []
    for event in events:
        kind, at = event.get("event"), float(event.get("timestamp") or 0)
        if kind == "session_started":
            lines.append({"kind": "session", "at": at})
        elif kind == "user":
            intent = (event.get("parse_data") or {}).get("intent") or {}
            lines.append(
                {
                    "kind": "patient",
                    "at": at,
                    "text": event.get("text") or "",
                    "channel": event.get("input_channel") or "",
                    "intent": intent.get("name") or "",
                    "confidence": intent.get("confidence"),
                }
            )
        elif kind == "bot":
            data = event.get("data") or {}
            custom = data.get("custom") if isinstance(data.get("custom"), dict) else None
            if custom is not None and not event.get("text"):  # the {"topic", "source"} tag of the reply before
                if lines and lines[-1]["kind"] == "assistant":
                    lines[-1]["tags"].append(custom)
                continue
            staff = (event.get("metadata") or {}).get("staff")  # a member of staff wrote it (live handoff)
            lines.append(
                {
                    "kind": "assistant",
                    "at": at,
                    "text": event.get("text") or "",
                    "buttons": [str(b.get("title", "")) for b in data.get("buttons") or [] if isinstance(b, dict)],
                    "tags": [custom] if custom else [],
                    "staff": str(staff) if staff else None,
                }
            )
    return lines


def purge_turns(store: Store, retention_days: float, now: float) -> int:
    """Per-message rows older than the conversations' retention go with them (`make purge`)."""
    with store.connect() as db:
        gone = int(db.execute("DELETE FROM turns WHERE at < ?", (now - retention_days * 86_400,)).rowcount)
        # The review queue's rows of those messages go with them (its labels' audit entries stay).
        db.execute("DELETE FROM review_labels WHERE event_id NOT IN (SELECT event_id FROM turns)")
        db.execute("DELETE FROM review_complaints WHERE about_event_id NOT IN (SELECT event_id FROM turns)")
        db.execute("DELETE FROM gap_resolutions WHERE event_id NOT IN (SELECT event_id FROM turns)")
        return gone
