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
engines do differently is in the "engines" section and nowhere else.

Each change is one UPDATE guarded by the state it leaves (`WHERE status = 'waiting'`...), so two staff
members taking the same conversation, or a take racing the timeout, end with exactly one winner; the
loser gets `HandoffConflict`. A partial unique index keeps at most one open (waiting or taken) handoff per
conversation. No patient text is stored here: the transcript stays in the tracker store and the event
stream, scrubbed; `reason` is a fixed code (REASONS), `flag` the emergency note the console derives.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg2
import psycopg2.extras

logger = logging.getLogger(__name__)

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
        """A row of either engine: sqlite3.Row and psycopg2's RealDictRow both have keys() and row[name]."""
        return cls(**dict(row))


# --- the engines: everything SQLite and PostgreSQL do differently ---------------------------------------
@dataclass(frozen=True)
class Postgres:
    """The store on PostgreSQL: `url` has user, host, port and database, never the password."""

    url: str

    def __str__(self) -> str:
        return self.url


Location = Path | Postgres
SQLITE_SCHEMA = SCHEMA.format(id="INTEGER PRIMARY KEY AUTOINCREMENT", time="REAL")
PG_SCHEMA = SCHEMA.format(id="BIGSERIAL PRIMARY KEY", time="DOUBLE PRECISION")
# An advisory lock id (not the content store's): web and action servers creating the table at once take turns,
# as PostgreSQL's CREATE ... IF NOT EXISTS is not safe against a concurrent create of the same name.
PG_SCHEMA_LOCK = 0x68616E64
# What a failed read or write of either engine raises.
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg2.Error)


def store_location(env: Mapping[str, str] | None = None) -> Location:
    """$MISS_HANDOFF_STORE: a SQLite path (relative to the project) or sqlite:///path, or
    postgresql://user@host:port/db (the password in $MISS_DB_PASSWORD: a URL holding one is refused)."""
    raw = (os.environ if env is None else env).get(STORE_ENV, "").strip() or DEFAULT_STORE
    if raw.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(raw)
        if parts.password is not None:  # not echoed: the message would put the password in a log
            raise ValueError(f"{STORE_ENV} must not hold a password: set MISS_DB_PASSWORD instead")
        if not parts.hostname or not parts.path.strip("/"):
            raise ValueError(f"{STORE_ENV} needs a host and a database: postgresql://user@host:port/db, not {raw!r}")
        return Postgres(raw)
    if raw.startswith("sqlite:///"):
        raw = raw.removeprefix("sqlite:///")
    elif "://" in raw:
        raise ValueError(f"{STORE_ENV} must be a SQLite path, sqlite:///path or postgresql://..., not {raw!r}")
    path = Path(raw)
    return path if path.is_absolute() else ROOT / path


def exists(location: Location) -> bool:
    """Whether there can be anything to read. A PostgreSQL server is always there to ask (its table is made
    by the first writer, or by scripts/cluster.py before any server starts)."""
    return isinstance(location, Postgres) or location.exists()


def _pg_connect(location: Postgres, readonly: bool, env: Mapping[str, str] | None = None) -> Any:
    options = "-c default_transaction_read_only=on" if readonly else ""
    password = (os.environ if env is None else env).get("MISS_DB_PASSWORD") or None
    return psycopg2.connect(location.url, password=password, connect_timeout=5, options=options)


def create(location: Location, env: Mapping[str, str] | None = None) -> None:
    """Create the table and its indexes (the first writer does; scripts/cluster.py at start); harmless when
    they exist. `env`: where MISS_DB_PASSWORD is (default os.environ)."""
    if isinstance(location, Postgres):
        db = _pg_connect(location, readonly=False, env=env)
        try:
            with db, db.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (PG_SCHEMA_LOCK,))
                cursor.execute(PG_SCHEMA)
        finally:
            db.close()
        return
    location.parent.mkdir(parents=True, exist_ok=True)
    lite = sqlite3.connect(location, timeout=10)
    try:
        lite.execute("PRAGMA journal_mode=WAL")  # readers (the Rasa server, pages) never wait for a writer
        lite.executescript(SQLITE_SCHEMA)
    finally:
        lite.close()


