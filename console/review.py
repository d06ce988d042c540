"""The review queue: patient messages the assistant declined, was unsure about, or that the patient
followed with "that's not what I asked", grouped by similarity so that a reviewer handles a group at once.

Where the items come from: the console's per-message rows (`turns`, analytics.py) already say which
messages were declined (out_of_scope) or unsure (nlu_fallback, Rasa's core fallback). A complaint
needs the next message's text, so this module reads the event stream too (its own position in
`ingest_state`) and keeps only which message was complained about: like `turns`, the console's
database holds no patient text. The text shown is read from the stream when the page is drawn, so a
conversation purged or deleted there is gone from the queue as well.

The assistant has no intent for a complaint about the previous answer (data/ has none), so a complaint
is recognised by the short phrase list below: "that's not what I asked", "wrong answer", "you didn't
answer my question"... It errs on the side of fewer items: a patient who complains in other words still
reaches the queue when the complaint itself is declined or unsure.

Labels ("should have been topic X", "correctly declined", "content gap") are kept with who and when,
each in the audit log; a labelled item leaves the open queue. Only "should have been topic X" changes
the training data, and only in the reviewed-data file (reviewed_data.py) that the next `make train`
reads: never the running assistant.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from addons.complaints import is_complaint
from console import analytics, audit
from console.reviewed_data import TOPIC_CHOICES, ReviewedData
from console.store import Store

# Complaints about the previous answer: addons/complaints.py (live handoff offers a person on them too).
MAX_ITEMS = 500  # most recent first: a page a reviewer can work through
ACTIONS = {"topic": "should have been topic", "declined_ok": "correctly declined", "content_gap": "content gap"}
# Two messages end up in one group when their average cosine distance stays below this (TF-IDF of words
# and of character 3-5-grams, so typos and plurals still meet). Tuned on the unit tests' examples: the
# same question in other words groups, different topics do not.
GROUP_DISTANCE = 0.8
# Scrubbed identifiers ([name], [phone]...) are not what a message is about.
PLACEHOLDER = re.compile(r"\[[a-z_ ]+\]")


# --- from the stream -----------------------------------------------------------------------------------
_INGEST_LOCK = threading.Lock()


def ingest(store: Store, stream: analytics.EventStream) -> None:
    """Catch up with the stream: the figures first (analytics.ingest, which the queue builds on), then the
    complaints. A complaint is kept as (the complaint's event, the message it is about)."""
    analytics.ingest(store, stream)
    with _INGEST_LOCK:
        while True:
            with store.connect() as db:
                row = db.execute("SELECT last_event_id FROM ingest_state WHERE source = 'review'").fetchone()
                batch = stream.after(row[0] if row else 0)
                if not batch:
                    return
                for event_id, sender_id, event in batch:
                    if event.get("event") == "user" and is_complaint(str(event.get("text") or "")):
                        _complaint(db, event_id, sender_id or str(event.get("sender_id") or ""))
                db.execute(
                    "INSERT OR REPLACE INTO ingest_state (source, last_event_id) VALUES ('review', ?)", (batch[-1][0],)
                )


def _complaint(db: sqlite3.Connection, event_id: int, sender_id: str) -> None:
    about = db.execute(
        "SELECT event_id FROM turns WHERE sender_id = ? AND event_id < ? ORDER BY event_id DESC LIMIT 1",
        (sender_id, event_id),
    ).fetchone()
    if about is not None:
        db.execute(
            "INSERT OR IGNORE INTO review_complaints (complaint_event_id, about_event_id, sender_id) VALUES (?, ?, ?)",
            (event_id, about[0], sender_id),
        )


# --- the queue -----------------------------------------------------------------------------------------
@dataclass
class Item:
    event_id: int
    sender_id: str
    at: float
    intent: str
    confidence: float | None
    reasons: list[str]
    text: str = ""
    replies: list[str] = field(default_factory=list)
    before: list[dict[str, str]] = field(default_factory=list)  # the turn before: patient and assistant
    after: str = ""  # what the patient wrote next
    label: dict[str, Any] | None = None


@dataclass
class Group:
    items: list[Item]
    terms: list[str]  # the words that make the group what it is (a heading for the reviewer)

    @property
    def key(self) -> int:
        return self.items[0].event_id


def candidates(
    store: Store, handled: bool | None, limit: int = MAX_ITEMS, ids: Sequence[int] | None = None
) -> list[Item]:
    """Open (or, with `handled`, labelled; None: both) items, most recent first, without their text yet;
    `ids`: only these. A complaint message itself is not an item: the message it complains about is."""
    state = {True: "AND l.event_id IS NOT NULL ", False: "AND l.event_id IS NULL ", None: ""}[handled]
    only = f"AND t.event_id IN ({', '.join('?' * len(ids))}) " if ids is not None else ""
    with store.connect() as db:
        rows = db.execute(
            "SELECT t.event_id, t.sender_id, t.at, t.intent, t.confidence, t.unsure, "
            "t.out_of_scope AND NOT t.unsure AS declined, "
            "EXISTS (SELECT 1 FROM review_complaints c WHERE c.about_event_id = t.event_id) AS complained, "
            "l.action, l.topic, l.note, l.by, l.at AS labelled_at, l.training "
            "FROM turns t LEFT JOIN review_labels l ON l.event_id = t.event_id "
            "WHERE (t.out_of_scope OR t.unsure OR EXISTS "
            "   (SELECT 1 FROM review_complaints c WHERE c.about_event_id = t.event_id)) "
            "AND NOT EXISTS (SELECT 1 FROM review_complaints c WHERE c.complaint_event_id = t.event_id) "
            f"{state}{only}ORDER BY t.event_id DESC LIMIT ?",
            (*(ids or ()), limit),
        ).fetchall()
    items = []
    for row in rows:
        reasons = [name for name, flag in (("declined", row["declined"]), ("unsure", row["unsure"])) if flag]
        if row["complained"]:
            reasons.append("complaint")
        label = None
        if row["action"]:
            label = {key: row[key] for key in ("action", "topic", "note", "by", "labelled_at", "training")}
        items.append(
            Item(row["event_id"], row["sender_id"], row["at"], row["intent"], row["confidence"], reasons, label=label)
        )
    return items


def _fill(items: list[Item], stream: analytics.EventStream) -> list[Item]:
    """Each item's text, the replies it got and the turns around it, from the stream. An item whose
    events are no longer there (purged, deleted) is dropped."""
    wanted = {item.event_id: item for item in items}
    by_sender: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for event_id, sender, event in stream.of_senders(sorted({item.sender_id for item in items})):
        by_sender.setdefault(sender, []).append((event_id, event))
    found = []
    for events in by_sender.values():
        turns = _turns(events)
        for index, (event_id, text, replies) in enumerate(turns):
            item = wanted.get(event_id)
            if item is None:
                continue
            item.text, item.replies = text, replies
            if index > 0:
                item.before = [{"who": "Patient", "text": turns[index - 1][1]}] + [
                    {"who": "Assistant", "text": reply} for reply in turns[index - 1][2][:1]
                ]
            item.after = turns[index + 1][1] if index + 1 < len(turns) else ""
            found.append(item)
    return sorted(found, key=lambda item: -item.event_id)


def _turns(events: Sequence[tuple[int, Mapping[str, Any]]]) -> list[tuple[int, str, list[str]]]:
    """A conversation as (user event id, patient text, reply texts)."""
    turns: list[tuple[int, str, list[str]]] = []
    for event_id, event in events:
        if event.get("event") == "user":
            turns.append((event_id, str(event.get("text") or ""), []))
        elif event.get("event") == "bot" and event.get("text") and turns:
            turns[-1][2].append(str(event["text"]))
    return turns


def queue(store: Store, stream: analytics.EventStream, handled: bool = False) -> list[Group]:
    ingest(store, stream)
    return group(_fill(candidates(store, handled), stream))


# --- grouping ------------------------------------------------------------------------------------------
def _clean(text: str) -> str:
    return PLACEHOLDER.sub(" ", text.lower())


def group(items: list[Item]) -> list[Group]:
    """Similar messages together: average-linkage clustering of TF-IDF vectors by cosine distance.
    Deterministic: no random state anywhere, items in a fixed order, ties broken by event id. Largest
    groups first, then the most recent."""
    if not items:
        return []
    items = sorted(items, key=lambda item: item.event_id)
    texts = [_clean(item.text) for item in items]
    words = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    try:
        word_matrix = words.fit_transform(texts)
    except ValueError:  # nothing but stop words in every message
        word_matrix = None
    char_matrix = chars.fit_transform([t if t.strip() else "_" for t in texts])
    matrix = normalize(hstack([m for m in (word_matrix, char_matrix) if m is not None]).tocsr())
    if len(items) == 1:
        labels = np.array([1])
    else:
        similarity = (matrix @ matrix.T).toarray()
        distance = np.clip(1.0 - similarity, 0.0, 2.0)
        condensed = distance[np.triu_indices(len(items), k=1)]
        labels = fcluster(linkage(condensed, method="average"), t=GROUP_DISTANCE, criterion="distance")
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    vocabulary = np.array(words.get_feature_names_out()) if word_matrix is not None else np.array([])
    groups = []
    for indexes in members.values():
        terms: list[str] = []
        if word_matrix is not None:
            weights = np.asarray(word_matrix[indexes].sum(axis=0)).ravel()
            order = sorted(range(len(weights)), key=lambda i: (-weights[i], vocabulary[i]))
            terms = [str(vocabulary[i]) for i in order[:3] if weights[i] > 0]
        chosen = sorted((items[i] for i in indexes), key=lambda item: -item.event_id)
        groups.append(Group(chosen, terms))
    return sorted(groups, key=lambda g: (-len(g.items), -g.key))


# --- labels --------------------------------------------------------------------------------------------
class LabelError(ValueError):
    """A label the console refuses, with a message for the reviewer."""


@dataclass(frozen=True)
class Labelled:
    labelled: int  # items given the label now
    already: int  # items that had this label already (nothing changed, nothing logged)
    added: tuple[str, ...] = ()  # training examples added to the reviewed-data file
    refused: tuple[tuple[str, str], ...] = ()  # texts kept out of it, and why


def label(
    store: Store,
    stream: analytics.EventStream,
    reviewed: ReviewedData,
    event_ids: Iterable[int],
    action: str,
    actor: str,
    role: str,
    topic: str = "",
    note: str = "",
    ip: str = "",
) -> Labelled:
    """Give each item the label (a group is its items), with who and when, one audit entry per item.
    Labelling an item again with the same label changes nothing; another label replaces it."""
    if action not in ACTIONS:
        raise LabelError("Choose what to do with the messages.")
    if action == "topic" and topic not in TOPIC_CHOICES:
        raise LabelError("Choose the topic the messages should have been answered with.")
    if action != "topic":
        topic = ""
    note = " ".join(note.split())[:1000] if action == "content_gap" else ""
    ids = sorted({int(i) for i in event_ids})
    if not ids:
        raise LabelError("Select at least one message.")
    ingest(store, stream)
    chosen = candidates(store, None, limit=len(ids), ids=ids)
    if len(chosen) != len(ids):
        raise LabelError("Some of these messages are not in the review queue (any more).")
    chosen = _fill(chosen, stream)
    if len(chosen) != len(ids):
        raise LabelError("Some of these messages are no longer stored.")
    todo = [
        item
        for item in chosen
        if not (item.label and item.label["action"] == action and (item.label["topic"] or "") == topic)
    ]
    outcome = reviewed.add(topic, [item.text for item in todo]) if action == "topic" and todo else None
    refused = {text for text, _why in outcome.refused} if outcome else set()
    if action != "topic":  # a topic taken back ("correctly declined" after all): its example goes too
        withdrawn = [item.text for item in todo if item.label and item.label["training"] == "added"]
        if withdrawn:
            reviewed.remove(withdrawn)
    now = time.time()
    with store.connect() as db:
        for item in todo:
            training = "" if action != "topic" else ("refused" if item.text in refused else "added")
            db.execute(
                "INSERT OR REPLACE INTO review_labels (event_id, sender_id, action, topic, note, by, at, training) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (item.event_id, item.sender_id, action, topic, note, actor, now, training),
            )
            # A new label is a new judgement: a gap "dealt with" under the old one is open again (gaps.py).
            db.execute("DELETE FROM gap_resolutions WHERE event_id = ?", (item.event_id,))
            detail: dict[str, Any] = {"action": action, "event_id": item.event_id}
            if topic:
                detail.update(topic=topic, training=training)
            audit.record(db, "review_label", actor, role=role, target=item.sender_id, detail=detail, ip=ip, at=now)
    return Labelled(
        len(todo),
        len(chosen) - len(todo),
        outcome.added if outcome else (),
        outcome.refused if outcome else (),
    )


def content_gaps(store: Store, stream: analytics.EventStream) -> list[Item]:
    """The messages labelled "content gap", latest first, with the reviewer's note: what editors read."""
    ingest(store, stream)
    with store.connect() as db:
        ids = [
            row[0]
            for row in db.execute(
                "SELECT event_id FROM review_labels WHERE action = 'content_gap' ORDER BY event_id DESC LIMIT ?",
                (MAX_ITEMS,),
            )
        ]
    return _fill(candidates(store, True, limit=len(ids), ids=ids), stream) if ids else []


def forget(db: sqlite3.Connection, sender_id: str) -> int:
    """A conversation's review rows (data rights deletion, in the caller's transaction)."""
    gone = db.execute("DELETE FROM review_labels WHERE sender_id = ?", (sender_id,)).rowcount
    gone += db.execute("DELETE FROM review_complaints WHERE sender_id = ?", (sender_id,)).rowcount
    gone += db.execute("DELETE FROM gap_resolutions WHERE sender_id = ?", (sender_id,)).rowcount
    return int(gone)


def labelled_event_ids(store: Store, sender_id: str, action: str) -> list[int]:
    with store.connect() as db:
        rows = db.execute(
            "SELECT event_id FROM review_labels WHERE sender_id = ? AND action = ? ORDER BY event_id",
            (sender_id, action),
        ).fetchall()
    return [row[0] for row in rows]
