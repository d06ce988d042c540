"""Write the effective endpoints file: endpoints.yml, with storage and the action server chosen by
environment variables. Nothing secret is written: passwords stay `${VAR}` references that Rasa fills in
from the environment when it reads the file.

Default (no variables): SQLite tracker store at .run/conversations.sqlite, in-process lock store.
Scaled out (docs/scaling.md):
  MISS_TRACKER_DIALECT=postgresql  MISS_DB_HOST  MISS_DB_PORT (5432)  MISS_DB_NAME (miss)
  MISS_DB_USER (miss)  MISS_DB_PASSWORD          -> PostgreSQL tracker store (still scrubbing, same retention)
  MISS_EVENTS_DB_NAME (miss_events)              -> the console's event stream (the scrubbing SQL event
                                                    broker) in a PostgreSQL database of its own, on the same
                                                    server with the same user, so that every replica writes
                                                    to the one stream the dashboard counts
  MISS_REDIS_HOST  MISS_REDIS_PORT (6379)  MISS_REDIS_DB (1)  MISS_REDIS_PASSWORD
                                                 -> Redis lock store, needed as soon as two Rasa replicas
                                                    may receive the same conversation
Always:
  MISS_ACTION_URL    where Rasa calls the action server (default from endpoints.yml)
  MISS_SQLITE_PATH   the SQLite database (default .run/conversations.sqlite)
  MISS_RETENTION_DAYS  days a conversation is kept (default from endpoints.yml, 30)
  MISS_EVENTS_SQLITE_PATH  the event broker's SQLite file that the staff console reads (default: beside
                     MISS_SQLITE_PATH as <name>-events.sqlite when that is set, else .run/events.sqlite)
  (with MISS_TRACKER_DIALECT=postgresql the broker follows the tracker store to PostgreSQL instead)

    python -m scripts.endpoints --out .run/endpoints-5005.yml   # prints one line saying what it chose
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "endpoints.yml"


def effective(env: Mapping[str, str], base: Path = BASE) -> dict[str, Any]:
    """The endpoints configuration that `env` selects (a dict ready to be written as YAML)."""
    config: dict[str, Any] = yaml.safe_load(base.read_text())
    if env.get("MISS_ACTION_URL"):
        config["action_endpoint"] = {"url": env["MISS_ACTION_URL"]}
    store = dict(config["tracker_store"])
    if env.get("MISS_RETENTION_DAYS"):
        store["retention_days"] = float(env["MISS_RETENTION_DAYS"])
    dialect = env.get("MISS_TRACKER_DIALECT", "sqlite")
    if dialect == "sqlite":
        store["db"] = env.get("MISS_SQLITE_PATH", store["db"])
    elif dialect == "postgresql":
        if not env.get("MISS_DB_HOST"):
            raise ValueError("MISS_TRACKER_DIALECT=postgresql needs MISS_DB_HOST")
        store.update(
            dialect="postgresql",
            url=env["MISS_DB_HOST"],
            port=int(env.get("MISS_DB_PORT", 5432)),
            db=env.get("MISS_DB_NAME", "miss"),
            username=env.get("MISS_DB_USER", "miss"),
        )
        if env.get("MISS_DB_PASSWORD"):
            store["password"] = "${MISS_DB_PASSWORD}"
    else:
        raise ValueError(f"MISS_TRACKER_DIALECT must be sqlite or postgresql, not {dialect!r}")
    config["tracker_store"] = store
    broker = config.get("event_broker")
    if broker is not None:
        config["event_broker"] = _event_broker(dict(broker), store, env)
    if env.get("MISS_REDIS_HOST"):
        lock: dict[str, Any] = {
            "type": "addons.lock_store.RenewingRedisLockStore",
            "url": env["MISS_REDIS_HOST"],
            "port": int(env.get("MISS_REDIS_PORT", 6379)),
            "db": int(env.get("MISS_REDIS_DB", 1)),
            "key_prefix": "miss",
        }
        if env.get("MISS_REDIS_PASSWORD"):
            lock["password"] = "${MISS_REDIS_PASSWORD}"
        config["lock_store"] = lock
    return config


def _event_broker(broker: dict[str, Any], store: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """The console's event stream beside the conversations: a SQLite file, or, scaled out, a database of
    its own on the tracker store's PostgreSQL server (its own, so that the purge and a deletion never
    touch the tracker store's `events` table, which has the same name)."""
    if store["dialect"] == "postgresql":
        if env.get("MISS_EVENTS_DB_NAME", "miss_events") == store["db"]:
            # both tables are called `events`: the broker would write its rows into the conversations
            raise ValueError("MISS_EVENTS_DB_NAME must name another database than MISS_DB_NAME")
        broker = {
            "type": broker["type"],
            "dialect": "postgresql",
            "url": store["url"],
            "port": store["port"],
            "db": env.get("MISS_EVENTS_DB_NAME", "miss_events"),
            "username": store["username"],
        }
        if "password" in store:
            broker["password"] = store["password"]  # the ${MISS_DB_PASSWORD} reference, never the value
    elif env.get("MISS_EVENTS_SQLITE_PATH"):
        broker["db"] = env["MISS_EVENTS_SQLITE_PATH"]
    elif env.get("MISS_SQLITE_PATH"):  # a test or second instance: its events beside its conversations
        conversations = Path(env["MISS_SQLITE_PATH"])
        broker["db"] = str(conversations.with_name(conversations.stem + "-events.sqlite"))
    broker["retention_days"] = store.get("retention_days", 30)  # scrubbed text: kept no longer than there
    return broker


def describe(config: Mapping[str, Any]) -> str:
    store = config["tracker_store"]
    where = store["db"] if store.get("dialect") == "sqlite" else f"{store['url']}:{store['port']}/{store['db']}"
    lock = config.get("lock_store")
    locks = f"Redis lock store at {lock['url']}:{lock['port']}" if lock else "in-process lock store"
    broker = config.get("event_broker")
    events = ""
    if broker and broker.get("dialect") == "postgresql":
        events = f"; console events at postgresql {broker['url']}:{broker['port']}/{broker['db']}"
    elif broker:
        events = f"; console events at {broker['db']}"
    return (
        f"Conversations: {store.get('dialect')} at {where}, kept {store.get('retention_days', 30):g} days; "
        f"{locks}; actions at {config['action_endpoint']['url']}{events}"
    )


def write(out: Path, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    config = effective(os.environ if env is None else env)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        "# Written by scripts/endpoints.py from endpoints.yml and MISS_* variables; do not edit.\n"
        + yaml.safe_dump(config, sort_keys=False)
    )
    return config


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    try:
        print(describe(write(args.out)))
    except ValueError as err:
        print(f"endpoints: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
