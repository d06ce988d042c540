"""The content store: every version of the clinic's editable content, drafts and approved ones, in one SQLite
database that every action server and the staff console share by path ($MISS_CONTENT_STORE, default
.run/content.sqlite; `sqlite:///<path>` is accepted too).

A document is one editable unit: `topic:<id>` (content/topics/<id>.yml), `gaps` (content/gaps.yml) or
`contacts` (the clinic's numbers and hours, domain.yml's slot values). Each version is a row that is never
changed again except for its decision (draft -> approved or rejected), so the history is complete. A
version approved gets the next `live_seq`, a number increasing over all documents: a document's live
version is its approved version with the highest live_seq, and the store's highest live_seq tells a reader
in one indexed query whether anything went live since it last looked (actions/live_content.py).

Its own file, not the console's database: the action servers read it, and they have no business with the
console's accounts and password hashes. Action servers only read (the file opened read-only); the console
writes (console/content_versions.py holds the rules: who may approve what).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from actions.knowledge import ROOT

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


def store_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the store is: $MISS_CONTENT_STORE (a path, or sqlite:///path), relative to the project."""
    raw = (os.environ if env is None else env).get("MISS_CONTENT_STORE") or DEFAULT_PATH
    if raw.startswith("sqlite:///"):
        raw = raw.removeprefix("sqlite:///")
    elif "://" in raw:
        raise ValueError(f"MISS_CONTENT_STORE must be a SQLite path or sqlite:///path, not {raw!r}")
    path = Path(raw)
    return path if path.is_absolute() else ROOT / path


def create(path: Path) -> None:
    """Create the store (the console does, on first use); harmless when it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    try:
        db.execute("PRAGMA journal_mode=WAL")  # the action servers' reads never wait for the console's writes
        db.executescript(SCHEMA)
        db.commit()
    finally:
        db.close()


@contextmanager
def connect(path: Path, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    """`with connect(path) as db:` commits at the end, rolls back on an exception, then closes. Read-only:
    the action servers open the file without the right to write it (and never create it)."""
    if readonly:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    else:
        db = sqlite3.connect(path, timeout=10)
    db.row_factory = sqlite3.Row
    try:
        with db:
            yield db
    finally:
        db.close()


def newest_live_seq(db: sqlite3.Connection) -> int:
    """The live_seq of the latest approval (0: nothing approved yet)."""
    value = db.execute("SELECT max(live_seq) FROM content_versions").fetchone()[0]
    return int(value or 0)


def live_documents(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Each document's live version: {document: {"number", "live_seq", "data"}}."""
    rows = db.execute(
        "SELECT v.document, v.number, v.live_seq, v.data FROM content_versions v "
        "WHERE v.live_seq = (SELECT max(live_seq) FROM content_versions w WHERE w.document = v.document)"
    ).fetchall()
    return {
        row["document"]: {"number": row["number"], "live_seq": row["live_seq"], "data": json.loads(row["data"])}
        for row in rows
    }
