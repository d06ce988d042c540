"""The event stream the staff console's dashboard reads: Rasa's SQL event broker, scrubbed.

Configured in endpoints.yml as `event_broker: type: addons.event_broker.ScrubbingSQLEventBroker` (its
own SQLite file by default, `.run/events.sqlite`; scaled out, a PostgreSQL database of its own that every
replica writes to, `miss_events`: scripts/endpoints.py). It is Rasa's `SQLEventBroker` (table `events`:
id, sender_id, data = the event as JSON) with these additions:

- every event is scrubbed with the tracker store's own function (addons/privacy.py `scrub_event`) before
  it is written, so the stream holds exactly what the tracker store holds, whoever publishes to it;
- a `timestamp` column and indexes on it and on `sender_id`: the console reads new events since its
  last read, one conversation, or a date range, without parsing every row's JSON;
- `purge()`, which `make purge` runs with the tracker store's retention period: scrubbed patient text
  is kept no longer here than in the tracker store; `delete_conversation()`, the same deletion for one
  conversation a patient asked to delete (the staff console's data rights page);
- on PostgreSQL, a `written_at` column (the database's clock at the insert): ids there are handed out
  before the rows commit, so several replicas' rows can become visible out of id order, and the console
  needs to know how long ago an id was taken to tell a gap that will fill from one that never will
  (console/event_stream.py).
The table stays readable by anything that reads Rasa's own SQL broker table (id, sender_id, data).
"""

from __future__ import annotations

import contextlib
import json
import time
from asyncio import AbstractEventLoop
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.sql import SQLEventBroker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import Session

from addons.privacy import scrub_event

SECONDS_PER_DAY = 86_400

_Base: Any = declarative_base()


class ScrubbedBrokerEvent(_Base):
    """Rasa's `events` row (id, sender_id, data) plus the event's timestamp, indexed."""

    __tablename__ = "events"
    id = sa.Column(sa.Integer, primary_key=True)
    sender_id = sa.Column(sa.String(255), index=True)
    data = sa.Column(sa.Text)
    timestamp = sa.Column(sa.Float, index=True)


# Added by DDL on PostgreSQL only (SQLite has no clock_timestamp(), and needs no such column: its writers
# take turns, so its ids commit in order). clock_timestamp(), not now(): the time of this row's insert,
# when its id is taken, not of its transaction's start.
sa.event.listen(
    ScrubbedBrokerEvent.__table__,
    "after_create",
    sa.DDL("ALTER TABLE events ADD COLUMN written_at timestamptz NOT NULL DEFAULT clock_timestamp()").execute_if(
        dialect="postgresql"
    ),
)


def _created_by_another_server(error: Exception) -> bool:
    """Two Rasa servers starting at once on a new database both see no table and both create it; the
    second fails: SQLite says "already exists", PostgreSQL (which makes the second wait for the first's
    commit) a duplicate key in its catalogue. The table is then there."""
    text = str(error)
    return "already exists" in text or "duplicate key value" in text


class ScrubbingSQLEventBroker(SQLEventBroker):
    # Read by Rasa's SQLEventBroker.__init__ (create_all) instead of its own table definition.
    Base = _Base
    SQLBrokerEvent = ScrubbedBrokerEvent
    # The tracker store need not hand over a scrubbed copy of the whole tracker: this broker scrubs
    # each event itself (addons/tracker_store.py reads this flag).
    scrubs_events = True

    def __init__(self, *args: Any, retention_days: float = 30, **kwargs: Any) -> None:
        import sqlalchemy.exc

        try:
            super().__init__(*args, **kwargs)
        except sqlalchemy.exc.DBAPIError as error:  # `make run`'s or the cluster's replicas starting together
            if not _created_by_another_server(error):
                raise
            super().__init__(*args, **kwargs)  # connecting again finds the table
        self.retention_days = float(retention_days)
        from addons.tracker_store import keep_one_sqlite_connection

        # A publish is a commit on the Rasa server's event loop: one kept connection in WAL mode keeps it
        # from waiting on fsync and lock contention (two servers write here in `make run`), and the
        # console's reads from blocking it.
        keep_one_sqlite_connection(self)

    @classmethod
    async def from_endpoint_config(
        cls, broker_config: EndpointConfig, event_loop: AbstractEventLoop | None = None
    ) -> ScrubbingSQLEventBroker:
        return cls(host=broker_config.url, **broker_config.kwargs)

    @contextlib.contextmanager
    def session_scope(self) -> Iterator[Session]:
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.close()

    def publish(self, event: dict[str, Any]) -> None:
        self.publish_many([event])

    def publish_many(self, events: list[dict[str, Any]]) -> None:
        """Several events in one commit (a save's new events: addons/tracker_store.py), each scrubbed."""
        if not events:
            return
        rows = []
        for event in events:
            clean = scrub_event(event)
            rows.append(
                {"sender_id": clean.get("sender_id"), "data": json.dumps(clean), "timestamp": clean.get("timestamp")}
            )
        with self.engine.begin() as connection:  # one executemany, no ORM objects: this runs on every save
            connection.execute(ScrubbedBrokerEvent.__table__.insert(), rows)

    def purge(self, retention_days: float | None = None, now: float | None = None) -> int:
        """Delete the events of every conversation whose last event is older than the retention period
        (the tracker store's rule, so a conversation disappears from both at once). Returns how many
        conversations were removed."""
        days = self.retention_days if retention_days is None else float(retention_days)
        cutoff = (now if now is not None else time.time()) - days * SECONDS_PER_DAY
        row = ScrubbedBrokerEvent
        with self.session_scope() as session:
            stale = [
                sender
                for (sender,) in session.query(row.sender_id)
                .group_by(row.sender_id)
                .having(sa.func.max(row.timestamp) < cutoff)
                .all()
            ]
            self._delete_senders(session, stale)
        return len(stale)

    @staticmethod
    def _delete_senders(session: Session, senders: list[str]) -> int:
        """The one way conversations leave the stream: the retention purge and a patient's request (the
        staff console's data rights page). Returns how many events went.

        On SQLite the highest id stays taken: SQLite gives the next row max(id) + 1, so deleting the newest
        events would hand their ids out again, and the console, which reads the stream by id and has read
        past them, would never see the events that got them. When the newest row goes, a row without
        sender or content (`{"event": "deleted"}`) keeps its id, in the same transaction. PostgreSQL's
        sequence never hands an id out twice, so there nothing is added."""
        if not senders:
            return 0
        row = ScrubbedBrokerEvent
        sqlite = session.get_bind().dialect.name == "sqlite"
        highest = session.query(sa.func.max(row.id)).scalar() if sqlite else None
        gone = session.query(row).filter(row.sender_id.in_(senders)).delete(synchronize_session=False)
        if gone and highest is not None and session.query(sa.func.max(row.id)).scalar() != highest:
            session.execute(
                row.__table__.insert().values(id=highest, sender_id=None, data=json.dumps({"event": "deleted"}))
            )
        session.commit()
        return int(gone)

    def delete_conversation(self, sender_id: str) -> int:
        """Delete one conversation's events, whatever their age; how many went."""
        with self.session_scope() as session:
            return self._delete_senders(session, [sender_id])
