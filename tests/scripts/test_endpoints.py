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


def test_scaled_out_there_is_no_event_broker_yet():
    assert "event_broker" not in effective({"MISS_TRACKER_DIALECT": "postgresql", "MISS_DB_HOST": "db"})
