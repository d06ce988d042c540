"""The console's event stream (addons/event_broker.py): what Rasa's tracker store publishes lands scrubbed
exactly as in the tracker store itself, is readable as Rasa's own SQL broker table, and is purged with it."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

from addons.event_broker import ScrubbingSQLEventBroker
from addons.tracker_store import PrivateSQLTrackerStore
from tests.addons.test_tracker_store import DOMAIN, conversation

IDENTIFYING = "my name is Jane Roe, MRN XK-884422, call 555-867-5309 or jane@example.com: infection risk?"


def rows(path, table="events"):
    with sqlite3.connect(path) as db:
        return [json.loads(row[0]) for row in db.execute(f"select data from {table} order by id")]


def test_the_stream_holds_what_the_tracker_store_holds_and_no_identifier(tmp_path):
    broker = ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"))
    store = PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "c.sqlite"), event_broker=broker)
    asyncio.run(store.save(conversation("p1", IDENTIFYING, time.time())))
    streamed, stored = rows(tmp_path / "events.sqlite"), rows(tmp_path / "c.sqlite")
    raw = (tmp_path / "events.sqlite").read_bytes().decode("latin-1")
    for secret in ("Jane", "XK-884422", "867-5309", "jane@example.com", "555 123 4567"):
        assert secret not in raw
    user = [e for e in streamed if e["event"] == "user"]
    assert [e["text"] for e in user] == [e["text"] for e in stored if e["event"] == "user"]
    assert user[0]["text"].startswith("my name is [name], [record number], call [phone] or [email]")
    assert user[0]["metadata"] == {"phone": "[phone]"} and user[0]["sender_id"] == "p1"
    assert [e["event"] for e in streamed] == [e["event"] for e in stored]


def test_a_direct_publish_is_scrubbed_too_and_rasas_columns_are_kept(tmp_path):
    broker = ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"))
    broker.publish({"sender_id": "p2", "event": "user", "text": "my number is 555-867-5309", "timestamp": 12.5})
    with sqlite3.connect(tmp_path / "events.sqlite") as db:
        sender, data, timestamp = db.execute("select sender_id, data, timestamp from events").fetchone()
    assert (sender, json.loads(data)["text"], timestamp) == ("p2", "my number is [phone]", 12.5)


def test_the_purge_removes_conversations_idle_past_the_retention(tmp_path):
    broker = ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"), retention_days=30)
    now = time.time()
    for sender, age in (("stale", 40), ("fresh", 1)):
        broker.publish({"sender_id": sender, "event": "user", "text": "hi", "timestamp": now - age * 86_400})
    broker.publish({"sender_id": "stale", "event": "bot", "text": "hello", "timestamp": now - 39 * 86_400})
    assert broker.purge(now=now) == 1
    with sqlite3.connect(tmp_path / "events.sqlite") as db:
        assert {r[0] for r in db.execute("select sender_id from events")} == {"fresh", None}
        # the newest row went: a row with no sender and no content keeps its id taken (_delete_senders)
        assert db.execute("select data from events where sender_id is null").fetchall() == [('{"event": "deleted"}',)]


def test_each_save_streams_only_its_new_events(tmp_path):
    from rasa.shared.core.events import BotUttered, UserUttered

    broker = ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"))
    store = PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "c.sqlite"), event_broker=broker)
    tracker = conversation("p3", "hello", time.time())
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("and blood clots? my number is 555-867-5309", {"name": "ask_blood_clots"}))
    tracker.update(BotUttered("Blood clots answer"))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # nothing new
    streamed, stored = rows(tmp_path / "events.sqlite"), rows(tmp_path / "c.sqlite")
    assert len(streamed) == len(stored) == len(tracker.events)
    assert streamed[-2]["text"] == "and blood clots? my number is [phone]"


def test_a_broker_that_does_not_scrub_gets_scrubbed_events_from_the_tracker_store(tmp_path):
    """Rasa's plain SQL broker (or Kafka, Pika) configured instead: the tracker store hands it a scrubbed copy."""
    from rasa.core.brokers.sql import SQLEventBroker

    broker = SQLEventBroker(dialect="sqlite", db=str(tmp_path / "plain.sqlite"))
    store = PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "c.sqlite"), event_broker=broker)
    asyncio.run(store.save(conversation("p4", IDENTIFYING, time.time())))
    raw = (tmp_path / "plain.sqlite").read_bytes().decode("latin-1")
    assert "867-5309" not in raw and "Jane" not in raw and "[phone]" in raw
    assert len(rows(tmp_path / "plain.sqlite")) == len(rows(tmp_path / "c.sqlite"))


def test_servers_starting_at_once_on_a_new_database_all_connect(tmp_path):
    # `make run` starts two Rasa servers together: both may find no table and both create it.
    import threading

    path = tmp_path / "events.sqlite"
    start = threading.Barrier(6)
    failures: list[BaseException] = []

    def connect() -> None:
        start.wait()
        try:
            ScrubbingSQLEventBroker(db=str(path))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=connect) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
