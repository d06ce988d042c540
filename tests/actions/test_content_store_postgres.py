"""The content store on a real PostgreSQL (tests/content_pg.py): the console's rules write it, the action
servers' LiveContent and the Rasa servers' ApprovedReplies read it, exactly as with SQLite; the database
itself refuses to delete or rewrite a version; readers cannot write; the password never sits in the URL."""

from __future__ import annotations

import logging
import threading

import psycopg2
import pytest

from actions import content_store, live_content
from actions.content_store import Postgres
from actions.live_content import LiveContent
from addons import approved_replies
from addons.approved_replies import ApprovedReplies
from console import content_versions as cv
from console.content_versions import WorkflowError

DOC = "topic:dural_tear"
NEW_SUMMARY = "The dura is a thin covering that protects the spinal cord. It can tear."
CONTACTS = {"emergency_number": "112", "clinic_phone": "(555) 010-7777", "clinic_hours": "every day, 7 am to 7 pm"}


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def approve_summary(store: cv.VersionStore, text: str) -> cv.Version:
    data = cv.repository_data(DOC)
    data["answers"]["summary"]["text"] = text
    draft = cv.draft(store, DOC, data, "eve", "editor")
    return cv.approve(store, DOC, draft.number, "cat", "approver")


def test_the_location_is_a_url_without_its_password():
    url = "postgresql://miss@db.clinic.internal:5432/miss_content"
    assert content_store.store_location({"MISS_CONTENT_STORE": url}) == Postgres(url)
    assert approved_replies.store_path({"MISS_CONTENT_STORE": url}) == url  # the Rasa server reads the same
    with pytest.raises(ValueError, match="MISS_DB_PASSWORD") as refused:
        content_store.store_location({"MISS_CONTENT_STORE": "postgresql://miss:hunter22@db:5432/miss_content"})
    assert "hunter22" not in str(refused.value)  # the message goes to a log
    with pytest.raises(ValueError, match="MISS_DB_PASSWORD") as refused:
        approved_replies.store_path({"MISS_CONTENT_STORE": "postgresql://miss:hunter22@db/miss_content"})
    assert "hunter22" not in str(refused.value)
    with pytest.raises(ValueError, match="database"):
        content_store.store_location({"MISS_CONTENT_STORE": "postgresql://miss@db:5432/"})


def test_the_rules_hold_on_postgresql(pg_store_url):
    store = cv.VersionStore(Postgres(pg_store_url))
    approved = approve_summary(store, NEW_SUMMARY)
    assert (approved.number, approved.status, approved.based_on, approved.live_seq) == (2, "approved", 1, 1)
    assert store.live(DOC).data["answers"]["summary"]["text"] == NEW_SUMMARY
    own = cv.draft(store, DOC, cv.repository_data(DOC), "cat", "approver", note="back")
    with pytest.raises(WorkflowError, match="another approver"):
        cv.approve(store, DOC, own.number, "cat", "approver")
    stale = cv.draft(store, DOC, {**cv.repository_data(DOC), "title": "Dural tears"}, "eve", "editor")
    cv.approve(store, DOC, own.number, "dan", "approver")
    with pytest.raises(WorkflowError, match="went live after"):
        cv.approve(store, DOC, stale.number, "dan", "approver")
    restored = cv.rollback(store, DOC, 2, "dan", "approver")
    assert restored.status == "approved" and restored.rollback_of == 2 and restored.live_seq == 3
    assert [v.number for v in store.versions(DOC)] == [5, 4, 3, 2, 1]
    assert cv.VersionStore(Postgres(pg_store_url)).served(DOC)[1] == 5  # a second web server sees the same


def test_the_database_refuses_to_delete_or_rewrite_a_version(pg_store_url):
    store = cv.VersionStore(Postgres(pg_store_url))
    approve_summary(store, NEW_SUMMARY)
    refusals = {
        "UPDATE content_versions SET data = '{}' WHERE number = 2": "never changed",
        "UPDATE content_versions SET author = 'mallory'": "never changed",
        "DELETE FROM content_versions WHERE number = 1": "kept",
        "TRUNCATE content_versions": "kept",
    }
    for sql, message in refusals.items():
        with pytest.raises(psycopg2.Error, match=message), content_store.connect(store.path) as db:
            db.execute(sql)
    with content_store.connect(store.path) as db:  # a decision is still recorded on a draft
        db.execute("UPDATE content_versions SET decision_note = 'seen' WHERE number = 2")
    assert [v.number for v in store.versions(DOC)] == [2, 1]
    assert store.live(DOC).data["answers"]["summary"]["text"] == NEW_SUMMARY


def test_readers_cannot_write(pg_store_url):
    store = cv.VersionStore(Postgres(pg_store_url))
    with (
        pytest.raises(psycopg2.Error, match="read-only transaction"),
        content_store.connect(store.path, readonly=True) as db,
    ):
        db.execute(
            "INSERT INTO content_versions (document, number, data, status, author, created_at) "
            "VALUES ('gaps', 9, '{}', 'approved', 'x', 0)"
        )


def test_web_servers_creating_the_store_at_once_both_succeed(pg_store_url):
    errors: list[BaseException] = []

    def create() -> None:
        try:
            content_store.create(Postgres(pg_store_url))
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_action_and_rasa_servers_serve_an_approval_from_postgresql_within_the_interval(pg_store_url):
    clock = Clock()
    store = cv.VersionStore(Postgres(pg_store_url))
    actions = LiveContent(
        live_content.from_files(), content_store.store_location({"MISS_CONTENT_STORE": pg_store_url}), 10, clock
    )
    rasa = ApprovedReplies(approved_replies.store_path({"MISS_CONTENT_STORE": pg_store_url}), 10, clock)
    assert actions.current().live_seq == 0 and rasa.contacts() is None
    approve_summary(store, NEW_SUMMARY)
    draft = cv.draft(store, "contacts", CONTACTS, "eve", "editor")
    cv.approve(store, "contacts", draft.number, "dan", "approver")
    clock.now += 5
    assert actions.current().live_seq == 0 and rasa.contacts() is None  # looked at most every 10 s
    clock.now += 5
    served = actions.current()
    assert served.kb.topics["dural_tear"].answers["summary"].text == NEW_SUMMARY
    assert served.contacts == CONTACTS and served.versions == {DOC: 2, "contacts": 2}
    assert rasa.contacts() == CONTACTS


def test_an_unreachable_store_keeps_what_is_served_and_logs_no_password(pg_store_url, monkeypatch, caplog):
    clock = Clock()
    store = cv.VersionStore(Postgres(pg_store_url))
    approve_summary(store, NEW_SUMMARY)
    actions = LiveContent(live_content.from_files(), Postgres(pg_store_url), 10, clock)
    rasa = ApprovedReplies(pg_store_url, 10, clock)
    assert actions.current().live_seq == 1
    monkeypatch.setenv("MISS_DB_PASSWORD", "not-the-password-1234")
    clock.now += 10
    with caplog.at_level(logging.WARNING):
        assert actions.current().live_seq == 1  # still the approved content, not content/ again
        assert rasa.contacts() is None
    assert "not readable" in caplog.text and "not-the-password-1234" not in caplog.text
