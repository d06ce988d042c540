"""The content store on a real PostgreSQL (tests/content_pg.py): the console's rules write it, the action
servers' LiveContent and the Rasa servers' ApprovedReplies read it, exactly as with SQLite, each in a session
kept from one poll to the next; the database itself refuses to delete or rewrite a version; the password
never sits in the URL. The connection code under it (locations, read-only sessions, the schema made by several
servers at once, kept sessions), shared with the handoff store: tests/addons/test_sqlite_or_postgres.py."""

from __future__ import annotations

import logging

import psycopg2
import pytest

from actions import content_store, live_content
from actions.live_content import LiveContent
from addons import approved_replies
from addons.approved_replies import ApprovedReplies
from addons.sqlite_or_postgres import Postgres, connect
from console import content_versions as cv
from console.content_versions import WorkflowError
from tests.content_pg import ContentPostgres

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
    """MISS_CONTENT_STORE, as both kinds of server read it; how any store's location is read:
    tests/addons/test_sqlite_or_postgres.py."""
    url = "postgresql://miss@db.clinic.internal:5432/miss_content"
    assert content_store.store_location({"MISS_CONTENT_STORE": url}) == Postgres(url)
    assert approved_replies.store_path({"MISS_CONTENT_STORE": url}) == url  # the Rasa server reads the same
    with pytest.raises(ValueError, match="MISS_CONTENT_STORE must not hold a password") as refused:
        content_store.store_location({"MISS_CONTENT_STORE": "postgresql://miss:hunter22@db:5432/miss_content"})
    assert "hunter22" not in str(refused.value)  # the message goes to a log
    with pytest.raises(ValueError, match="MISS_DB_PASSWORD") as refused:
        approved_replies.store_path({"MISS_CONTENT_STORE": "postgresql://miss:hunter22@db/miss_content"})
    assert "hunter22" not in str(refused.value)


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
        with pytest.raises(psycopg2.Error, match=message), connect(store.path) as db:
            db.execute(sql)
    with connect(store.path) as db:  # a decision is still recorded on a draft
        db.execute("UPDATE content_versions SET decision_note = 'seen' WHERE number = 2")
    assert [v.number for v in store.versions(DOC)] == [2, 1]
    assert store.live(DOC).data["answers"]["summary"]["text"] == NEW_SUMMARY


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


def end_sessions(content_postgres: ContentPostgres, url: str) -> int:
    """What a restart of the server does to the sessions open on the database: ends them."""
    admin = psycopg2.connect(content_postgres.url("miss"), password=content_postgres.password)
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid != pg_backend_pid()",
                (url.rsplit("/", 1)[1],),
            )
            return cursor.rowcount
    finally:
        admin.close()


def test_an_unreachable_store_keeps_what_is_served_and_logs_no_password(
    pg_store_url, content_postgres, monkeypatch, caplog
):
    clock = Clock()
    store = cv.VersionStore(Postgres(pg_store_url))
    approve_summary(store, NEW_SUMMARY)
    actions = LiveContent(live_content.from_files(), Postgres(pg_store_url), 10, clock)
    rasa = ApprovedReplies(pg_store_url, 10, clock)
    assert actions.current().live_seq == 1 and rasa.contacts() is None
    # The server restarts, and will not let these servers in again (a password changed under them).
    monkeypatch.setenv("MISS_DB_PASSWORD", "not-the-password-1234")
    assert end_sessions(content_postgres, pg_store_url) >= 1  # their kept session
    clock.now += 10
    with caplog.at_level(logging.WARNING):
        assert actions.current().live_seq == 1  # still the approved content, not content/ again
        assert rasa.contacts() is None
    assert "not readable, keeping the content served" in caplog.text  # the action server's
    assert "not readable, keeping what is served" in caplog.text  # the Rasa server's
    assert "not-the-password-1234" not in caplog.text


def test_the_action_and_rasa_servers_keep_their_session_from_one_poll_to_the_next(pg_store_url, monkeypatch):
    """One connection each time was about 12 ms of TCP and SCRAM handshake per poll and server; now the first
    poll's session serves the next ones."""
    clock = Clock()
    store = cv.VersionStore(Postgres(pg_store_url))
    actions = LiveContent(live_content.from_files(), Postgres(pg_store_url), 10, clock)
    rasa = ApprovedReplies(pg_store_url, 10, clock)
    assert actions.current().live_seq == 0 and rasa.contacts() is None
    opened: list[str] = []
    real_connect = psycopg2.connect

    def counted(*args: object, **kwargs: object) -> object:
        opened.append(str(args[0]))
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(psycopg2, "connect", counted)
    for _ in range(3):
        clock.now += 10
        assert rasa.contacts() is None and actions.current().live_seq in (0, 1)
        if clock.now == 20:
            approve_summary(store, NEW_SUMMARY)  # the console's writes, in a session of their own
    assert actions.current().kb.topics["dural_tear"].answers["summary"].text == NEW_SUMMARY
    assert opened == [pg_store_url]  # the console's first write; the readers' polls opened none
