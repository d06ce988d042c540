"""`python -m console ...`: the documented commands, run as a person would (a subprocess, real database)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from console import analytics, audit, auth
from console.store import Store
from tests.conftest import ROOT
from tests.console.conftest import new_password


def console(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "console", *args], input=stdin, text=True, capture_output=True, env=env, cwd=ROOT
    )


def test_accounts_from_the_command_line_are_logged_as_such(tmp_path):
    env = {**os.environ, "MISS_CONSOLE_DB": str(tmp_path / "c.sqlite")}
    password = new_password()
    made = console(env, "add-user", "Zoe", "--role", "admin", "--password-stdin", stdin=password + "\n")
    assert made.returncode == 0 and "created zoe (admin)" in made.stdout
    assert (
        console(env, "add-user", "zoe", "--role", "viewer", "--password-stdin", stdin=password + "\n").returncode == 1
    )
    assert console(env, "add-user", "x1", "--role", "viewer", "--password-stdin", stdin="short\n").returncode == 1
    refused = console(env, "add-user", "x2", "--role", "root", "--password-stdin", stdin=password + "\n")
    assert refused.returncode == 2  # not a role
    assert "zoe                      admin     active" in console(env, "list-users").stdout
    store = Store(tmp_path / "c.sqlite")
    entries = audit.entries(store, audit.AuditFilter())
    assert entries[0]["action"] == "user_created" and entries[0]["actor"].startswith("cli")
    assert auth.login(store, __import__("console.config").config.ConsoleConfig(store.path), "zoe", password).user


def test_purge_keeps_figures_and_audit_entries_within_their_retention(tmp_path):
    env = {**os.environ, "MISS_CONSOLE_DB": str(tmp_path / "c.sqlite"), "MISS_AUDIT_RETENTION_DAYS": "365"}
    assert "nothing to purge" in console(env, "purge").stdout
    assert not (tmp_path / "c.sqlite").exists()
    store = Store(tmp_path / "c.sqlite")
    now = time.time()
    with store.connect() as db:
        for event_id, age in ((1, 40), (2, 1)):
            db.execute(
                "INSERT INTO turns (event_id, sender_id, at, channel, intent) VALUES (?, ?, ?, 'rest', 'greet')",
                (event_id, f"s{event_id}", now - age * 86_400),
            )
    audit.log(store, "login", "old", at=now - 400 * 86_400)
    audit.log(store, "login", "recent", at=now - 300 * 86_400)
    done = console(env, "purge", "--conversation-days", "30")
    assert done.returncode == 0 and "purged 1 message figure(s)" in done.stdout and "1 audit entry" in done.stdout
    span = analytics.DateRange.parse((analytics.dt.date.today() - analytics.dt.timedelta(days=60)).isoformat(), None)
    assert analytics.dashboard(store, span)["totals"]["messages"] == 1
    assert [(e["actor"], e["action"]) for e in audit.entries(store, audit.AuditFilter())][1:] == [("recent", "login")]
