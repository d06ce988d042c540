"""A patient's rights over their conversation (admin, `data.delete`): find it by the id the widget or
the kiosk showed them, export it, delete it everywhere it is stored.

Where a conversation is stored, and how each place is reached:
  the tracker store   Rasa's conversations (SQLite .run/conversations.sqlite, PostgreSQL scaled out)
  the event stream    the console's copy of every event (addons/event_broker.py, .run/events.sqlite)
  the console         its per-message figures (`turns`) and the review queue's rows (store.py)
  reviewed data       training examples a reviewer took from it (data/reviewed/nlu_reviewed.yml)
The first two are opened exactly as `make purge` opens them (scripts/purge_conversations.open_stores,
from the endpoints file the Rasa server was started with) and emptied by the stores' own deletion, the
one the retention purge uses: one code path for a conversation leaving storage, not two.

Order of the deletion: the review queue's texts are read first (they live in the stream), then the
tracker store, the stream, the console's rows and the reviewed examples go. The audit entry names the
id and how many rows went from each place, never the content. A patient who keeps typing in the same
widget afterwards starts a new conversation under the same id; it is not deleted by this one.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from addons.handoff.store import HandoffStore
from console import analytics, audit, review
from console.reviewed_data import ReviewedData, fold
from console.store import Store
from scripts.purge_conversations import StoreError

__all__ = ["Deleted", "Holdings", "RasaStores", "StoreError", "delete", "export", "export_name", "find"]

if TYPE_CHECKING:  # Rasa is imported only when a store is opened: it takes seconds
    from addons.event_broker import ScrubbingSQLEventBroker
    from addons.tracker_store import PrivateSQLTrackerStore

MAX_ID = 255  # Rasa's sender_id column


@dataclass(frozen=True)
class Holdings:
    """How much of one conversation each place holds."""

    tracker_events: int
    stream_events: int
    figures: int
    review_rows: int

    @property
    def found(self) -> bool:
        return any(asdict(self).values())


@dataclass(frozen=True)
class Deleted(Holdings):
    training_examples: int
    handoffs: int = 0  # live handoff records (MISS_HANDOFF_STORE: ids and times, no text)


class RasaStores:
    """The tracker store and the event stream of the Rasa server's endpoints file, opened on first use
    (once: opening loads Rasa and the domain) and kept."""

    def __init__(self, endpoints: Path | None) -> None:
        self.endpoints = endpoints
        self._opened: tuple[PrivateSQLTrackerStore, ScrubbingSQLEventBroker | None] | None = None
        self._lock = threading.Lock()

    def get(self) -> tuple[PrivateSQLTrackerStore, ScrubbingSQLEventBroker | None]:
        with self._lock:
            if self._opened is None:
                from scripts.purge_conversations import open_stores

                self._opened = open_stores(str(self.endpoints) if self.endpoints else None)
            return self._opened


def _console_rows(store: Store, sender_id: str) -> tuple[int, int]:
    with store.connect() as db:
        figures = db.execute("SELECT count(*) FROM turns WHERE sender_id = ?", (sender_id,)).fetchone()[0]
        labels = db.execute("SELECT count(*) FROM review_labels WHERE sender_id = ?", (sender_id,)).fetchone()[0]
        complaints = db.execute("SELECT count(*) FROM review_complaints WHERE sender_id = ?", (sender_id,)).fetchone()
        dealt = db.execute("SELECT count(*) FROM gap_resolutions WHERE sender_id = ?", (sender_id,)).fetchone()
    return int(figures), int(labels) + int(complaints[0]) + int(dealt[0])


def find(store: Store, stream: analytics.EventStream, stores: RasaStores, sender_id: str) -> Holdings:
    analytics.ingest(store, stream)  # figures of a conversation the console has not read yet count too
    tracker, _broker = stores.get()
    figures, review_rows = _console_rows(store, sender_id)
    return Holdings(
        len(tracker.conversation_events(sender_id)), len(stream.conversation(sender_id)), figures, review_rows
    )


def export(stores: RasaStores, stream: analytics.EventStream, sender_id: str) -> dict[str, Any] | None:
    """The conversation as the patient can take it away: the tracker store's scrubbed transcript (the
    stream's when the tracker store no longer has it). None when neither has it."""
    tracker, _broker = stores.get()
    events = tracker.conversation_events(sender_id) or stream.conversation(sender_id)
    if not events:
        return None
    lines = []
    for line in analytics.transcript_of(events):
        at = dt.datetime.fromtimestamp(line["at"], dt.timezone.utc).isoformat(timespec="seconds")
        if line["kind"] == "patient":
            lines.append({"at": at, "from": "patient", "text": line["text"], "channel": line["channel"]})
        elif line["kind"] == "assistant":
            topics = [tag.get("topic") for tag in line["tags"] if tag.get("topic")]
            lines.append({"at": at, "from": "assistant", "text": line["text"], "topics": topics})
        else:
            lines.append({"at": at, "from": "system", "text": "new session"})
    return {
        "conversation_id": sender_id,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "about": "Your conversation with the clinic's assistant, as stored: names, phone numbers, e-mail "
        "addresses, dates and other identifiers were replaced (for example [name]) before it was stored.",
        "messages": lines,
    }


def _reviewed_texts(store: Store, stream: analytics.EventStream, sender_id: str) -> set[str]:
    """Texts of this conversation that went into the reviewed training data and that no other
    conversation's label put there too (read before the stream loses them)."""
    with store.connect() as db:
        rows = db.execute("SELECT event_id, sender_id FROM review_labels WHERE training = 'added'").fetchall()
    ours = {row[0] for row in rows if row[1] == sender_id}
    if not ours:
        return set()
    senders = sorted({row[1] for row in rows})
    labelled = {row[0] for row in rows}
    mine: set[str] = set()
    others: set[str] = set()
    for event_id, sender, event in stream.of_senders(senders):
        if event_id in labelled and event.get("event") == "user":
            (mine if sender == sender_id else others).add(str(event.get("text") or ""))
    other_keys = {fold(text) for text in others}
    return {text for text in mine if fold(text) not in other_keys}


def delete(
    store: Store,
    stream: analytics.EventStream,
    stores: RasaStores,
    reviewed: ReviewedData,
    sender_id: str,
    actor: str,
    role: str,
    ip: str = "",
) -> Deleted:
    analytics.ingest(store, stream)  # so that no figure of it is derived after the stream is emptied
    texts = _reviewed_texts(store, stream, sender_id)
    tracker, broker = stores.get()
    tracker_events = tracker.delete_conversation(sender_id)
    stream_events = broker.delete_conversation(sender_id) if broker is not None else 0
    examples = reviewed.remove(texts) if texts else 0
    with store.connect() as db:
        figures = int(db.execute("DELETE FROM turns WHERE sender_id = ?", (sender_id,)).rowcount)
        review_rows = review.forget(db, sender_id)
        handoffs = HandoffStore().forget([sender_id])
        deleted = Deleted(tracker_events, stream_events, figures, review_rows, examples, handoffs)
        audit.record(db, "conversation_deleted", actor, role=role, target=sender_id, detail=asdict(deleted), ip=ip)
    return deleted


def export_name(sender_id: str) -> str:
    """A download's file name: the id's safe characters only (it is typed by the widget, not by us)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in sender_id)[:64] or "conversation"
    return f"conversation-{safe}-{time.strftime('%Y%m%d')}.json"
