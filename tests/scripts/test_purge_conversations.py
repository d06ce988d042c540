"""`make purge`: conversations idle past the retention period are deleted from the configured store."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from addons.tracker_store import PrivateSQLTrackerStore
from scripts.purge_conversations import main
from tests.addons.test_tracker_store import DOMAIN, conversation


def test_purge_uses_the_configured_store_and_retention(tmp_path, capsys):
    db = tmp_path / "conversations.sqlite"
    store = PrivateSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(db))
    now = time.time()
    asyncio.run(store.save(conversation("stale", "hello", now - 40 * 86_400)))
    asyncio.run(store.save(conversation("fresh", "hello", now - 1 * 86_400)))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: addons.tracker_store.PrivateSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {db}\n  retention_days: 30\n"
    )
    assert main(["--endpoints", str(endpoints)]) == 0
    assert "purged 1 conversation" in capsys.readouterr().out
    assert {r[0] for r in sqlite3.connect(db).execute("select distinct sender_id from events")} == {"fresh"}


def test_purge_refuses_a_store_it_cannot_purge(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://localhost:1/webhook\n")
    assert main(["--endpoints", str(endpoints)]) == 2


def test_purge_also_clears_the_conversations_from_the_console_event_stream(tmp_path, capsys):
    from addons.event_broker import ScrubbingSQLEventBroker

    now = time.time()
    events = tmp_path / "events.sqlite"
    broker = ScrubbingSQLEventBroker(dialect="sqlite", db=str(events))
    for sender, age in (("stale", 40), ("fresh", 1)):
        broker.publish({"sender_id": sender, "event": "user", "text": "hi", "timestamp": now - age * 86_400})
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: addons.tracker_store.PrivateSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {tmp_path / 'c.sqlite'}\n  retention_days: 30\n"
        "event_broker:\n  type: addons.event_broker.ScrubbingSQLEventBroker\n"
        f"  dialect: sqlite\n  db: {events}\n  retention_days: 30\n"
    )
    assert main(["--endpoints", str(endpoints)]) == 0
    assert "purged 1 conversation(s) from the console's event stream" in capsys.readouterr().out
    assert {r[0] for r in sqlite3.connect(events).execute("select sender_id from events")} == {"fresh"}
