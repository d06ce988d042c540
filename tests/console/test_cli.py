"""`python -m console ...`: the documented commands, run as a person would (a subprocess, real database)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from console import analytics, audit, auth
from console.store import Store
from tests.conftest import ROOT
from tests.console_app import new_password


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


def test_content_sync_writes_the_approved_versions_and_is_logged(tmp_path):
    import shutil

    from console import content_versions as cv

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "domain.yml", repo / "domain.yml")
    env = {
        **os.environ,
        "MISS_CONSOLE_DB": str(tmp_path / "c.sqlite"),
        "MISS_CONTENT_STORE": str(tmp_path / "s.sqlite"),
    }
    assert "nothing approved" in console(env, "content-sync", "--root", str(repo)).stdout
    versions = cv.VersionStore(tmp_path / "s.sqlite")
    gaps = cv.repository_data("gaps") | {"next": "Please ask your surgeon what comes next."}
    cv.draft(versions, "gaps", gaps, "eve", "editor")
    assert console(env, "content-sync", "--check", "--root", str(repo)).returncode == 0  # a draft is not written
    cv.approve(versions, "gaps", 2, "cat", "approver")
    check = console(env, "content-sync", "--check", "--root", str(repo))
    assert check.returncode == 1 and "content/gaps.yml differs from approved version 2 of gaps" in check.stdout
    done = console(env, "content-sync", "--root", str(repo))
    assert done.returncode == 0 and "wrote content/gaps.yml (approved version 2 of gaps)" in done.stdout
    assert cv.repository_data("gaps", repo) == gaps
    text = (repo / "content" / "gaps.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=schema/gaps.schema.json\n")
    entry = audit.entries(Store(tmp_path / "c.sqlite"), audit.AuditFilter(action="content_sync"))[0]
    assert entry["actor"].startswith("cli") and "gaps v2" in entry["detail"]
    assert console(env, "content-sync", "--check", "--root", str(repo)).returncode == 0
