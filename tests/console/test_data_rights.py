"""A patient's conversation found, exported and deleted everywhere it is stored: the real tracker store
(SQLite) saving with the real event broker attached, as the Rasa server does, both opened from an
endpoints file the way `make purge` opens them; the console's real database and reviewed-data file."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.event_broker import ScrubbingSQLEventBroker
from addons.tracker_store import PrivateSQLTrackerStore
from console import analytics, data_rights, review
from console.reviewed_data import ReviewedData
from tests.addons.test_tracker_store import DOMAIN

NOW = time.time()
QUESTION = "can my cat come to the ward? my number is 555 123 4567"
STORED = "can my cat come to the ward? my number is [phone]"  # scrubbed before it is stored


def conversation(sender: str, turns: list[tuple[str, str, str]]) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    for n, (text, intent, topic) in enumerate(turns):
        at = NOW - 60 + n
        tracker.update(ActionExecuted("action_listen", timestamp=at))
        parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}}
        tracker.update(UserUttered(text, parse["intent"], parse_data=parse, input_channel="socketio", timestamp=at))
        tracker.update(BotUttered(f"Reply about {topic}", timestamp=at + 0.1))
        tracker.update(BotUttered(None, {"custom": {"topic": topic, "source": None}}, timestamp=at + 0.1))
    return tracker


def as_the_rasa_server_saves(tmp_path) -> PrivateSQLTrackerStore:
    """The tracker store with the event broker attached: each save also streams its new events."""
    broker = ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"))
    return PrivateSQLTrackerStore(
        domain=DOMAIN, event_broker=broker, dialect="sqlite", db=str(tmp_path / "conversations.sqlite")
    )


@pytest.fixture
def endpoints(tmp_path):
    path = tmp_path / "endpoints.yml"
    path.write_text(
        "tracker_store:\n  type: addons.tracker_store.PrivateSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {tmp_path / 'conversations.sqlite'}\n  retention_days: 30\n"
        "event_broker:\n  type: addons.event_broker.ScrubbingSQLEventBroker\n"
        f"  dialect: sqlite\n  db: {tmp_path / 'events.sqlite'}\n"
    )
    store = as_the_rasa_server_saves(tmp_path)
    asyncio.run(store.save(conversation("kiosk-keep", [("what is a dural tear", "ask_dural_tear", "dural_tear")])))
    asyncio.run(
        store.save(
            conversation(
                "kiosk-gone",
                [("how likely is infection", "ask_infection", "infection"), (QUESTION, "out_of_scope", "out_of_scope")],
            )
        )
    )
    return path


def senders(path, table: str = "events") -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute(f"SELECT DISTINCT sender_id FROM {table} WHERE sender_id IS NOT NULL")}


def test_a_conversation_is_found_exported_and_deleted_everywhere(tmp_path, endpoints, store, stream):
    stores = data_rights.RasaStores(endpoints)
    reviewed = ReviewedData(tmp_path / "reviewed" / "nlu_reviewed.yml")
    # a reviewer took the declined question into the training data
    groups = review.queue(store, stream)
    ids = [item.event_id for g in groups for item in g.items if item.sender_id == "kiosk-gone"]
    review.label(store, stream, reviewed, ids, "topic", "eve", "editor", topic="out_of_scope")
    assert reviewed.read() == {"out_of_scope": [STORED]}

    found = data_rights.find(store, stream, stores, "kiosk-gone")
    assert found.found and found.tracker_events > 0 and found.stream_events > 0
    assert (found.figures, found.review_rows) == (2, 1)
    document = data_rights.export(stores, stream, "kiosk-gone")
    assert document is not None and document["conversation_id"] == "kiosk-gone"
    patient = [m["text"] for m in document["messages"] if m["from"] == "patient"]
    assert patient == ["how likely is infection", STORED]  # as stored
    assert "555" not in json.dumps(document)
    assert [m["topics"] for m in document["messages"] if m["from"] == "assistant"] == [["infection"], ["out_of_scope"]]

    deleted = data_rights.delete(store, stream, stores, reviewed, "kiosk-gone", "ada", "admin", "127.0.0.1")
    assert (deleted.figures, deleted.review_rows, deleted.training_examples) == (2, 1, 1)
    assert deleted.tracker_events == found.tracker_events and deleted.stream_events == found.stream_events
    assert senders(tmp_path / "conversations.sqlite") == {"kiosk-keep"}  # the tracker store
    assert senders(tmp_path / "events.sqlite") == {"kiosk-keep"}  # the event stream
    assert senders(store.path, "turns") == {"kiosk-keep"}
    assert reviewed.read() == {}
    assert not data_rights.find(store, stream, stores, "kiosk-gone").found
    assert data_rights.export(stores, stream, "kiosk-gone") is None
    assert analytics.transcript(stream, "kiosk-gone") == []
    assert data_rights.export(stores, stream, "kiosk-keep") is not None

    with store.connect() as db:
        entry = db.execute(
            "SELECT actor, role, target, detail FROM audit WHERE action = 'conversation_deleted'"
        ).fetchone()
    assert (entry["actor"], entry["role"], entry["target"]) == ("ada", "admin", "kiosk-gone")
    assert json.loads(entry["detail"])["tracker_events"] == deleted.tracker_events
    assert "cat" not in entry["detail"] and "infection" not in entry["detail"]  # the id, never the content


def test_the_purge_and_the_deletion_go_through_the_same_store_code(tmp_path, endpoints):
    """make purge opens the stores as the console does (open_stores) and deletes as it does (_delete_senders)."""
    from scripts.purge_conversations import main

    assert main(["--endpoints", str(endpoints), "--days", "0"]) == 0
    assert senders(tmp_path / "conversations.sqlite") == set() and senders(tmp_path / "events.sqlite") == set()


def test_a_training_example_another_conversation_also_gave_stays(tmp_path, endpoints, store, stream):
    stores = data_rights.RasaStores(endpoints)
    asyncio.run(
        as_the_rasa_server_saves(tmp_path).save(
            conversation("widget-other", [(QUESTION, "out_of_scope", "out_of_scope")])
        )
    )
    reviewed = ReviewedData(tmp_path / "reviewed" / "nlu_reviewed.yml")
    ids = [i.event_id for g in review.queue(store, stream) for i in g.items]
    review.label(store, stream, reviewed, ids, "topic", "eve", "editor", topic="out_of_scope")
    assert data_rights.delete(store, stream, stores, reviewed, "kiosk-gone", "ada", "admin").training_examples == 0
    assert reviewed.read() == {"out_of_scope": [STORED]}


def test_events_written_after_deleting_the_newest_conversation_are_still_read(tmp_path, endpoints, store, stream):
    """SQLite would give the deleted events' ids to the next ones, which the console has read past."""
    stores = data_rights.RasaStores(endpoints)
    analytics.ingest(store, stream)
    data_rights.delete(store, stream, stores, ReviewedData(tmp_path / "r.yml"), "kiosk-gone", "ada", "admin")
    asyncio.run(as_the_rasa_server_saves(tmp_path).save(conversation("kiosk-next", [("hello", "greet", "greet")])))
    analytics.ingest(store, stream)
    assert senders(store.path, "turns") == {"kiosk-keep", "kiosk-next"}
    assert [line["text"] for line in analytics.transcript(stream, "kiosk-next") if line["kind"] == "patient"] == [
        "hello"
    ]
