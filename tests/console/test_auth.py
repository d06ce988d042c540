"""Accounts, passwords, lockout, sessions and roles (console/auth.py) on a real database."""

from __future__ import annotations

import dataclasses
import time

import pytest

from console import auth
from console.store import Store
from tests.console_app import audit_actions, new_password


def test_passwords_are_stored_as_argon2id_hashes_only(store):
    password = new_password()
    auth.create_user(store, "Alice", "admin", password, actor="test")
    raw = store.path.read_bytes()
    assert password.encode() not in raw
    with store.connect() as db:
        stored = db.execute("SELECT username, password_hash FROM users").fetchone()
    assert stored["username"] == "alice"  # names are case-insensitive
    assert stored["password_hash"].startswith("$argon2id$")
    assert audit_actions(store) == ["user_created"]


@pytest.mark.parametrize(
    "name,role,password,message",
    [
        ("bob", "viewer", "short", "at least 12"),
        ("bob", "viewer", "my-name-is-bob-really", "must not contain the user name"),
        ("bob", "superuser", None, "role must be one of"),
        ("b", "viewer", None, "2 to 64"),
        ("bob smith", "viewer", None, "2 to 64"),
    ],
)
def test_weak_passwords_bad_names_and_unknown_roles_are_refused(store, name, role, password, message):
    with pytest.raises(auth.AccountError, match=message):
        auth.create_user(store, name, role, password or new_password(), actor="test")
    assert auth.list_users(store) == []


def test_a_second_account_with_the_same_name_is_refused(store):
    auth.create_user(store, "carol", "viewer", new_password(), actor="test")
    with pytest.raises(auth.AccountError, match="already"):
        auth.create_user(store, "CAROL", "admin", new_password(), actor="test")


