"""The effective endpoints: SQLite by default, PostgreSQL and Redis when the variables say so, and no
secret ever written to the file."""

from __future__ import annotations

import pytest
import yaml

from scripts.endpoints import describe, effective, write


def test_by_default_conversations_go_to_sqlite_with_an_in_process_lock():
    config = effective({})
    assert config["tracker_store"]["type"] == "addons.tracker_store.PrivateSQLTrackerStore"
    assert config["tracker_store"]["dialect"] == "sqlite"
    assert config["tracker_store"]["db"] == ".run/conversations.sqlite"
    assert "lock_store" not in config
    assert config["action_endpoint"]["url"] == "http://localhost:5055/webhook"


def test_postgresql_and_redis_are_chosen_by_environment_variables():
    config = effective(
        {
            "MISS_TRACKER_DIALECT": "postgresql",
            "MISS_DB_HOST": "db.internal",
            "MISS_DB_PORT": "6432",
            "MISS_DB_PASSWORD": "s3cr3t-value",
            "MISS_REDIS_HOST": "redis.internal",
            "MISS_ACTION_URL": "http://actions:5055/webhook",
            "MISS_RETENTION_DAYS": "14",
        }
    )
    store, lock = config["tracker_store"], config["lock_store"]
    assert (store["dialect"], store["url"], store["port"], store["db"]) == ("postgresql", "db.internal", 6432, "miss")
    assert store["type"] == "addons.tracker_store.PrivateSQLTrackerStore"  # still scrubbing
    assert store["retention_days"] == 14
    assert store["password"] == "${MISS_DB_PASSWORD}"
    assert lock["type"] == "addons.lock_store.RenewingRedisLockStore" and lock["url"] == "redis.internal"
    assert config["action_endpoint"]["url"] == "http://actions:5055/webhook"
    assert "postgresql at db.internal:6432/miss" in describe(config)


def test_the_written_file_holds_no_password(tmp_path):
    out = tmp_path / "endpoints.yml"
    write(
        out,
        {
            "MISS_TRACKER_DIALECT": "postgresql",
            "MISS_DB_HOST": "h",
            "MISS_DB_PASSWORD": "s3cr3t-value",
            "MISS_REDIS_HOST": "r",
            "MISS_REDIS_PASSWORD": "r3dis-value",
        },
    )
    text = out.read_text()
    assert "s3cr3t-value" not in text and "r3dis-value" not in text
    assert yaml.safe_load(text)["lock_store"]["password"] == "${MISS_REDIS_PASSWORD}"


@pytest.mark.parametrize("env", [{"MISS_TRACKER_DIALECT": "postgresql"}, {"MISS_TRACKER_DIALECT": "mysql"}])
def test_an_incomplete_or_unknown_choice_is_refused(env):
    with pytest.raises(ValueError):
        effective(env)


def test_the_console_event_stream_is_its_own_sqlite_file_beside_each_instances_conversations():
    default = effective({})["event_broker"]
    assert default == {
        "type": "addons.event_broker.ScrubbingSQLEventBroker",
        "dialect": "sqlite",
        "db": ".run/events.sqlite",
        "retention_days": 30,
    }
    test_instance = effective({"MISS_SQLITE_PATH": "/tmp/x/conversations-5505.sqlite", "MISS_RETENTION_DAYS": "7"})
    assert test_instance["event_broker"]["db"] == "/tmp/x/conversations-5505-events.sqlite"
    assert test_instance["event_broker"]["retention_days"] == 7  # scrubbed text kept no longer than there
    chosen = effective({"MISS_SQLITE_PATH": "/tmp/x/c.sqlite", "MISS_EVENTS_SQLITE_PATH": "/data/events.sqlite"})
    assert chosen["event_broker"]["db"] == "/data/events.sqlite"
    assert "console events at /data/events.sqlite" in describe(chosen)


SCALED_OUT = {"MISS_TRACKER_DIALECT": "postgresql", "MISS_DB_HOST": "db.internal", "MISS_DB_PORT": "6432"}


def test_scaled_out_the_event_stream_is_a_postgresql_database_of_its_own_with_the_same_retention():
    config = effective({**SCALED_OUT, "MISS_DB_PASSWORD": "s3cr3t-value", "MISS_RETENTION_DAYS": "14"})
    broker, store = config["event_broker"], config["tracker_store"]
    assert broker == {
        "type": "addons.event_broker.ScrubbingSQLEventBroker",  # still scrubbing each event
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 6432,
        "db": "miss_events",
        "username": "miss",
        "password": "${MISS_DB_PASSWORD}",
        "retention_days": 14,
    }
    assert broker["db"] != store["db"]  # never the tracker store's `events` table
    assert "console events at postgresql db.internal:6432/miss_events" in describe(config)


def test_the_event_database_is_named_by_its_variable_and_follows_the_tracker_stores_user():
    config = effective({**SCALED_OUT, "MISS_EVENTS_DB_NAME": "clinic_events", "MISS_DB_USER": "clinic"})
    assert (config["event_broker"]["db"], config["event_broker"]["username"]) == ("clinic_events", "clinic")
    assert "password" not in config["event_broker"]  # none set: none referenced
    # the SQLite-only variable does not move a PostgreSQL stream back to a file
    assert effective({**SCALED_OUT, "MISS_EVENTS_SQLITE_PATH": "/x.sqlite"})["event_broker"]["dialect"] == "postgresql"


def test_the_event_database_may_not_be_the_tracker_stores():
    with pytest.raises(ValueError, match="MISS_EVENTS_DB_NAME"):
        effective({**SCALED_OUT, "MISS_DB_NAME": "miss", "MISS_EVENTS_DB_NAME": "miss"})


def test_the_written_scaled_out_file_holds_the_brokers_password_only_as_a_reference(tmp_path):
    out = tmp_path / "endpoints.yml"
    write(out, {**SCALED_OUT, "MISS_DB_PASSWORD": "s3cr3t-value"})
    assert "s3cr3t-value" not in out.read_text()
    assert yaml.safe_load(out.read_text())["event_broker"]["password"] == "${MISS_DB_PASSWORD}"
