"""The live handoffs: one record per patient's request for a person, and the rules of its life.

    waiting --take--> taken --hand back / close--> closed
       |                 ^
       +--timeout / close--> closed      (nobody took it in time, or staff closed it unanswered)

Shared by three processes, so it is a SQLite file of its own (`MISS_HANDOFF_STORE`, default
`.run/handoff.sqlite`), like the content store and for the same reason: the assistant's servers have no
business with the console's accounts and password hashes. The action server creates a request (and
times it out), the console's web server takes, hands back and closes, and the Rasa server only reads
"does a person have this conversation?" (addons/handoff/policy.py) before deciding to stay quiet.

Each change is one UPDATE guarded by the state it leaves (`WHERE status = 'waiting'`...), so two staff
members taking the same conversation, or a take racing the timeout, end with exactly one winner; the
loser gets `HandoffConflict`. A partial unique index keeps at most one open (waiting or taken) handoff per
conversation. No patient text is stored here: the transcript stays in the tracker store and the event
stream, scrubbed; `reason` is a fixed code (REASONS), `flag` the emergency note the console derives.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORE_ENV = "MISS_HANDOFF_STORE"
DEFAULT_STORE = ".run/handoff.sqlite"

WAITING, TAKEN, CLOSED = "waiting", "taken", "closed"
# Why a conversation was handed over (shown in the inbox): the patient asked, or accepted the offer of a
# person the assistant makes after declining twice in a row or being told its answers do not help.
REASONS = {
    "asked": "The patient asked for a person",
    "declined_twice": "The assistant declined twice in a row",
    "not_helped": "The patient said the answers did not help",
}
# How a closed handoff ended.
OUTCOMES = ("handed_back", "closed", "timeout")

SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    channel TEXT NOT NULL,               -- the input channel of the request (socketio, rest...)
    reason TEXT NOT NULL,                -- a key of REASONS
    requested_at REAL NOT NULL,
    timeout_at REAL NOT NULL,            -- when a request nobody took gets the clinic's number
    status TEXT NOT NULL CHECK (status IN ('waiting', 'taken', 'closed')),
    taken_by TEXT,
    taken_at REAL,
    closed_at REAL,
    closed_by TEXT,                      -- a console account, 'assistant' for a timeout, 'kiosk' for a start over
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('handed_back', 'closed', 'timeout'))
);
CREATE UNIQUE INDEX IF NOT EXISTS one_open_handoff_per_conversation
    ON handoffs (conversation_id) WHERE status != 'closed';
CREATE INDEX IF NOT EXISTS handoffs_by_status ON handoffs (status, requested_at);
"""


class HandoffConflict(RuntimeError):
    """The handoff is not in a state that allows this step (taken by someone else, closed meanwhile...)."""


@dataclass(frozen=True)
class Handoff:
    id: int
    conversation_id: str
    channel: str
    reason: str
    requested_at: float
    timeout_at: float
    status: str
    taken_by: str | None
    taken_at: float | None
    closed_at: float | None
    closed_by: str | None
    outcome: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Handoff:
        return cls(**dict(zip(row.keys(), tuple(row), strict=True)))


def configured_path(env: dict[str, str] | None = None) -> Path:
    raw = (os.environ if env is None else env).get(STORE_ENV, "").strip() or DEFAULT_STORE
    raw = raw.removeprefix("sqlite:///")
    path = Path(raw)
    return path if path.is_absolute() else ROOT / path


class HandoffStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or configured_path()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:  # created by the first writer; the Rasa server's reader never creates it
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.path, timeout=10) as db:
                db.execute("PRAGMA journal_mode=WAL")  # readers (the Rasa server, pages) never wait for a writer
                db.executescript(SCHEMA)
            self._ready = True
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    # --- the patient's side (action server) -----------------------------------------------------------
    def request(
        self, conversation_id: str, channel: str, reason: str, timeout_seconds: float, now: float | None = None
    ) -> tuple[Handoff, bool]:
        """A waiting handoff for the conversation; (the open one, False) if it has one already."""
        if reason not in REASONS:
            raise ValueError(f"unknown handoff reason {reason!r}")
        now = time.time() if now is None else now
        with self._connect() as db:
            existing = db.execute(
                "SELECT * FROM handoffs WHERE conversation_id = ? AND status != 'closed'", (conversation_id,)
            ).fetchone()
            if existing is not None:
                return Handoff.from_row(existing), False
            cursor = db.execute(
                "INSERT INTO handoffs (conversation_id, channel, reason, requested_at, timeout_at, status) "
                "VALUES (?, ?, ?, ?, ?, 'waiting')",
                (conversation_id, channel, reason, now, now + timeout_seconds),
            )
            row = db.execute("SELECT * FROM handoffs WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return Handoff.from_row(row), True

    def time_out(self, conversation_id: str, now: float | None = None) -> Handoff | None:
        """Close the conversation's handoff if it is still waiting and its time is up; None otherwise (taken,
        closed, or a person may still come)."""
        now = time.time() if now is None else now
        with self._connect() as db:
            row = db.execute(
                "UPDATE handoffs SET status = 'closed', closed_at = ?, closed_by = 'assistant', outcome = 'timeout' "
                "WHERE conversation_id = ? AND status = 'waiting' AND timeout_at <= ? RETURNING *",
                (now, conversation_id, now),
            ).fetchone()
        return Handoff.from_row(row) if row else None

    def patient_left(self, conversation_id: str, by: str, now: float | None = None) -> Handoff | None:
        """Close the conversation's open handoff, waiting or taken, because nobody is left to read it (the
        kiosk started over for the next patient: console/kiosk_reset.py); None if it had none. One UPDATE, so a
        take or a close at the same moment leaves one winner, as with every step."""
        now = time.time() if now is None else now
        with self._connect() as db:
            row = db.execute(
                "UPDATE handoffs SET status = 'closed', closed_at = ?, closed_by = ?, outcome = 'closed' "
                "WHERE conversation_id = ? AND status != 'closed' RETURNING *",
                (now, by, conversation_id),
            ).fetchone()
        return Handoff.from_row(row) if row else None

    def open_for(self, conversation_id: str) -> Handoff | None:
        """The conversation's waiting or taken handoff, if any."""
        if not self.path.exists():
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM handoffs WHERE conversation_id = ? AND status != 'closed'", (conversation_id,)
            ).fetchone()
        return Handoff.from_row(row) if row else None

    # --- the staff's side (console) --------------------------------------------------------------------
    def _step(self, sql: str, args: tuple[object, ...], handoff_id: int, refused: str) -> Handoff:
        with self._connect() as db:
            row = db.execute(sql + " RETURNING *", args).fetchone()
            if row is None:
                current = db.execute("SELECT status, taken_by FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
                state = "no such handoff" if current is None else f"it is {current['status']}"
                if current is not None and current["taken_by"]:
                    state += f" (taken by {current['taken_by']})"
                raise HandoffConflict(f"{refused}: {state}.")
        return Handoff.from_row(row)

    def take(self, handoff_id: int, by: str, now: float | None = None) -> Handoff:
        now = time.time() if now is None else now
        return self._step(
            "UPDATE handoffs SET status = 'taken', taken_by = ?, taken_at = ? WHERE id = ? AND status = 'waiting'",
            (by, now, handoff_id),
            handoff_id,
            "Cannot take this conversation",
        )

    def check_reply(self, handoff_id: int, by: str) -> Handoff:
        """The handoff a reply by `by` may go to: taken, and by `by` (one voice per conversation)."""
        found = self.get(handoff_id)
        if found is None or found.status != TAKEN or found.taken_by != by:
            state = "no such handoff" if found is None else f"it is {found.status}"
            if found is not None and found.taken_by and found.taken_by != by:
                state += f" (taken by {found.taken_by})"
            raise HandoffConflict(f"Cannot reply: {state}.")
        return found

    def hand_back(self, handoff_id: int, by: str, now: float | None = None) -> Handoff:
        now = time.time() if now is None else now
        return self._step(
            "UPDATE handoffs SET status = 'closed', closed_at = ?, closed_by = ?, outcome = 'handed_back' "
            "WHERE id = ? AND status = 'taken'",
            (now, by, handoff_id),
            handoff_id,
            "Cannot hand back",
        )

    def close(self, handoff_id: int, by: str, now: float | None = None) -> Handoff:
        now = time.time() if now is None else now
        return self._step(
            "UPDATE handoffs SET status = 'closed', closed_at = ?, closed_by = ?, outcome = 'closed' "
            "WHERE id = ? AND status != 'closed'",
            (now, by, handoff_id),
            handoff_id,
            "Cannot close",
        )

    # --- reading -----------------------------------------------------------------------------------------
    def get(self, handoff_id: int) -> Handoff | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
        return Handoff.from_row(row) if row else None

    def open_handoffs(self) -> list[Handoff]:
        """Waiting and taken, oldest request first (who has waited longest comes first)."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM handoffs WHERE status != 'closed' ORDER BY requested_at, id").fetchall()
        return [Handoff.from_row(row) for row in rows]

    def recently_closed(self, since: float) -> list[Handoff]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM handoffs WHERE status = 'closed' AND closed_at >= ? ORDER BY closed_at DESC LIMIT 50",
                (since,),
            ).fetchall()
        return [Handoff.from_row(row) for row in rows]

    def purge(self, before: float) -> int:
        """Closed handoffs asked for before `before` go with their conversations (`make purge`, the tracker
        store's retention); an open one stays until it is closed."""
        if not self.path.exists():
            return 0
        with self._connect() as db:
            return int(
                db.execute("DELETE FROM handoffs WHERE status = 'closed' AND requested_at < ?", (before,)).rowcount
            )

    def forget(self, conversation_ids: list[str]) -> int:
        """Delete a conversation's handoffs (a patient's deletion request, the retention purge)."""
        if not conversation_ids or not self.path.exists():
            return 0
        marks = ",".join("?" * len(conversation_ids))
        with self._connect() as db:
            return db.execute(f"DELETE FROM handoffs WHERE conversation_id IN ({marks})", conversation_ids).rowcount


class TakenReader:
    """The Rasa server's one question, "does a person have this conversation now?", read-only: it never
    creates the file (before any request for a person there is nothing to read) and never writes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or configured_path()

    def taken(self, conversation_id: str) -> bool:
        if not self.path.exists():
            return False
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute(
                "SELECT 1 FROM handoffs WHERE conversation_id = ? AND status = 'taken'", (conversation_id,)
            ).fetchone()
        except sqlite3.OperationalError:  # the file exists but its table does not yet: nobody has it
            return False
        finally:
            db.close()
        return row is not None