class _PgSession:
    """A PostgreSQL connection that takes the store's SQL as written for SQLite (`?` placeholders; the SQL
    here has no literal `?` or `%`) and returns rows readable by column name, as sqlite3.Row is."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, args: tuple[Any, ...] | list[Any] = ()) -> Any:
        cursor = self.raw.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
        cursor.execute(sql.replace("?", "%s"), args)
        return cursor


class _IdleSessions:
    """PostgreSQL sessions kept open for this process's next step. A new session costs a TCP connection and a
    SCRAM handshake, about 12 ms here, against about 1 ms for a take itself; the Rasa server asks at every
    patient message. At most IDLE_MAX per store and mode are kept, so each process holds few connections."""

    IDLE_MAX = 2

    def __init__(self) -> None:
        self._idle: dict[tuple[str, bool], list[Any]] = {}
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def get(self, location: Postgres, readonly: bool) -> Any:
        with self._lock:
            if self._pid != os.getpid():
                # A forked child: the parent's sockets are not its own (closing them would end the parent's
                # sessions), so they are forgotten, not closed.
                self._idle, self._pid = {}, os.getpid()
            idle = self._idle.get((location.url, readonly), [])
            raw = idle.pop() if idle else None
        if raw is not None and _alive(raw):
            return raw
        if raw is not None:
            raw.close()  # the server restarted or dropped it while idle: a new one, the step unharmed
        return _pg_connect(location, readonly)

    def give_back(self, location: Postgres, readonly: bool, raw: Any) -> None:
        with self._lock:
            idle = self._idle.setdefault((location.url, readonly), [])
            if self._pid == os.getpid() and not raw.closed and len(idle) < self.IDLE_MAX:
                idle.append(raw)
                return
        raw.close()


def _alive(raw: Any) -> bool:
    """One round trip that changes nothing, before a kept session is used for a step that may change something."""
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT 1")
        raw.rollback()
        return True
    except psycopg2.Error:
        return False


_sessions = _IdleSessions()


@contextmanager
def connect(location: Location, readonly: bool = False) -> Iterator[Any]:
    """`with connect(location) as db:` one transaction: committed at the end, rolled back on an exception.
    `db.execute(sql, args)` returns a cursor on both engines. Read-only: a SQLite file opened without the
    right to write (never created), a PostgreSQL session whose transactions are read-only. A SQLite file is
    closed after; a PostgreSQL session is kept for the next step unless the database raised an error."""
    if isinstance(location, Postgres):
        raw = _sessions.get(location, readonly)
        reusable = True
        try:
            with raw:  # psycopg2: commit, or roll back on an exception (it does not close)
                yield _PgSession(raw)
        except psycopg2.Error:
            reusable = False  # perhaps broken: never handed out again
            raise
        finally:
            if reusable:
                _sessions.give_back(location, readonly, raw)
            else:
                raw.close()
        return
    if readonly:
        lite = sqlite3.connect(f"{location.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    else:
        lite = sqlite3.connect(location, timeout=10)
    lite.row_factory = sqlite3.Row
    try:
        with lite:
            yield lite
    finally:
        lite.close()


def missing_table(err: Exception) -> bool:
    """The store is there but nobody has created its table yet: nothing to read."""
    if isinstance(err, psycopg2.errors.UndefinedTable):
        return True
    return isinstance(err, sqlite3.OperationalError) and "no such table" in str(err)


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
        if not exists(self.location):
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
        if not exists(self.location):
            return 0
        with self._connect() as db:
            return int(
                db.execute("DELETE FROM handoffs WHERE status = 'closed' AND requested_at < ?", (before,)).rowcount
            )

    def forget(self, conversation_ids: list[str]) -> int:
        """Delete a conversation's handoffs (a patient's deletion request, the retention purge)."""
        if not conversation_ids or not exists(self.location):
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
        if not exists(self.location):
            return False
        try:
            with connect(self.location, readonly=True) as db:
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