def test_login_succeeds_only_with_the_right_password_and_every_attempt_is_logged(store, config):
    password = new_password()
    auth.create_user(store, "dora", "viewer", password, actor="test")
    assert auth.login(store, config, "dora", password + "x").user is None
    assert auth.login(store, config, "nobody", password).user is None
    user = auth.login(store, config, " DORA ", password, ip="10.0.0.9").user
    assert user == auth.User("dora", "viewer", False)
    assert audit_actions(store) == ["user_created", "login_failed", "login_failed", "login"]
    with store.connect() as db:
        last = db.execute("SELECT actor, role, ip FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(last) == ("dora", "viewer", "10.0.0.9")


def test_repeated_failures_lock_the_name_even_against_the_right_password(store, config):
    password = new_password()
    auth.create_user(store, "erin", "editor", password, actor="test")
    results = [auth.login(store, config, "erin", "wrong-" + new_password()) for _ in range(config.max_failures)]
    assert [r.locked for r in results] == [False] * (config.max_failures - 1) + [True]
    refused = auth.login(store, config, "erin", password)
    assert refused.user is None and refused.locked
    assert audit_actions(store)[-2:] == ["lockout", "login_refused_locked"]
    assert auth.list_users(store)[0]["locked_until"] > time.time()

    auth.unlock(store, "erin", actor="admin")
    assert auth.login(store, config, "erin", password).user is not None


def test_a_lockout_ends_by_itself(store, config):
    quick = dataclasses.replace(config, lockout_minutes=0.01)  # 0.6 s
    password = new_password()
    auth.create_user(store, "fay", "viewer", password, actor="test")
    for _ in range(quick.max_failures):
        auth.login(store, quick, "fay", "wrong-" + new_password())
    assert auth.login(store, quick, "fay", password).locked
    time.sleep(0.7)
    assert auth.login(store, quick, "fay", password).user is not None


def test_names_without_an_account_lock_the_same_way(store, config):
    """Otherwise 'locked' would tell an attacker which names are accounts."""
    results = [auth.login(store, config, "ghost", new_password()) for _ in range(config.max_failures + 1)]
    assert results[-1].locked and results[-2].locked


def test_failures_outside_the_window_do_not_add_up(store, config):
    quick = dataclasses.replace(config, failure_window_minutes=0.01)
    auth.create_user(store, "gus", "viewer", new_password(), actor="test")
    for _ in range(quick.max_failures + 2):
        assert not auth.login(store, quick, "gus", "wrong-" + new_password()).locked
        time.sleep(0.65)  # each failure has left the window before the next


def test_a_disabled_account_cannot_log_in_and_loses_its_sessions(store, config):
    password = new_password()
    auth.create_user(store, "admin1", "admin", password, actor="test")
    auth.create_user(store, "hal", "viewer", password, actor="test")
    token, _ = auth.start_session(store, "hal")
    auth.set_disabled(store, "hal", True, actor="admin1")
    assert auth.find_session(store, config, token) is None
    assert auth.login(store, config, "hal", password).user is None
    auth.set_disabled(store, "hal", False, actor="admin1")
    assert auth.login(store, config, "hal", password).user is not None


def test_sessions_are_stored_hashed_and_expire_when_idle_or_too_old(store, config):
    auth.create_user(store, "ida", "viewer", new_password(), actor="test")
    token, csrf = auth.start_session(store, "ida")
    assert token.encode() not in store.path.read_bytes() and len(token) >= 40 and len(csrf) >= 40
    session = auth.find_session(store, config, token)
    assert session is not None and (session.username, session.role, session.csrf_token) == ("ida", "viewer", csrf)
    assert auth.find_session(store, config, token + "x") is None

    idle = dataclasses.replace(config, idle_minutes=0.005)  # 0.3 s
    time.sleep(0.4)
    assert auth.find_session(store, idle, token) is None
    assert auth.find_session(store, config, token) is None  # deleted, not only refused
    assert audit_actions(store)[-1] == "session_expired"

    token, _ = auth.start_session(store, "ida")
    short = dataclasses.replace(config, session_hours=0.0001)  # 0.36 s, however active
    for _ in range(3):
        assert auth.find_session(store, short, token) is not None
        time.sleep(0.05)
    time.sleep(0.3)
    assert auth.find_session(store, short, token) is None


def test_a_role_change_applies_to_open_sessions_at_once(store, config):
    auth.create_user(store, "root1", "admin", new_password(), actor="test")
    auth.create_user(store, "jo", "admin", new_password(), actor="test")
    token, _ = auth.start_session(store, "jo")
    auth.set_role(store, "jo", "viewer", actor="root1")
    session = auth.find_session(store, config, token)
    assert session is not None and session.role == "viewer"
    assert audit_actions(store)[-1] == "user_role_changed"


def test_the_last_administrator_cannot_be_demoted_or_disabled(store):
    auth.create_user(store, "kim", "admin", new_password(), actor="test")
    with pytest.raises(auth.AccountError, match="only administrator"):
        auth.set_role(store, "kim", "viewer", actor="kim")
    with pytest.raises(auth.AccountError, match="only administrator"):
        auth.set_disabled(store, "kim", True, actor="kim")
    auth.create_user(store, "lee", "admin", new_password(), actor="kim")
    auth.set_role(store, "kim", "viewer", actor="lee")


def test_setting_a_password_ends_the_accounts_sessions(store, config):
    auth.create_user(store, "max", "viewer", new_password(), actor="test")
    token, _ = auth.start_session(store, "max")
    password = new_password()
    auth.set_password(store, "max", password, actor="admin")
    assert auth.find_session(store, config, token) is None
    assert auth.login(store, config, "max", password).user is not None


@pytest.mark.parametrize(
    "role,allowed,refused",
    [
        ("viewer", {"dashboard", "conversations", "review.read"}, {"users", "audit", "content.draft", "data.delete"}),
        ("editor", {"review.label", "content.draft"}, {"content.approve", "users", "audit"}),
        ("approver", {"content.approve", "content.draft"}, {"users", "audit", "data.delete"}),
        ("admin", {"users", "audit", "data.delete", "dashboard"}, {"content.approve", "content.draft"}),
        ("root", set(), {"dashboard"}),
    ],
)
def test_roles(role, allowed, refused):
    assert all(auth.can(role, p) for p in allowed)
    assert not any(auth.can(role, p) for p in refused)


def test_csrf_tokens_compare_exactly():
    assert auth.csrf_matches("abc", "abc")
    assert not auth.csrf_matches("abc", "abd")
    assert not auth.csrf_matches("abc", "")
    assert not auth.csrf_matches("abc", None)


def test_the_store_reopens_an_existing_database(store):
    auth.create_user(store, "ned", "viewer", new_password(), actor="test")
    assert [u["username"] for u in auth.list_users(Store(store.path))] == ["ned"]
