"""Approved content goes live in a running action server without a restart (actions/live_content.py): the
same action objects, a real SQLite content store written by the console's rules, a rasa_sdk Tracker and
CollectingDispatcher."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from actions import content_store, live_content
from actions.answering import ActionAnswerQuestion
from actions.live_content import LiveContent
from actions.symptom_report import ActionSymptomReport
from addons import sqlite_or_postgres
from console import content_versions as cv
from tests.actions.conftest import make_tracker, run_action

NEW_SUMMARY = "The dura is a thin covering that protects the spinal cord. It can tear."
ACTION = ActionAnswerQuestion()  # made once, as the action server makes it: the content is not kept in it


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock) -> Iterator[cv.VersionStore]:
    versions = cv.VersionStore(tmp_path / "content.sqlite")
    live_content.use(LiveContent(live_content.from_files(), versions.path, interval=10, clock=clock))
    yield versions
    live_content.use(None)


def answer(text: str = "what's a dural tear?", intent: str = "ask_dural_tear") -> str:
    messages, _ = run_action(ACTION, make_tracker(text, intent))
    return messages[0]["text"]


def approve_summary(store: cv.VersionStore, text: str) -> None:
    data = cv.repository_data("topic:dural_tear")
    data["answers"]["summary"]["text"] = text
    draft = cv.draft(store, "topic:dural_tear", data, "eve", "editor")
    cv.approve(store, "topic:dural_tear", draft.number, "cat", "approver")


def test_an_approved_version_is_answered_after_the_poll_interval_without_a_restart(store, clock):
    before = answer()
    assert "protects the spinal cord" in before and NEW_SUMMARY not in before
    data = cv.repository_data("topic:dural_tear")
    data["answers"]["summary"]["text"] = "A draft nobody approved. The dura protects the spinal cord."
    draft = cv.draft(store, "topic:dural_tear", data, "eve", "editor")
    clock.now += 60
    assert answer() == before  # a draft is never served
    cv.reject(store, "topic:dural_tear", draft.number, "cat", "approver")
    approve_summary(store, NEW_SUMMARY)
    clock.now += 5
    assert answer() == before  # not yet looked: at most every 10 s
    clock.now += 5
    assert answer() == NEW_SUMMARY
    assert live_content.current().versions == {"topic:dural_tear": 3}


def test_a_bad_approved_version_never_replaces_good_content(store, clock, caplog):
    approve_summary(store, NEW_SUMMARY)
    clock.now += 10
    assert answer() == NEW_SUMMARY
    # A version the console would refuse, written by something else: no summary at all.
    broken = cv.repository_data("topic:dural_tear")
    del broken["answers"]["summary"]
    with sqlite_or_postgres.connect(store.path) as db:
        seq = content_store.newest_live_seq(db) + 1
        db.execute(
            "INSERT INTO content_versions (document, number, data, status, author, created_at, live_seq) "
            "VALUES ('topic:dural_tear', 9, ?, 'approved', 'someone', 0, ?)",
            (json.dumps(broken), seq),
        )
    clock.now += 10
    with caplog.at_level(logging.ERROR, logger="actions.live_content"):
        assert answer() == NEW_SUMMARY
        clock.now += 10
        assert answer() == NEW_SUMMARY
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and "topic:dural_tear version 9" in refused[0].getMessage()  # logged once
    cv.rollback(store, "topic:dural_tear", 1, "cat", "approver")  # the clinic's way out: live again
    clock.now += 10
    assert "protects the spinal cord" in answer() and answer() != NEW_SUMMARY


def test_approved_contacts_and_gap_texts_reach_the_replies(store, clock):
    tracker = make_tracker("my wound is a bit red today, is that normal?", "report_symptom")
    messages, _ = run_action(ActionSymptomReport(), tracker)
    assert "(555) 123-4567" in messages[0]["text"]  # the tracker's slot, from the domain
    contacts = {"emergency_number": "911", "clinic_phone": "(555) 010-7777", "clinic_hours": "every day, 7 am to 7 pm"}
    for document, data in (("contacts", contacts), ("gaps", cv.repository_data("gaps"))):
        if document == "gaps":
            data["symptom_report"] = "I can't check symptoms. Please call your surgeon's office at {clinic_phone}."
        draft = cv.draft(store, document, data, "eve", "editor")
        cv.approve(store, document, draft.number, "cat", "approver")
    clock.now += 10
    messages, _ = run_action(ActionSymptomReport(), tracker)
    assert messages[0]["text"].startswith(
        "I can't check symptoms. Please call your surgeon's office at (555) 010-7777."
    )


def test_no_store_means_the_files(tmp_path, clock):
    live = LiveContent(live_content.from_files(), tmp_path / "absent.sqlite", interval=0, clock=clock)
    assert live.current() is live.files and not (tmp_path / "absent.sqlite").exists()  # never created by a reader


def test_the_triage_cues_are_read_with_the_files_at_start_up_not_at_a_patients_message(store, monkeypatch):
    """Read on the first message that needed them, the cues' parses held up every conversation of the action
    server for about 2 s (tests/scale): a follow-up after the start must read no file."""
    from actions import emergency_follow_up

    def no_file_reading(*_: object, **__: object) -> None:
        raise AssertionError("a file read while answering")

    monkeypatch.setattr(live_content.yaml, "safe_load", no_file_reading)
    monkeypatch.setattr(live_content.Path, "read_text", no_file_reading)
    assert emergency_follow_up.delay_cues().search("can i wait till the morning")
    assert emergency_follow_up.advice_settled_cues().search("the ambulance is on its way")
    assert emergency_follow_up.in_care_cues().search("the nurse came")


@pytest.mark.parametrize("raw,ok", [("", True), ("15", True), ("0", True), ("61", False), ("soon", False)])
def test_the_poll_interval_is_at_most_a_minute(raw, ok):
    if ok:
        assert live_content.poll_seconds({"MISS_CONTENT_POLL_SECONDS": raw}) <= 15
    else:
        with pytest.raises(ValueError, match="MISS_CONTENT_POLL_SECONDS"):
            live_content.poll_seconds({"MISS_CONTENT_POLL_SECONDS": raw})


def test_every_replica_swaps_in_the_approval_on_its_own(store, clock):
    """Two action servers (two LiveContent over the same store file) each serve the approval after their own
    interval, with no message between them."""
    replicas = [LiveContent(live_content.from_files(), store.path, interval=10, clock=clock) for _ in range(2)]
    assert all(r.current().live_seq == 0 for r in replicas)
    approve_summary(store, NEW_SUMMARY)
    clock.now += 10
    for replica in replicas:
        assert replica.current().kb.get("dural_tear").summary.text == NEW_SUMMARY


def test_approved_emergency_replies_are_the_rasa_servers_and_do_not_stop_the_answers(store, clock):
    replies = cv.repository_data("emergency")
    replies["utter_emergency_wait"] = "Please do not wait. This could be an emergency. Call {emergency_number} now."
    draft = cv.draft(store, "emergency", replies, "eve", "editor")
    cv.approve(store, "emergency", draft.number, "cat", "approver")
    approve_summary(store, NEW_SUMMARY)
    clock.now += 10
    assert answer() == NEW_SUMMARY


def test_approved_triage_patterns_change_the_words_that_take_a_symptom_back_and_a_broken_one_is_refused(store, clock):
    from rasa_sdk import Tracker

    from actions.emergency_follow_up import repeats_emergency_advice

    text = "oh that was a zorbleflux, never mind"  # a made-up way of taking the symptom back
    events = [
        {"event": "session_started"},
        {"event": "user", "text": "my legs are numb since lunch"},
        {"event": "action", "name": "utter_emergency"},
        {"event": "user", "text": text},
    ]
    tracker = Tracker("p", {}, {"text": text, "intent": {"name": "ask_more"}}, events, False, None, {}, "x")
    assert repeats_emergency_advice(tracker)  # right after the advice, it stands
    spec = cv.repository_data("emergency_triggers")
    spec["advice_settled"] = [*spec["advice_settled"], r"\bzorbleflux\b"]
    draft = cv.draft(store, "emergency_triggers", spec, "eve", "editor")
    cv.approve(store, "emergency_triggers", draft.number, "cat", "approver")
    clock.now += 10
    assert not repeats_emergency_advice(tracker)
    assert live_content.current().versions == {"emergency_triggers": 2}
    with sqlite_or_postgres.connect(store.path) as db:  # a broken version, past the console's checks
        db.execute(
            "INSERT INTO content_versions (document, number, data, status, author, created_at, live_seq) "
            "VALUES ('emergency_triggers', 9, ?, 'approved', 'someone', 0, ?)",
            (json.dumps({**spec, "advice_settled": ["(unclosed"]}), content_store.newest_live_seq(db) + 1),
        )
    clock.now += 10
    assert not repeats_emergency_advice(tracker)  # the approved patterns before it stay


def test_approved_in_care_words_end_the_advice_even_beside_words_that_ask_to_wait(store, clock):
    from rasa_sdk import Tracker

    from actions.emergency_follow_up import repeats_emergency_advice

    text = "the flibbertigibbet team has him now, can he rest while we wait?"  # made-up words of care
    events = [
        {"event": "session_started"},
        {"event": "user", "text": "he can't feel his legs"},
        {"event": "action", "name": "utter_emergency"},
        {"event": "user", "text": text},
    ]
    tracker = Tracker("p", {}, {"text": text, "intent": {"name": "ask_recovery"}}, events, False, None, {}, "x")
    assert repeats_emergency_advice(tracker)
    spec = cv.repository_data("emergency_triggers")
    spec["in_care"] = [*spec["in_care"], r"\bflibbertigibbet team\b"]
    draft = cv.draft(store, "emergency_triggers", spec, "eve", "editor")
    cv.approve(store, "emergency_triggers", draft.number, "cat", "approver")
    clock.now += 10
    assert not repeats_emergency_advice(tracker)
