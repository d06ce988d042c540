"""Conversation storage that keeps no patient identifiers and nothing past the retention period.

A SQL tracker store (SQLite by default, PostgreSQL when configured) that scrubs every event before it
is written (addons/privacy.py) and can purge conversations idle for longer than the retention period.
Configured in endpoints.yml as `type: addons.tracker_store.PrivateSQLTrackerStore`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from addons.privacy import scrub_event

SECONDS_PER_DAY = 86_400


def scrubbed_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    events = [scrub_event(event.as_dict()) for event in tracker.events]
    return DialogueStateTracker.from_dict(tracker.sender_id, events, slots=list(tracker.slots.values()))


def _sqlite_engine(url: Any) -> Any:
    """An engine that keeps its SQLite connection open, in WAL mode with normal sync.

    Rasa's default for a SQLite file is SQLAlchemy 1.4's NullPool: a new connection for every read and
    write, and closing it often makes SQLite checkpoint and delete the write-ahead log, an fsync each time
    while the server's event loop waits. With two Rasa servers on one database (`make run`'s replicas)
    those closes and re-opens contend for the file's locks, and SQLite's busy waits block the loop too:
    in `make bench` at 32 concurrent conversations, p95 went from 1.1 s to 2.1-2.5 s against one server.
    One connection per thread (Rasa touches the store from its event loop only, one session at a time)
    keeps the log open; it is checkpointed every 1000 pages as SQLite does by itself. Each session ends
    its transaction, so a connection never reads an old snapshot: the other server's writes are seen."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.SingletonThreadPool)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def keep_one_sqlite_connection(store: Any) -> None:
    """On SQLite, give a Rasa SQL store (tracker store or event broker: `engine` and `sessionmaker`) the
    kept WAL connection of `_sqlite_engine` instead of Rasa's connection per session."""
    if store.engine.dialect.name != "sqlite":
        return
    from sqlalchemy.orm import sessionmaker

    store.engine.dispose()
    store.engine = _sqlite_engine(store.engine.url)
    store.sessionmaker = sessionmaker(bind=store.engine)


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, retention_days: float = 30, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retention_days = float(retention_days)
        keep_one_sqlite_connection(self)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if self.event_broker is not None and not getattr(self.event_broker, "scrubs_events", False):
            # events also leave the process through a broker that does not scrub (Kafka, Pika...):
            # stream a scrubbed tracker; addons.event_broker.ScrubbingSQLEventBroker scrubs each event itself
            await super().save(scrubbed_copy(tracker))
        else:
            await super().save(tracker)  # only the new events are scrubbed, in _additional_events

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """The new events to the event broker (the console's stream, addons/event_broker.py), in one
        transaction. Rasa's own version finds them by retrieving and deserialising the stored conversation
        on every save, which doubled a save's time with the broker on; the count query that decides what
        is stored tells the same."""
        if self.event_broker is None:
            return
        with self.session_scope() as session:
            new_events = list(SQLTrackerStore._additional_events(self, session, tracker))
        bodies = [{"sender_id": tracker.sender_id, **event.as_dict()} for event in new_events]
        publish_many = getattr(self.event_broker, "publish_many", None)
        if publish_many is not None:
            publish_many(bodies)
        else:
            for body in bodies:
                self.event_broker.publish(body)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet, scrubbed. Scrubbing only these (not a copy of the whole tracker,
        replayed on every save) keeps a turn's cost flat as the conversation grows."""
        for event in super()._additional_events(session, tracker):
            scrubbed = Event.from_parameters(scrub_event(event.as_dict()))
            assert scrubbed is not None  # scrubbing keeps the event's type, which Rasa knows
            yield scrubbed

    def purge(self, retention_days: float | None = None, now: float | None = None) -> int:
        """Delete every conversation whose last event is older than the retention period.

        Returns how many conversations were removed.
        """
        import sqlalchemy as sa

        days = self.retention_days if retention_days is None else float(retention_days)
        cutoff = (now if now is not None else time.time()) - days * SECONDS_PER_DAY
        event = self.SQLEvent
        with self.session_scope() as session:
            stale = (
                session.query(event.sender_id)
                .group_by(event.sender_id)
                .having(sa.func.max(event.timestamp) < cutoff)
                .all()
            )
            senders = [row[0] for row in stale]
            self._delete_senders(session, senders)
        return len(senders)

    def _delete_senders(self, session: Any, senders: list[str]) -> int:
        """The one way conversations leave the store: the retention purge and a patient's request to
        delete theirs (the staff console's data rights page). Returns how many events went."""
        if not senders:
            return 0
        event = self.SQLEvent
        gone = session.query(event).filter(event.sender_id.in_(senders)).delete(synchronize_session=False)
        session.commit()
        return int(gone)

    def delete_conversation(self, sender_id: str) -> int:
        """Delete one conversation, whatever its age (a patient's request); how many events went."""
        with self.session_scope() as session:
            return self._delete_senders(session, [sender_id])

    def conversation_events(self, sender_id: str) -> list[dict[str, Any]]:
        """One conversation's stored events, as stored (scrubbed), in order: the export for the patient."""
        import json

        event = self.SQLEvent
        with self.session_scope() as session:
            rows = session.query(event.data).filter(event.sender_id == sender_id).order_by(event.id).all()
        return [json.loads(row[0]) for row in rows]
