"""The handoff records' state machine on a real SQLite file: waiting -> taken -> closed, the timeout, races."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from addons.handoff.store import CLOSED, TAKEN, WAITING, HandoffConflict, HandoffStore, TakenReader


@pytest.fixture
def store(tmp_path: Path) -> HandoffStore:
    return HandoffStore(tmp_path / "handoff.sqlite")


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


def test_the_rasa_servers_reader_sees_only_taken_and_never_writes(store: HandoffStore, tmp_path: Path):
    reader = TakenReader(store.path)
    assert not TakenReader(tmp_path / "none.sqlite").taken("c1")  # no file yet: nobody has it
    assert not (tmp_path / "none.sqlite").exists()  # and the reader did not create it
    handoff, _ = store.request("c1", "socketio", "asked", 60)
    assert not reader.taken("c1")  # waiting: the assistant still answers
    store.take(handoff.id, "eve")
    assert reader.taken("c1") and not reader.taken("c2")
    store.hand_back(handoff.id, "eve")
    assert not reader.taken("c1")
    db = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM handoffs")


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
