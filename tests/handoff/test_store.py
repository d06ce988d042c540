"""The handoff records' state machine on both engines, a real SQLite file and a real PostgreSQL
(tests/content_pg.py: Debian's server, a fresh database per test; skipped where it is not installed):
waiting -> taken -> closed, the timeout, races between threads and between processes, the read-only reader.
The connection code under it (locations, read-only sessions, kept PostgreSQL sessions), shared with the
content store: tests/addons/test_sqlite_or_postgres.py."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from addons.handoff.store import CLOSED, TAKEN, WAITING, HandoffConflict, HandoffStore, TakenReader, store_location
from addons.sqlite_or_postgres import ERRORS, ROOT, Location, Postgres, connect
from tests.content_pg import NewLocation


@pytest.fixture
def store(new_location: NewLocation) -> HandoffStore:
    return HandoffStore(new_location())


def test_a_request_waits_then_is_taken_then_handed_back(store: HandoffStore):
    handoff, created = store.request("c1", "socketio", "asked", 120, now=1000.0)
    assert created and handoff.status == WAITING and handoff.timeout_at == 1120.0
    taken = store.take(handoff.id, "eve", now=1010.0)
    assert (taken.status, taken.taken_by, taken.taken_at) == (TAKEN, "eve", 1010.0)
    back = store.hand_back(handoff.id, "eve", now=1100.0)
    assert (back.status, back.outcome, back.closed_by) == (CLOSED, "handed_back", "eve")
    assert store.open_handoffs() == []


def test_one_open_handoff_per_conversation(store: HandoffStore):
    first, _ = store.request("c1", "socketio", "asked", 120)
    again, created = store.request("c1", "socketio", "asked", 120)
    assert not created and again.id == first.id
    store.close(first.id, "eve")
    later, created = store.request("c1", "socketio", "asked", 120)  # a new request after the first ended
    assert created and later.id != first.id


def test_the_timeout_closes_only_a_waiting_request_whose_time_is_up(store: HandoffStore):
    handoff, _ = store.request("c1", "socketio", "asked", 60, now=1000.0)
    assert store.time_out("c1", now=1059.0) is None  # not yet
    closed = store.time_out("c1", now=1060.0)
    assert closed is not None and (closed.outcome, closed.closed_by) == ("timeout", "assistant")
    with pytest.raises(HandoffConflict, match="closed"):
        store.take(handoff.id, "eve")  # too late to take


def test_the_patient_leaving_closes_a_waiting_or_taken_request_and_nothing_else(store: HandoffStore):
    waiting, _ = store.request("kiosk-1", "socketio", "asked", 120)
    taken, _ = store.request("kiosk-2", "socketio", "asked", 120)
    store.take(taken.id, "eve")
    other, _ = store.request("kiosk-3", "socketio", "asked", 120)
    left = store.patient_left("kiosk-1", "kiosk", now=2000.0)
    assert left is not None and (left.id, left.status, left.outcome, left.closed_by) == (
        waiting.id,
        CLOSED,
        "closed",
        "kiosk",
    )
    gone = store.patient_left("kiosk-2", "kiosk")
    assert gone is not None and (gone.outcome, gone.taken_by) == ("closed", "eve")  # who had it stays on record
    with pytest.raises(HandoffConflict, match="closed"):
        store.check_reply(taken.id, "eve")  # the member of staff can no longer write to the empty screen
    assert store.patient_left("kiosk-1", "kiosk") is None  # already closed: the first close stands
    assert store.patient_left("kiosk-none", "kiosk") is None
    assert [h.id for h in store.open_handoffs()] == [other.id]


def test_a_taken_handoff_does_not_time_out(store: HandoffStore):
    handoff, _ = store.request("c1", "socketio", "asked", 60, now=1000.0)
    store.take(handoff.id, "eve", now=1030.0)
    assert store.time_out("c1", now=5000.0) is None
    assert store.get(handoff.id).status == TAKEN


def test_refused_steps_say_why(store: HandoffStore):
    handoff, _ = store.request("c1", "socketio", "asked", 60)
    with pytest.raises(HandoffConflict, match="waiting"):
        store.hand_back(handoff.id, "eve")  # nobody has it yet
    with pytest.raises(HandoffConflict, match="Cannot reply"):
        store.check_reply(handoff.id, "eve")
    store.take(handoff.id, "eve")
    with pytest.raises(HandoffConflict, match="taken by eve"):
        store.take(handoff.id, "cat")
    with pytest.raises(HandoffConflict, match="taken by eve"):
        store.check_reply(handoff.id, "cat")  # one voice per conversation
    assert store.check_reply(handoff.id, "eve").id == handoff.id
    store.close(handoff.id, "cat")  # a colleague may close it
    with pytest.raises(HandoffConflict, match="closed"):
        store.close(handoff.id, "eve")
    with pytest.raises(HandoffConflict, match="no such handoff"):
        store.take(9999, "eve")


def _race(store: HandoffStore, handoff_id: int, names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Every name tries to take the handoff at the same moment; (winners, losers)."""
    winners: list[str] = []
    losers: list[str] = []
    barrier = threading.Barrier(len(names))

    def take(name: str) -> None:
        barrier.wait()
        try:
            store.take(handoff_id, name)
            winners.append(name)
        except HandoffConflict:
            losers.append(name)

    threads = [threading.Thread(target=take, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return winners, losers


def test_two_staff_taking_at_once_leave_exactly_one_winner(store: HandoffStore):
    for round_ in range(20):
        handoff, _ = store.request(f"c{round_}", "socketio", "asked", 60)
        winners, losers = _race(store, handoff.id, ("a1", "b2", "c3", "d4"))
        assert len(winners) == 1 and len(losers) == 3
        assert store.get(handoff.id).taken_by == winners[0]


def test_the_rasa_servers_reader_sees_only_taken_and_never_writes(store: HandoffStore, new_location: NewLocation):
    reader = TakenReader(store.location)
    nothing_yet = new_location()
    assert not TakenReader(nothing_yet).taken("c1")  # no file, no table yet: nobody has it
    assert not _has_table(nothing_yet)  # and the reader did not create it
    handoff, _ = store.request("c1", "socketio", "asked", 60)
    assert not reader.taken("c1")  # waiting: the assistant still answers
    store.take(handoff.id, "eve")
    assert reader.taken("c1") and not reader.taken("c2")
    store.hand_back(handoff.id, "eve")
    assert not reader.taken("c1")
    with pytest.raises(ERRORS, match=r"readonly|read-only"), connect(store.location, readonly=True) as db:
        db.execute("DELETE FROM handoffs")
    assert store.get(handoff.id) is not None


def _has_table(location: Location) -> bool:
    if isinstance(location, Path):
        return location.exists()
    with connect(location) as db:
        return db.execute("SELECT to_regclass('handoffs') IS NOT NULL AS found").fetchone()["found"]


def test_forget_deletes_a_conversations_handoffs(store: HandoffStore):
    store.request("c1", "socketio", "asked", 60)
    store.request("c2", "socketio", "asked", 60)
    assert store.forget(["c1"]) == 1
    assert [h.conversation_id for h in store.open_handoffs()] == ["c2"]


def test_an_unknown_reason_is_refused(store: HandoffStore):
    with pytest.raises(ValueError):
        store.request("c1", "socketio", "bored", 60)


def test_purge_takes_closed_handoffs_past_retention_and_keeps_open_ones(store: HandoffStore):
    old, _ = store.request("c1", "socketio", "asked", 60, now=1000.0)
    store.close(old.id, "eve", now=1100.0)
    store.request("c2", "socketio", "asked", 60, now=1000.0)  # still open: stays
    recent, _ = store.request("c3", "socketio", "asked", 60, now=9000.0)
    store.close(recent.id, "eve", now=9100.0)
    assert store.purge(before=5000.0) == 1
    assert store.get(old.id) is None and store.get(recent.id) is not None
    assert [h.conversation_id for h in store.open_handoffs()] == ["c2"]


def test_two_action_servers_asking_at_once_make_one_request(store: HandoffStore):
    barrier = threading.Barrier(4)
    results: list[tuple[int, bool]] = []

    def ask() -> None:
        barrier.wait()
        handoff, created = store.request("c1", "socketio", "asked", 60)
        results.append((handoff.id, created))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and len({handoff_id for handoff_id, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert len(store.open_handoffs()) == 1


# --- several processes: what scaled out means (each web server, action server and replica its own) ------
SPAWN = multiprocessing.get_context("spawn")  # a fresh interpreter, as another server would be


def _take_in_process(location: Location, handoff_id: int, name: str, barrier: Any, results: Any) -> None:
    store = HandoffStore(location)
    store.get(handoff_id)  # connected (and the schema checked) before the race starts
    barrier.wait()
    try:
        store.take(handoff_id, name)
        results.put((name, True))
    except HandoffConflict:
        results.put((name, False))


def test_staff_on_four_web_servers_taking_at_once_leave_exactly_one_winner(store: HandoffStore):
    names = ("a1", "b2", "c3", "d4")
    for round_ in range(3):
        handoff, _ = store.request(f"c{round_}", "socketio", "asked", 60)
        barrier, results = SPAWN.Barrier(len(names)), SPAWN.Queue()
        processes = [
            SPAWN.Process(target=_take_in_process, args=(store.location, handoff.id, name, barrier, results))
            for name in names
        ]
        for process in processes:
            process.start()
        outcomes = dict(results.get(timeout=60) for _ in names)
        for process in processes:
            process.join(timeout=60)
        winners = [name for name, won in outcomes.items() if won]
        assert len(outcomes) == 4 and len(winners) == 1
        assert store.get(handoff.id).taken_by == winners[0]


def _in_another_process(function: Callable[..., Any], *args: Any) -> Any:
    with SPAWN.Pool(1) as pool:
        return pool.apply(function, args)


def _action_server_requests(conversation_id: str) -> int:
    handoff, _ = HandoffStore().request(conversation_id, "socketio", "asked", 120)  # MISS_HANDOFF_STORE
    return handoff.id


def _console_takes_the_oldest(by: str) -> str:
    oldest = HandoffStore().open_handoffs()[0]
    return HandoffStore().take(oldest.id, by).conversation_id


def test_an_action_server_and_a_console_in_other_processes_see_each_others_handoffs(
    store: HandoffStore, monkeypatch: pytest.MonkeyPatch
):
    # Each process finds the store as the servers do, by MISS_HANDOFF_STORE (a PostgreSQL URL: several machines).
    monkeypatch.setenv("MISS_HANDOFF_STORE", str(store.location))
    handoff_id = _in_another_process(_action_server_requests, "c1")
    assert _in_another_process(_console_takes_the_oldest, "eve") == "c1"
    assert TakenReader().taken("c1")  # the Rasa server, here, goes quiet
    assert store.get(handoff_id).taken_by == "eve"


# --- where it is, and the least a Rasa server needs on PostgreSQL --------------------------------------------
def test_the_location_is_miss_handoff_store_a_url_without_its_password_or_a_sqlite_path():
    """Its variable and default; how any store's location is read: tests/addons/test_sqlite_or_postgres.py."""
    url = "postgresql://miss@db.clinic.internal:5432/miss_handoff"
    assert store_location({"MISS_HANDOFF_STORE": url}) == Postgres(url)
    assert store_location({"MISS_HANDOFF_STORE": "sqlite:////srv/handoff.sqlite"}) == Path("/srv/handoff.sqlite")
    assert store_location({}) == ROOT / ".run" / "handoff.sqlite"
    with pytest.raises(ValueError, match="MISS_HANDOFF_STORE must not hold a password") as refused:
        store_location({"MISS_HANDOFF_STORE": "postgresql://miss:hunter22@db:5432/miss_handoff"})
    assert "hunter22" not in str(refused.value)  # the message goes to a log


def test_a_role_allowed_only_to_select_is_enough_for_the_rasa_servers_reader(content_postgres, monkeypatch):
    monkeypatch.setenv("MISS_DB_PASSWORD", content_postgres.password)
    writer = HandoffStore(Postgres(content_postgres.new_database("handoff")))
    handoff, _ = writer.request("c1", "socketio", "asked", 60)
    writer.take(handoff.id, "eve")
    assert isinstance(writer.location, Postgres)
    with connect(writer.location) as db:  # the reader's password is the test server's, for brevity
        db.execute("DROP ROLE IF EXISTS handoff_reader")
        db.execute("CREATE ROLE handoff_reader LOGIN PASSWORD ?", (content_postgres.password,))
        db.execute("GRANT SELECT ON handoffs TO handoff_reader")
    as_reader = Postgres(writer.location.url.replace("//miss@", "//handoff_reader@"))
    assert TakenReader(as_reader).taken("c1") and not TakenReader(as_reader).taken("c2")
    with pytest.raises(psycopg2.Error, match="permission denied"):
        HandoffStore(as_reader).take(handoff.id, "mallory")  # and it could not write, even outside read-only
