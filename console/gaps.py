"""Content gaps dealt with: a reviewer marked a question as one the approved content does not answer
(review.py, label "content gap"); once an editor has covered it (a content change, or a decision that the
assistant should not answer it), they mark it "dealt with", with a note saying how, and it leaves the open
list. It can be reopened (the change was rejected, or rolled back).

The state is one row per gap in `gap_resolutions` (the console's database): present while it is dealt with,
gone when reopened. The history, who did what and when, is the audit log (`gap_resolved`, `gap_reopened`:
the event id and the note, never the patient's text), written in the same transaction as the change.

Like the rest of the review queue the rows hold no patient text and go with the message: purged with its
figures (analytics.purge_turns), deleted with its conversation (review.forget). A gap given another label
(say "correctly declined", then a gap again) is open again: its resolution was for the old judgement.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from console import audit
from console.store import Store

MAX_NOTE = 500


class GapError(ValueError):
    """A refused mark, with a message for the editor."""


@dataclass(frozen=True)
class Resolution:
    by: str
    at: float
    note: str


def resolutions(store: Store) -> dict[int, Resolution]:
    """Every gap dealt with now, by the event id of its message."""
    with store.connect() as db:
        rows = db.execute("SELECT event_id, by, at, note FROM gap_resolutions").fetchall()
    return {int(row["event_id"]): Resolution(row["by"], row["at"], row["note"]) for row in rows}


def _gaps(db: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """The sender of each of `ids` that is labelled a content gap; the others are not gaps (any more)."""
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT event_id, sender_id FROM review_labels WHERE action = 'content_gap' AND event_id IN ({marks})",
        ids,
    ).fetchall()
    return {int(row[0]): str(row[1]) for row in rows}


def _chosen(event_ids: Iterable[int]) -> list[int]:
    ids = sorted({int(i) for i in event_ids})
    if not ids:
        raise GapError("Select at least one content gap.")
    return ids


def resolve(store: Store, event_ids: Iterable[int], actor: str, role: str, note: str, ip: str = "") -> int:
    """Mark gaps dealt with (one audit entry each); returns how many changed. A note is required: the next
    reader must be able to tell what covers the question now."""
    ids = _chosen(event_ids)
    note = " ".join(note.split())[:MAX_NOTE]
    if not note:
        raise GapError("Say how the gap was dealt with (for example the topic changed, or why nothing will be).")
    now = time.time()
    with store.connect() as db:
        senders = _gaps(db, ids)
        if len(senders) != len(ids):
            raise GapError("Some of these messages are not content gaps (any more).")
        done = 0
        for event_id, sender in senders.items():
            if db.execute("SELECT 1 FROM gap_resolutions WHERE event_id = ?", (event_id,)).fetchone():
                continue  # dealt with already: the first note and its entry stand
            db.execute(
                "INSERT INTO gap_resolutions (event_id, sender_id, by, at, note) VALUES (?, ?, ?, ?, ?)",
                (event_id, sender, actor, now, note),
            )
            detail = {"event_id": event_id, "note": note}
            audit.record(db, "gap_resolved", actor, role=role, target=sender, detail=detail, ip=ip, at=now)
            done += 1
    return done


def reopen(store: Store, event_ids: Iterable[int], actor: str, role: str, ip: str = "") -> int:
    """Put gaps back on the open list (one audit entry each, with the note they had); returns how many."""
    ids = _chosen(event_ids)
    now = time.time()
    with store.connect() as db:
        done = 0
        for event_id in ids:
            row = db.execute("SELECT sender_id, note FROM gap_resolutions WHERE event_id = ?", (event_id,)).fetchone()
            if row is None:
                continue
            db.execute("DELETE FROM gap_resolutions WHERE event_id = ?", (event_id,))
            detail = {"event_id": event_id, "note_was": row["note"]}
            audit.record(db, "gap_reopened", actor, role=role, target=row["sender_id"], detail=detail, ip=ip, at=now)
            done += 1
    return done
