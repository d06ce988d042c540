"""The event stream the console reads: the scrubbing SQL event broker's `events` table (id, sender_id,
data; addons/event_broker.py), on SQLite or on PostgreSQL, wherever the Rasa server's endpoints file puts
it (`event_broker`: scripts/web_server.py hands that section over). Read-only: nothing is created here.

Reading new events by id, and why it is done differently on each database:

- SQLite lets one writer in at a time, and a row's id is taken inside its write transaction, so ids
  become visible in order: everything after the last id read is new, and nothing will appear below it.
- PostgreSQL takes an id from a sequence when the row is inserted, and other sessions see the row only
  when its transaction commits. With several Rasa replicas writing, id 101 can commit before id 100: a
  reader that moved its position to 101 would never read 100. So a row is handed to the console only when
  it is *settled*: every id below it is either already visible, or was taken longer ago than
  GRACE_SECONDS. A publish is one short transaction (one INSERT, then COMMIT: addons/event_broker.py), so
  an id still invisible after that long was rolled back or its row deleted (a purge, a patient's
  deletion), and will never appear. "Taken longer ago" is told by the `written_at` column the broker
  adds on PostgreSQL (the database's clock at the insert, when the id was taken): ids are taken in order,
  so a gap below a row written more than GRACE_SECONDS ago is older than that too. Both sides of the
  comparison use the database's clock, so the console's own clock does not matter.
  The cost: behind a gap that will never fill (a rolled-back publish, a deletion of rows the console had
  not read yet) the newest events reach the dashboard up to GRACE_SECONDS late; nothing is lost or
  counted twice. Without a gap (the usual case) a committed row is read at once.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from console.config import ROOT

BATCH = 2000
MAX_TRANSCRIPT_EVENTS = 5000
# Far above a publish's INSERT-to-COMMIT time (milliseconds), short enough that a rolled-back publish
# delays the dashboard by seconds only.
GRACE_SECONDS = 10.0
_REFERENCE = re.compile(r"\$\{(\w+)\}")

Row = tuple[int, str, dict[str, Any]]


def resolve(value: Any, env: Mapping[str, str]) -> str | None:
    """A setting of the endpoints file with its `${VAR}` references filled in from the environment, as
    Rasa reads the same file (the password is only ever written as `${MISS_DB_PASSWORD}`)."""
    if value is None:
        return None

    def variable(match: re.Match[str]) -> str:
        if match.group(1) not in env:
            raise ValueError(f"the event broker's settings refer to ${{{match.group(1)}}}, which is not set")
        return env[match.group(1)]

    return _REFERENCE.sub(variable, str(value))


class EventStream:
    """The broker's `events` table, read-only. A missing SQLite file or a PostgreSQL database without the
    table yet is an empty stream (the Rasa server creates it when it starts), not an error."""

    def __init__(
        self,
        broker: Mapping[str, Any] | None,
        env: Mapping[str, str] | None = None,
        grace_seconds: float = GRACE_SECONDS,
    ) -> None:
        self.path: Path | None = None
        self.url: sa.engine.URL | None = None
        self.engine: sa.engine.Engine | None = None
        self.grace_seconds = grace_seconds
        self._table_seen = False
        if broker is None:
            return
        dialect = broker.get("dialect", "sqlite")
        if dialect == "sqlite":
            path = Path(str(broker.get("db", "events.db")))
            self.path = path if path.is_absolute() else ROOT / path
        elif dialect == "postgresql":
            env = os.environ if env is None else env
            self.url = sa.engine.URL.create(
                "postgresql",
                username=resolve(broker.get("username"), env),
                password=resolve(broker.get("password"), env),
                host=resolve(broker.get("url"), env),
                port=int(broker["port"]) if broker.get("port") else None,
                database=resolve(broker.get("db"), env),
            )
        else:
            raise ValueError(f"the console reads the event broker on SQLite or PostgreSQL, not {dialect}")

    @property
    def postgresql(self) -> bool:
        return self.url is not None

    def _connect(self) -> sa.engine.Engine | None:
        if self.engine is None and self.path is not None and self.path.exists():
            self.engine = sa.create_engine(f"sqlite:///{self.path}")
        elif self.engine is None and self.url is not None:
            # a small pool: the console's reads are few and short (pre_ping: a restarted server is found)
            self.engine = sa.create_engine(self.url, pool_size=2, max_overflow=2, pool_pre_ping=True)
        if self.engine is not None and not self._table_seen:
            self._table_seen = sa.inspect(self.engine).has_table("events")
            if not self._table_seen:
                return None
        return self.engine

    def after(self, last_id: int, limit: int = BATCH) -> list[Row]:
        """The events after `last_id`, in id order, as far as they are settled (above): a caller that
        moves its position to the last id returned never skips an event that commits later."""
        engine = self._connect()
        if engine is None:
            return []
        if not self.postgresql:
            query = "SELECT id, sender_id, data FROM events WHERE id > :last ORDER BY id LIMIT :limit"
            with engine.connect() as connection:
                rows = connection.execute(sa.text(query), {"last": last_id, "limit": limit}).fetchall()
            return [(row[0], row[1] or "", json.loads(row[2])) for row in rows]
        query = (
            "SELECT id, sender_id, data, written_at < clock_timestamp() - make_interval(secs => :grace) "
            "FROM events WHERE id > :last ORDER BY id LIMIT :limit"
        )
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(query), {"last": last_id, "limit": limit, "grace": self.grace_seconds}
            ).fetchall()
        settled: list[Row] = []
        expected = last_id + 1
        for event_id, sender_id, data, old in rows:
            if event_id != expected and not old:
                break  # an id below this one is still taken by an open transaction, or was very recently
            settled.append((event_id, sender_id or "", json.loads(data)))
            expected = event_id + 1
        return settled

    def conversation(self, sender_id: str) -> list[dict[str, Any]]:
        engine = self._connect()
        if engine is None:
            return []
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id LIMIT :limit"),
                {"sender": sender_id, "limit": MAX_TRANSCRIPT_EVENTS},
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def of_senders(self, sender_ids: list[str]) -> list[Row]:
        """Every event of these conversations, in order (the review queue's texts and context)."""
        engine = self._connect()
        if engine is None or not sender_ids:
            return []
        statement = sa.text("SELECT id, sender_id, data FROM events WHERE sender_id IN :senders ORDER BY id")
        statement = statement.bindparams(sa.bindparam("senders", expanding=True))
        found: list[Row] = []
        with engine.connect() as connection:
            for start in range(0, len(sender_ids), 500):  # SQLite's limit on bound parameters
                rows = connection.execute(statement, {"senders": sender_ids[start : start + 500]}).fetchall()
                found.extend((row[0], row[1] or "", json.loads(row[2])) for row in rows)
        return sorted(found, key=lambda row: row[0])
