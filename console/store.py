"""The console's own database (SQLite, MISS_CONSOLE_DB, default .run/console.sqlite): accounts, sessions,
failed logins, the audit log, and the dashboard's per-message figures derived from the event stream.

It is separate from Rasa's databases: the Rasa server never reads it, and the console only reads
Rasa's event stream (addons/event_broker.py).

The audit log is append-only in the database itself, not only by convention: triggers refuse every
UPDATE, and every DELETE except of entries older than the cutoff that the retention purge (audit.py)
sets inside its own transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,            -- lower case
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,          -- argon2id (auth.py)
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,          -- sha256 of the cookie's value: the database alone opens no session
    username TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (username);
-- Failed logins and lockouts by the name typed, whether or not such an account exists: a locked
-- name reads the same either way, so the console does not tell which names are accounts.
CREATE TABLE IF NOT EXISTS login_failures (username TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_by_user ON login_failures (username, at);
CREATE TABLE IF NOT EXISTS lockouts (username TEXT PRIMARY KEY, until REAL NOT NULL);

CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    actor TEXT NOT NULL,                  -- the account, or the name typed at a failed login
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    ip TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at);
CREATE TABLE IF NOT EXISTS audit_purge_cutoff (before REAL NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_is_never_updated BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER IF NOT EXISTS audit_is_deleted_only_by_the_retention_purge BEFORE DELETE ON audit
WHEN NOT EXISTS (SELECT 1 FROM audit_purge_cutoff WHERE OLD.at < audit_purge_cutoff.before)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: only the retention purge deletes, and only old entries');
END;

-- One row per patient message, derived from the event stream (analytics.py): no text, only what the
-- dashboard counts. `event_id` is the user event's id in the stream.
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL UNIQUE,
    sender_id TEXT NOT NULL,
    at REAL NOT NULL,
    channel TEXT NOT NULL,
    intent TEXT NOT NULL,
    confidence REAL,
    topic TEXT,                           -- the first content topic the reply was tagged with
    unsure INTEGER NOT NULL DEFAULT 0,    -- nlu_fallback, or Rasa's core fallback
    out_of_scope INTEGER NOT NULL DEFAULT 0,
    emergency INTEGER NOT NULL DEFAULT 0,
    handoff INTEGER NOT NULL DEFAULT 0,
    replied_at REAL                       -- the first reply's time
);
CREATE INDEX IF NOT EXISTS turns_by_time ON turns (at);
CREATE INDEX IF NOT EXISTS turns_by_sender ON turns (sender_id, id);
CREATE TABLE IF NOT EXISTS ingest_state (source TEXT PRIMARY KEY, last_event_id INTEGER NOT NULL);

-- The review queue (review.py). A complaint ("that's not what I asked") and the message it is about, by
-- their event ids in the stream; no text here either: the queue reads it from the stream.
CREATE TABLE IF NOT EXISTS review_complaints (
    complaint_event_id INTEGER PRIMARY KEY,
    about_event_id INTEGER NOT NULL,
    sender_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS review_complaints_about ON review_complaints (about_event_id);
CREATE INDEX IF NOT EXISTS review_complaints_by_sender ON review_complaints (sender_id);
-- A reviewer's label of a queued message: who, when, what. `note`: the reviewer's words for editors
-- (content gap); `training`: whether "should have been topic X" went into the reviewed-data file.
CREATE TABLE IF NOT EXISTS review_labels (
    event_id INTEGER PRIMARY KEY,
    sender_id TEXT NOT NULL,
    action TEXT NOT NULL,                 -- topic, declined_ok, content_gap
    topic TEXT NOT NULL,
    note TEXT NOT NULL,
    by TEXT NOT NULL,
    at REAL NOT NULL,
    training TEXT NOT NULL                -- added, refused, or '' when the label writes no example
);
CREATE INDEX IF NOT EXISTS review_labels_by_sender ON review_labels (sender_id);
-- A content gap dealt with (gaps.py): present while it is, deleted when reopened; the history is the audit log.
CREATE TABLE IF NOT EXISTS gap_resolutions (
    event_id INTEGER PRIMARY KEY,         -- the gap's message, labelled content_gap in review_labels
    sender_id TEXT NOT NULL,
    by TEXT NOT NULL,
    at REAL NOT NULL,
    note TEXT NOT NULL                    -- how it was dealt with (the editor's words; no patient text)
);
CREATE INDEX IF NOT EXISTS gap_resolutions_by_sender ON gap_resolutions (sender_id);
"""


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            db.execute("PRAGMA journal_mode=WAL")  # readers (pages) never wait for the ingest's writes
            db.executescript(SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit-off mode: `with store.connect() as db:` commits at the end or rolls
        back on an exception, then closes."""
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()
