"""The audit log: append-only in the database itself, purged only past its retention (and the purge
logged), exported as CSV that a spreadsheet cannot turn into formulas."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import time
from pathlib import Path

import pytest

from console import audit
from tests.console_app import audit_actions

DAY = 86_400


def test_entries_can_be_neither_changed_nor_deleted(store):
    audit.log(store, "login", "alice", role="admin", ip="127.0.0.1")
    with store.connect() as db, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit SET actor = 'mallory'")
    with store.connect() as db, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit")
    assert [row["actor"] for row in audit.entries(store, audit.AuditFilter())] == ["alice"]


def test_the_purge_deletes_only_entries_past_the_retention_and_logs_itself(store):
    now = time.time()
    audit.log(store, "login", "old", at=now - 40 * DAY)
    audit.log(store, "login", "recent", at=now - 10 * DAY)
    assert audit.purge(store, retention_days=30, actor="cron", now=now) == 1
    rows = audit.entries(store, audit.AuditFilter())
    assert [(r["actor"], r["action"]) for r in rows] == [("cron", "audit_purge"), ("recent", "login")]
    assert '"deleted": 1' in rows[0]["detail"]
    # the window the purge opened is closed again: a delete now is refused as before
    with store.connect() as db, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit WHERE actor = 'recent'")


def test_the_code_deletes_or_updates_audit_rows_nowhere_but_in_the_purge():
    code = "\n".join(p.read_text() for p in (Path(__file__).parents[2] / "console").glob("*.py"))
    assert len(re.findall(r"DELETE FROM audit\b", code)) == 1
    assert not re.search(r"UPDATE audit\b", code)


def test_filters(store):
    now = time.time()
    audit.log(store, "login", "alice", at=now - 3 * DAY)
    audit.log(store, "login_failed", "bob", at=now)
    audit.log(store, "login", "bob", at=now)
    assert audit.count(store, audit.AuditFilter(actor="BOB")) == 2
    assert audit.count(store, audit.AuditFilter(action="login")) == 2
    assert audit.count(store, audit.AuditFilter(since=now - DAY)) == 2
    assert audit.actions(store) == ["login", "login_failed"]


def test_csv_export_has_every_entry_and_no_formula_a_spreadsheet_would_run(store):
    audit.log(store, "login_failed", '=HYPERLINK("http://evil.example")', detail={"reason": "x"}, ip="127.0.0.1")
    audit.log(store, "login", "alice", role="admin")
    rows = list(csv.DictReader(io.StringIO(audit.export_csv(store, audit.AuditFilter()))))
    assert [r["action"] for r in rows] == ["login_failed", "login"]
    assert rows[0]["actor"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["detail"] == '{"reason": "x"}' and rows[0]["at_utc"].endswith("Z")
    assert rows[1]["role"] == "admin"


def test_purging_an_empty_log_still_leaves_a_trace(store):
    assert audit.purge(store, retention_days=1) == 0
    assert audit_actions(store) == ["audit_purge"]
