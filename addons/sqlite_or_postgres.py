"""A store's database on either engine: a SQLite file (one machine) or a PostgreSQL database (several
machines), chosen by one environment variable. The stores written on it, the content store
(actions/content_store.py, which addons/approved_replies.py also reads) and the handoff store
(addons/handoff/store.py), write their rules once for both engines; what the engines do differently is here
and nowhere else.

- Where: `location_from(variable, default)` reads $variable: a SQLite path (relative to the project) or
  `sqlite:///path`, or `postgresql://user@host:port/db`. The PostgreSQL password is never in that URL (it
  would end up in files, logs and `ps`): it is read from $MISS_DB_PASSWORD when connecting, and a URL
  holding one is refused.
- `with connect(location) as db:` is one transaction, committed at the end and rolled back on an exception.
  `db.execute(sql, args)` takes SQL as written for SQLite (`?` placeholders; the stores' SQL has no literal
  `?` or `%`) and returns a cursor whose rows read by column name and by position on both engines
  (sqlite3.Row, psycopg2's DictRow).
- Read-only (`readonly=True`, the readers: action servers, Rasa servers): a SQLite file opened without the
  right to write (never created), a PostgreSQL session whose transactions are read-only.
- PostgreSQL sessions are kept open for the process's next step (at most 2 per URL and mode), so a reader
  polling every few seconds, or the Rasa server asking at every message, does not pay a new connection each
  time; a session the server dropped is replaced unseen.

This module is in addons/ because both images run it: the Rasa server's (addons/ whole) and the action
server's (deploy/Dockerfile.actions copies it with the addons modules the actions import).
"""

from __future__ import annotations

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
import psycopg2.errors
import psycopg2.extras

ROOT = Path(__file__).resolve().parent.parent  # relative SQLite paths are the project's
PASSWORD_ENV = "MISS_DB_PASSWORD"
PG_CONNECT_SECONDS = 5  # a PostgreSQL server that does not answer within this is unreachable
SQLITE_WAIT_SECONDS = 10  # how long a SQLite connection waits for another's lock before giving up
# What a failed read or write of either engine raises (a reader keeps serving what it has on these).
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, psycopg2.Error)


@dataclass(frozen=True)
class Postgres:
    """A store on PostgreSQL: `url` has user, host, port and database, never the password."""

    url: str

    def exists(self) -> bool:
        """Whether there can be anything to read, as Path.exists() says for a SQLite file: a PostgreSQL server
        is always there to ask (its tables are made by their first writer, or by scripts/cluster.py)."""
        return True

    def __str__(self) -> str:
        return self.url


Location = Path | Postgres


def location_from(variable: str, default: str, env: Mapping[str, str] | None = None) -> Location:
    """Where $variable says a store is (`default` when unset or blank): a SQLite path, relative to the project,
    or sqlite:///path; or postgresql://user@host:port/db, refused when it holds a password."""
    raw = (os.environ if env is None else env).get(variable, "").strip() or default
    if raw.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(raw)
        if parts.password is not None:  # not echoed: the message would put the password in a log
            raise ValueError(f"{variable} must not hold a password: set {PASSWORD_ENV} instead")
        if not parts.hostname or not parts.path.strip("/"):
            raise ValueError(f"{variable} needs a host and a database: postgresql://user@host:port/db, not {raw!r}")
        return Postgres(raw)
    if raw.startswith("sqlite:///"):
        raw = raw.removeprefix("sqlite:///")
    elif "://" in raw:
        raise ValueError(f"{variable} must be a SQLite path, sqlite:///path or postgresql://..., not {raw!r}")
    path = Path(raw)
    return path if path.is_absolute() else ROOT / path


def _pg_connect(location: Postgres, readonly: bool, env: Mapping[str, str] | None = None) -> Any:
    options = "-c default_transaction_read_only=on" if readonly else ""
    password = (os.environ if env is None else env).get(PASSWORD_ENV) or None
    return psycopg2.connect(location.url, password=password, connect_timeout=PG_CONNECT_SECONDS, options=options)


def create(
    location: Location, sqlite_schema: str, pg_schema: str, pg_lock: int, env: Mapping[str, str] | None = None
) -> None:
    """Run a store's schema script, made to be run again harmlessly (IF NOT EXISTS...): on SQLite in WAL mode
    (readers never wait for a writer), on PostgreSQL under the advisory lock `pg_lock` (one id per store), as
    PostgreSQL's CREATE ... IF NOT EXISTS is not safe against a concurrent create of the same name: servers
    creating the tables at once take turns. `env`: where MISS_DB_PASSWORD is (default os.environ)."""
    if isinstance(location, Postgres):
        db = _pg_connect(location, readonly=False, env=env)
        try:
            with db, db.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (pg_lock,))
                cursor.execute(pg_schema)
        finally:
            db.close()
        return
    location.parent.mkdir(parents=True, exist_ok=True)
    lite = sqlite3.connect(location, timeout=SQLITE_WAIT_SECONDS)
    try:
        _switch_to_wal(lite)
        lite.executescript(sqlite_schema)
        lite.commit()
    finally:
        lite.close()


def _switch_to_wal(lite: sqlite3.Connection) -> None:
    """WAL mode, once per file (it persists). Switching needs the file to itself, and SQLite answers "database
    is locked" at once, without its busy timeout, when another connection is switching at the same moment (four
    threads or servers creating a fresh store together): so it is asked again until SQLITE_WAIT_SECONDS pass."""
    deadline = time.monotonic() + SQLITE_WAIT_SECONDS
    while True:
        try:
            if lite.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                lite.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class PgSession:
    """A PostgreSQL session that takes SQL as written for SQLite (`?` placeholders) and returns rows readable
    by column name and by position, as sqlite3.Row is, so that a store's SQL is written once."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, args: tuple[Any, ...] | list[Any] = ()) -> Any:
        cursor = self.raw.cursor(cursor_factory=psycopg2.extras.DictCursor)
        cursor.execute(sql.replace("?", "%s"), args)
        return cursor


Connection = sqlite3.Connection | PgSession


class _IdleSessions:
    """PostgreSQL sessions kept open for this process's next step. A new session costs a TCP connection and a
    SCRAM handshake, about 12 ms here, against about 1 ms for a handoff's take itself; the Rasa server asks
    the handoff store at every patient message, and every server polls the content store. At most IDLE_MAX
    per URL and mode are kept, so each process holds few connections."""

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
def connect(location: Location, readonly: bool = False, timeout: float = 10.0) -> Iterator[Any]:
    """`with connect(location) as db:` one transaction: committed at the end, rolled back on an exception.
    `db.execute(sql, args)` returns a cursor on both engines. Read-only: a SQLite file opened without the
    right to write (never created), a PostgreSQL session whose transactions are read-only. `timeout`: how
    long SQLite waits for another connection's write lock. A SQLite file is closed after; a PostgreSQL
    session is kept for the next step unless the database raised an error."""
    if isinstance(location, Postgres):
        raw = _sessions.get(location, readonly)
        reusable = True
        try:
            with raw:  # psycopg2: commit, or roll back on an exception (it does not close)
                yield PgSession(raw)
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
        lite = sqlite3.connect(f"{location.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    else:
        lite = sqlite3.connect(location, timeout=timeout)
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
