"""The live handoffs: one record per patient's request for a person, and the rules of its life.

    waiting --take--> taken --hand back / close--> closed
       |                 ^
       +--timeout / close--> closed      (nobody took it in time, or staff closed it unanswered)

Shared by three kinds of process: the action servers create a request (and time it out), the console's web
servers take, hand back and close, and the Rasa servers only read "does a person have this conversation?"
(addons/handoff/policy.py) before deciding to stay quiet. So it is a store of its own, `MISS_HANDOFF_STORE`,
like the content store and for the same reason (the assistant's servers have no business with the console's
accounts and password hashes): a SQLite file (a path or `sqlite:///path`, default `.run/handoff.sqlite`; one
machine) or a PostgreSQL database (`postgresql://user@host:port/db`, the password in $MISS_DB_PASSWORD and
never in the URL; several machines, docs/scaling.md). The rules below are written once for both; what the
engines do differently is in addons/sqlite_or_postgres.py, shared with the content store, and nowhere else.

Each change is one UPDATE guarded by the state it leaves (`WHERE status = 'waiting'`...), so two staff
members taking the same conversation, or a take racing the timeout, end with exactly one winner; the
loser gets `HandoffConflict`. A partial unique index keeps at most one open (waiting or taken) handoff per
conversation. No patient text is stored here: the transcript stays in the tracker store and the event
stream, scrubbed; `reason` is a fixed code (REASONS), `flag` the emergency note the console derives.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from addons import sqlite_or_postgres
from addons.sqlite_or_postgres import ERRORS, Location, connect, missing_table

logger = logging.getLogger(__name__)

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

# One table for both engines; {id} and {time} are the two column types they spell differently.
SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (
    id {id},
    conversation_id TEXT NOT NULL,
    channel TEXT NOT NULL,               -- the input channel of the request (socketio, rest...)
    reason TEXT NOT NULL,                -- a key of REASONS
    requested_at {time} NOT NULL,
    timeout_at {time} NOT NULL,          -- when a request nobody took gets the clinic's number
    status TEXT NOT NULL CHECK (status IN ('waiting', 'taken', 'closed')),
    taken_by TEXT,
    taken_at {time},
    closed_at {time},
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
    def from_row(cls, row: Any) -> Handoff:
        """A row of either engine: sqlite3.Row and psycopg2's DictRow both have keys() and row[name]."""
        return cls(**dict(row))


# --- the engines: addons/sqlite_or_postgres.py, the same as the content store's -------------------------
SQLITE_SCHEMA = SCHEMA.format(id="INTEGER PRIMARY KEY AUTOINCREMENT", time="REAL")
PG_SCHEMA = SCHEMA.format(id="BIGSERIAL PRIMARY KEY", time="DOUBLE PRECISION")
# An advisory lock id (not the content store's): web and action servers creating the table at once take turns.
PG_SCHEMA_LOCK = 0x68616E64


def store_location(env: Mapping[str, str] | None = None) -> Location:
    """$MISS_HANDOFF_STORE: a SQLite path (relative to the project) or sqlite:///path, or
    postgresql://user@host:port/db (the password in $MISS_DB_PASSWORD: a URL holding one is refused)."""
    return sqlite_or_postgres.location_from(STORE_ENV, DEFAULT_STORE, env)


def create(location: Location, env: Mapping[str, str] | None = None) -> None:
    """Create the table and its indexes (the first writer does; scripts/cluster.py at start); harmless when
    they exist. `env`: where MISS_DB_PASSWORD is (default os.environ)."""
    sqlite_or_postgres.create(location, SQLITE_SCHEMA, PG_SCHEMA, PG_SCHEMA_LOCK, env)


# --- the rules, once for both engines ---------------------------------------------------------------------
class HandoffStore:
    def __init__(self, location: Location | None = None) -> None:
        self.location = location or store_location()
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        if not self._ready:  # created by the first writer; the Rasa server's reader never creates it
            create(self.location)
            self._ready = True
        with connect(self.location) as db:
            yield db

    # --- the patient's side (action server) -----------------------------------------------------------
    def request(
        self, conversation_id: str, channel: str, reason: str, timeout_seconds: float, now: float | None = None
    ) -> tuple[Handoff, bool]:
        """A waiting handoff for the conversation; (the open one, False) if it has one already. Two requests
        at once (two action servers) make one record: the insert does nothing where the unique index has one."""
        if reason not in REASONS:
            raise ValueError(f"unknown handoff reason {reason!r}")
        now = time.time() if now is None else now
        with self._connect() as db:
            created = db.execute(
                "INSERT INTO handoffs (conversation_id, channel, reason, requested_at, timeout_at, status) "
                "VALUES (?, ?, ?, ?, ?, 'waiting') "
                "ON CONFLICT (conversation_id) WHERE status != 'closed' DO NOTHING RETURNING *",
                (conversation_id, channel, reason, now, now + timeout_seconds),
            ).fetchone()
            if created is not None:
                return Handoff.from_row(created), True
            existing = db.execute(
                "SELECT * FROM handoffs WHERE conversation_id = ? AND status != 'closed'", (conversation_id,)
            ).fetchone()
        if existing is None:  # the open one was closed between the two statements: ask again
            return self.request(conversation_id, channel, reason, timeout_seconds, now)
        return Handoff.from_row(existing), False

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
        if not self.location.exists():
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
        if not self.location.exists():
            return 0
        with self._connect() as db:
            return int(
                db.execute("DELETE FROM handoffs WHERE status = 'closed' AND requested_at < ?", (before,)).rowcount
            )

    def forget(self, conversation_ids: list[str]) -> int:
        """Delete a conversation's handoffs (a patient's deletion request, the retention purge)."""
        if not conversation_ids or not self.location.exists():
            return 0
        marks = ",".join("?" * len(conversation_ids))
        with self._connect() as db:
            deleted = db.execute(f"DELETE FROM handoffs WHERE conversation_id IN ({marks})", conversation_ids)
            return int(deleted.rowcount)


class TakenReader:
    """The Rasa server's one question, "does a person have this conversation now?", with the least it needs:
    one SELECT in a read-only session (a SQLite file opened read-only, a PostgreSQL transaction that cannot
    write; a PostgreSQL role granted only SELECT on `handoffs` suffices). It never creates the file or the
    table (before any request for a person there is nothing to read) and never writes."""

    def __init__(self, location: Location | None = None) -> None:
        self.location = location or store_location()

    def taken(self, conversation_id: str) -> bool:
        if not self.location.exists():
            return False
        try:
            # On every patient message's path: a SQLite writer is waited for 5 s at most, not the stores' 10.
            with connect(self.location, readonly=True, timeout=5) as db:
                row = db.execute(
                    "SELECT 1 FROM handoffs WHERE conversation_id = ? AND status = 'taken'", (conversation_id,)
                ).fetchone()
        except ERRORS as err:
            if not missing_table(err):
                # The store cannot be read: the assistant answers, as it does when nobody has the conversation
                # (an emergency is answered either way). Logged without the URL's password: it holds none.
                logger.warning("handoff store %s not readable: %s", self.location, err)
            return False
        return row is not None
