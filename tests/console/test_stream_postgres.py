"""The console's event stream on a real PostgreSQL (tests/postgres.py), as scaled out: the scrubbing broker
in a database of its own, read by id while rows commit out of id order, purged and emptied of one
conversation together with the PostgreSQL tracker store."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
import sqlalchemy as sa

from addons.event_broker import ScrubbingSQLEventBroker
from addons.tracker_store import PrivateSQLTrackerStore
from console import analytics, data_rights, event_stream
from console.reviewed_data import ReviewedData
from scripts import endpoints
from tests.addons.test_tracker_store import DOMAIN
from tests.console.test_data_rights import QUESTION, STORED, conversation
from tests.postgres import EVENTS_DB, TRACKER_DB, TestPostgres, running_postgres


@pytest.fixture(scope="module")
def pg():
    with running_postgres() as server:
        yield server


@pytest.fixture
def broker(pg: TestPostgres) -> ScrubbingSQLEventBroker:
    """The broker as a Rasa replica opens it, on an emptied events table (one server for the module)."""
    broker = ScrubbingSQLEventBroker(**pg.broker_kwargs())
    with broker.engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE events RESTART IDENTITY"))
    return broker


def stream_of(pg: TestPostgres, grace_seconds: float = event_stream.GRACE_SECONDS) -> analytics.EventStream:
    """The stream as the console's web server opens it: the endpoints file's section, password by reference."""
    env = pg.env()
    return analytics.EventStream(endpoints.effective(env)["event_broker"], env=env, grace_seconds=grace_seconds)


def user(sender: str, text: str = "what is a dural tear") -> dict:
    return {"sender_id": sender, "event": "user", "text": text, "timestamp": 1.0, "input_channel": "rest"}


def ids(rows) -> list[int]:
    return [row[0] for row in rows]


def test_replicas_starting_together_on_a_new_database_both_get_the_table_with_its_write_time(pg: TestPostgres):
    pg.server.psql("CREATE DATABASE race")
    started: list[object] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(3)

    def replica() -> None:
        barrier.wait()
        try:
            started.append(ScrubbingSQLEventBroker(**{**pg.broker_kwargs(), "db": "race"}))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=replica) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(started) == 3
    columns = pg.server.psql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
        "race",
    )
    assert [c[0] for c in columns] == ["id", "sender_id", "data", "timestamp", "written_at"]


def test_a_publish_is_scrubbed_in_postgresql(pg: TestPostgres, broker: ScrubbingSQLEventBroker):
    broker.publish(user("p1", "my number is 555-867-5309"))
    assert pg.server.psql("SELECT sender_id, data::json->>'text' FROM events", EVENTS_DB) == [
        ["p1", "my number is [phone]"]
    ]


def test_an_id_that_commits_after_a_higher_one_is_still_counted_once(pg, broker, store):
    stream = stream_of(pg)
    broker.publish(user("first"))
    with broker.engine.connect() as slow:  # replica A: its id is taken, its transaction still open
        transaction = slow.begin()
        try:
            slow.execute(ScrubbedInsert, [{"sender_id": "slow", "data": json.dumps(user("slow")), "timestamp": 1.0}])
            broker.publish(user("fast"))  # replica B: a higher id, committed first
            assert ids(stream.after(0)) == [1]  # not past the open transaction's id
            assert analytics.ingest(store, stream) == 1
            transaction.commit()
        finally:
            if transaction.is_active:
                transaction.rollback()  # a failed check must not leave a lock for the next test's TRUNCATE
    assert analytics.ingest(store, stream) == 2  # read now, not skipped
    with store.connect() as db:
        counted = sorted(row[0] for row in db.execute("SELECT sender_id FROM turns"))
    assert counted == ["fast", "first", "slow"]
    assert analytics.ingest(store, stream) == 0  # and never again


def test_a_gap_that_never_fills_is_passed_once_it_is_older_than_the_grace_window(pg, broker):
    stream = stream_of(pg, grace_seconds=3600)
    broker.publish(user("kept"))
    with broker.engine.connect() as doomed:  # a publish rolled back: its id stays empty for ever
        transaction = doomed.begin()
        doomed.execute(ScrubbedInsert, [{"sender_id": "x", "data": json.dumps(user("x")), "timestamp": 1.0}])
        transaction.rollback()
    broker.publish(user("after"))
    broker.publish(user("gone"))
    broker.delete_conversation("gone")  # a patient's deletion: the newest id empties, nothing is added
    assert ids(stream.after(0)) == [1]
    with broker.engine.begin() as connection:  # an hour later, by the database's clock
        connection.execute(sa.text("UPDATE events SET written_at = written_at - interval '2 hours'"))
    assert [(row[0], row[1]) for row in stream.after(0)] == [(1, "kept"), (3, "after")]
    assert ids(stream.after(3)) == []


def test_the_console_reads_a_missing_table_as_an_empty_stream_and_needs_the_password_variable(pg):
    pg.server.psql("CREATE DATABASE not_started_yet")
    env = {**pg.env(), "MISS_EVENTS_DB_NAME": "not_started_yet"}
    section = endpoints.effective(env)["event_broker"]
    assert analytics.EventStream(section, env=env).after(0) == []
    with pytest.raises(ValueError, match="MISS_DB_PASSWORD"):
        analytics.EventStream(section, env={k: v for k, v in env.items() if k != "MISS_DB_PASSWORD"})


@pytest.fixture
def saved(pg: TestPostgres, broker, tmp_path, monkeypatch):
    """Two conversations saved by the PostgreSQL tracker store with the PostgreSQL broker attached, as a
    replica saves them; the endpoints file the replicas were started with (password by reference)."""
    for name, value in pg.env().items():
        monkeypatch.setenv(name, value)  # Rasa fills ${MISS_DB_PASSWORD} in from the environment
    kwargs = {k: v for k, v in pg.broker_kwargs().items() if k != "db"}
    tracker_store = PrivateSQLTrackerStore(domain=DOMAIN, event_broker=broker, db=TRACKER_DB, **kwargs)
    with tracker_store.engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE events"))
    asyncio.run(tracker_store.save(conversation("pg-keep", [("what is a dural tear", "ask_dural_tear", "dural_tear")])))
    asyncio.run(
        tracker_store.save(
            conversation(
                "pg-gone",
                [("how likely is infection", "ask_infection", "infection"), (QUESTION, "out_of_scope", "out_of_scope")],
            )
        )
    )
    path = tmp_path / "endpoints.yml"
    endpoints.write(path, pg.env())
    return path


def senders(pg: TestPostgres, database: str) -> set[str]:
    return {row[0] for row in pg.server.psql("SELECT DISTINCT sender_id FROM events", database)}


def test_a_patients_conversation_is_found_exported_and_deleted_from_both_postgresql_databases(
    pg, saved, store, tmp_path
):
    stream, stores = stream_of(pg), data_rights.RasaStores(saved)
    found = data_rights.find(store, stream, stores, "pg-gone")
    assert found.tracker_events > 0 and found.stream_events > 0 and found.figures == 2
    document = data_rights.export(stores, stream, "pg-gone")
    assert document is not None
    assert [m["text"] for m in document["messages"] if m["from"] == "patient"] == ["how likely is infection", STORED]

    deleted = data_rights.delete(store, stream, stores, ReviewedData(tmp_path / "r.yml"), "pg-gone", "ada", "admin")
    assert (deleted.tracker_events, deleted.stream_events) == (found.tracker_events, found.stream_events)
    assert senders(pg, TRACKER_DB) == {"pg-keep"} and senders(pg, EVENTS_DB) == {"pg-keep"}
    assert not data_rights.find(store, stream, stores, "pg-gone").found
    assert data_rights.export(stores, stream, "pg-gone") is None


def test_make_purge_empties_both_postgresql_databases(pg, saved):
    from scripts.purge_conversations import main

    assert main(["--endpoints", str(saved), "--days", "1"]) == 0
    assert senders(pg, TRACKER_DB) == {"pg-keep", "pg-gone"}  # a minute old: kept
    assert main(["--endpoints", str(saved), "--days", "0"]) == 0
    assert senders(pg, TRACKER_DB) == set() and senders(pg, EVENTS_DB) == set()


ScrubbedInsert = ScrubbingSQLEventBroker.SQLBrokerEvent.__table__.insert()
