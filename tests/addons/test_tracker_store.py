"""The private SQL tracker store: scrubbed on write (checked in the real SQLite file) and purged."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_store import PrivateSQLTrackerStore

DOMAIN = Domain.load("domain.yml")


def store_at(path) -> PrivateSQLTrackerStore:
    return PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path), retention_days=30)


def conversation(sender: str, text: str, at: float) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen", timestamp=at))
    tracker.update(
        UserUttered(
            text,
            {"name": "ask_infection", "confidence": 0.9},
            parse_data={"text": text, "intent": {"name": "ask_infection"}},
            metadata={"phone": "555 123 4567"},
            timestamp=at,
        )
    )
    tracker.update(BotUttered("Infection answer", timestamp=at))
    return tracker


def stored_rows(path):
    with sqlite3.connect(path) as db:
        return [json.loads(row[0]) for row in db.execute("select data from events order by id")]


def test_what_lands_in_the_database_has_no_identifiers(tmp_path):
    db = tmp_path / "c.db"
    store = store_at(db)
    text = "my name is Jane Roe, MRN XK-884422, call 555-867-5309 or jane@example.com: infection risk?"
    asyncio.run(store.save(conversation("p1", text, time.time())))
    raw = (tmp_path / "c.db").read_bytes().decode("latin-1")
    for secret in ("Jane", "XK-884422", "867-5309", "jane@example.com", "555 123 4567"):
        assert secret not in raw
    user = next(r for r in stored_rows(db) if r["event"] == "user")
    assert "infection risk?" in user["text"] and "[name]" in user["text"] and user["metadata"]["phone"] == "[phone]"


def test_a_later_turn_adds_only_its_own_events_and_they_are_scrubbed_too(tmp_path):
    db = tmp_path / "c.db"
    store = store_at(db)
    tracker = conversation("p1", "what is a dural tear?", time.time())
    asyncio.run(store.save(tracker))
    tracker = asyncio.run(store.retrieve("p1"))
    tracker.update(UserUttered("my email is jo@example.com, is a leak serious?", timestamp=time.time()))
    tracker.update(BotUttered("Leak answer", timestamp=time.time()))
    asyncio.run(store.save(tracker))
    rows = stored_rows(db)
    assert [r["event"] for r in rows] == ["action", "user", "bot", "user", "bot"]
    assert rows[3]["text"] == "my email is [email], is a leak serious?"


def test_the_conversation_reads_back_in_order_and_keeps_its_context(tmp_path):
    store = store_at(tmp_path / "c.db")
    asyncio.run(store.save(conversation("p1", "what is a dural tear?", time.time())))
    loaded = asyncio.run(store.retrieve("p1"))
    assert [e.type_name for e in loaded.events][-3:] == ["action", "user", "bot"]
    assert loaded.latest_message.text == "what is a dural tear?"


def test_purge_removes_only_conversations_past_retention(tmp_path):
    db = tmp_path / "c.db"
    store = store_at(db)
    now = time.time()
    asyncio.run(store.save(conversation("old", "hello", now - 31 * 86_400)))
    asyncio.run(store.save(conversation("recent", "hello", now - 29 * 86_400)))
    assert store.purge(now=now) == 1
    senders = {r[0] for r in sqlite3.connect(db).execute("select distinct sender_id from events")}
    assert senders == {"recent"}
    assert store.purge(retention_days=1, now=now) == 1


def test_sqlite_runs_in_write_ahead_log_mode(tmp_path):
    store = store_at(tmp_path / "c.db")
    asyncio.run(store.save(conversation("p1", "hello", time.time())))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_two_servers_on_one_sqlite_file_see_each_others_turns(tmp_path):
    # `make run`'s two Rasa replicas share the file, each keeping its connection open (addons/tracker_store.py):
    # a turn saved by one must be what the other reads next, never an older snapshot.
    db = tmp_path / "shared.db"
    first, second = store_at(db), store_at(db)
    asyncio.run(first.save(conversation("p1", "what about infection?", time.time())))
    tracker = asyncio.run(second.retrieve("p1"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["what about infection?"]
    tracker.update(UserUttered("and how common is that?", timestamp=time.time()))
    tracker.update(BotUttered("Likelihood answer", timestamp=time.time()))
    asyncio.run(second.save(tracker))
    again = asyncio.run(first.retrieve("p1"))
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == [
        "what about infection?",
        "and how common is that?",
    ]
    assert first.engine.pool.__class__.__name__ == "SingletonThreadPool"  # the connection stays open
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone() == ("wal",)
