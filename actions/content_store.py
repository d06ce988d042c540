"""The content store: every version of the clinic's editable content, drafts and approved ones, in one
database that every action server, every Rasa server and the staff console share: $MISS_CONTENT_STORE, a
SQLite file (a path or `sqlite:///<path>`, default .run/content.sqlite: one machine) or a PostgreSQL database
(`postgresql://user@host:port/db`: several machines, docs/scaling.md). The PostgreSQL password is never in
that URL (it would end up in files, logs and `ps`): it is read from $MISS_DB_PASSWORD when connecting, and a
URL holding one is refused. The connection code, the same for the handoff store, is
addons/sqlite_or_postgres.py: `with sqlite_or_postgres.connect(location) as db:` is one transaction,
read-only for the readers, and a PostgreSQL session is kept for the next poll.

A document is one editable unit: `topic:<id>` (content/topics/<id>.yml), `gaps` (content/gaps.yml) or
`contacts` (the clinic's numbers and hours, domain.yml's slot values). Each version is a row that is never
changed again except for its decision (draft -> approved or rejected), so the history is complete. A
version approved gets the next `live_seq`, a number increasing over all documents: a document's live
version is its approved version with the highest live_seq, and the store's highest live_seq tells a reader
in one indexed query whether anything went live since it last looked (actions/live_content.py).

Its own database, not the console's: the action servers read it, and they have no business with the
console's accounts and password hashes. Action servers only read (a SQLite file opened read-only; a
PostgreSQL session in read-only transactions); the console writes (console/content_versions.py holds the
rules: who may approve what). On both engines the database itself refuses to delete a version or change
what it says (triggers), so the history cannot be rewritten by a bug in the code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from addons import sqlite_or_postgres
from addons.sqlite_or_postgres import Connection, Location, PgSession

STORE_ENV = "MISS_CONTENT_STORE"
DEFAULT_PATH = ".run/content.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS content_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document TEXT NOT NULL,               -- topic:<id>, gaps or contacts
    number INTEGER NOT NULL,              -- 1, 2, ... per document
    data TEXT NOT NULL,                   -- the whole document as JSON
    status TEXT NOT NULL,                 -- baseline, draft, approved, rejected
    author TEXT NOT NULL,
    created_at REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    based_on INTEGER,                     -- the number of the version it was edited from
    rollback_of INTEGER,                  -- the number of the version it restores
    decided_by TEXT,
    decided_at REAL,
    decision_note TEXT NOT NULL DEFAULT '',
    live_seq INTEGER UNIQUE,              -- set when approved: increasing over all documents
    UNIQUE (document, number)
);
CREATE INDEX IF NOT EXISTS content_versions_live ON content_versions (document, live_seq);
-- The data of a version never changes: what was approved is what was reviewed.
CREATE TRIGGER IF NOT EXISTS content_version_data_is_never_changed BEFORE UPDATE OF data, document, number, author
ON content_versions
BEGIN
    SELECT RAISE(ABORT, 'a content version is never changed: make a new one');
END;
CREATE TRIGGER IF NOT EXISTS content_versions_are_never_deleted BEFORE DELETE ON content_versions
BEGIN
    SELECT RAISE(ABORT, 'content versions are kept: history, diff and roll back need them');
END;
"""


# PostgreSQL: the same table, the same two refusals. `CREATE OR REPLACE TRIGGER` (PostgreSQL 14+) makes the
# script safe to run again, as SQLite's IF NOT EXISTS does; TRUNCATE, which skips row triggers, is refused too.
PG_SCHEMA = """
CREATE TABLE IF NOT EXISTS content_versions (
    id BIGSERIAL PRIMARY KEY,
    document TEXT NOT NULL,
    number INTEGER NOT NULL,
    data TEXT NOT NULL,
    status TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    based_on INTEGER,
    rollback_of INTEGER,
    decided_by TEXT,
    decided_at DOUBLE PRECISION,
    decision_note TEXT NOT NULL DEFAULT '',
    live_seq INTEGER UNIQUE,
    UNIQUE (document, number)
);
CREATE INDEX IF NOT EXISTS content_versions_live ON content_versions (document, live_seq);
CREATE OR REPLACE FUNCTION content_version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a content version is never changed: make a new one';
END $$;
CREATE OR REPLACE FUNCTION content_version_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'content versions are kept: history, diff and roll back need them';
END $$;
CREATE OR REPLACE TRIGGER content_version_data_is_never_changed
    BEFORE UPDATE OF data, document, number, author ON content_versions
    FOR EACH ROW EXECUTE FUNCTION content_version_refuse_change();
CREATE OR REPLACE TRIGGER content_versions_are_never_deleted
    BEFORE DELETE ON content_versions FOR EACH ROW EXECUTE FUNCTION content_version_refuse_delete();
CREATE OR REPLACE TRIGGER content_versions_are_never_truncated
    BEFORE TRUNCATE ON content_versions FOR EACH STATEMENT EXECUTE FUNCTION content_version_refuse_delete();
"""
SCHEMA_LOCK = 0x6D697373  # an advisory lock id: two web servers creating the schema at once take turns


def store_location(env: Mapping[str, str] | None = None) -> Location:
    """Where the store is: $MISS_CONTENT_STORE, a SQLite path (relative to the project) or sqlite:///path,
    or postgresql://user@host:port/db (the password in $MISS_DB_PASSWORD, never in the URL)."""
    return sqlite_or_postgres.location_from(STORE_ENV, DEFAULT_PATH, env)


def create(location: Location, env: Mapping[str, str] | None = None) -> None:
    """Create the store (the console does on first use, scripts/cluster.py at start); harmless when it exists.
    `env`: where MISS_DB_PASSWORD is (default os.environ; the cluster hands it to its servers only)."""
    sqlite_or_postgres.create(location, SCHEMA, PG_SCHEMA, SCHEMA_LOCK, env)


def lock_for_writing(db: Connection) -> None:
    """Start the transaction in which one writer at a time numbers versions and approvals (readers go on
    reading): SQLite's write lock; on PostgreSQL a table lock that conflicts with itself but not with reads."""
    if isinstance(db, PgSession):
        db.execute("LOCK TABLE content_versions IN SHARE ROW EXCLUSIVE MODE")
    else:
        db.execute("BEGIN IMMEDIATE")


def newest_live_seq(db: Connection) -> int:
    """The live_seq of the latest approval (0: nothing approved yet)."""
    value = db.execute("SELECT max(live_seq) FROM content_versions").fetchone()[0]
    return int(value or 0)


def live_documents(db: Connection) -> dict[str, dict[str, Any]]:
    """Each document's live version: {document: {"number", "live_seq", "data"}}."""
    rows = db.execute(
        "SELECT v.document, v.number, v.live_seq, v.data FROM content_versions v "
        "WHERE v.live_seq = (SELECT max(live_seq) FROM content_versions w WHERE w.document = v.document)"
    ).fetchall()
    return {
        row["document"]: {"number": row["number"], "live_seq": row["live_seq"], "data": json.loads(row["data"])}
        for row in rows
    }
