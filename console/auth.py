"""Who may do what in the console: roles and permissions, accounts, passwords, lockout and sessions.

Every check here is made on the server for every request (web.py); the pages only hide links a role
cannot use.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from console import audit
from console.config import ConsoleConfig
from console.store import Store

# --- roles ---------------------------------------------------------------------------------------------
# What each role may do. review.read / review.label: the review queue (review_pages.py); data.delete: the
# data rights page (data_rights_pages.py). The content permissions are listed already, so that the role
# model stays in one place; no route uses them yet.
PERMISSIONS: dict[str, frozenset[str]] = {
    # handoff.read / handoff.reply: the live handoff inbox (handoff_pages.py). Every role reads it; editors
    # and approvers (the clinic's staff who answer patients) take conversations and write to patients.
    "viewer": frozenset({"dashboard", "conversations", "review.read", "handoff.read"}),
    "editor": frozenset(
        {"dashboard", "conversations", "review.read", "review.label", "content.draft", "handoff.read", "handoff.reply"}
    ),
    # A clinician who approves content; may draft too, but never approves a change of their own (not yet).
    "approver": frozenset(
        {
            "dashboard",
            "conversations",
            "review.read",
            "review.label",
            "content.draft",
            "content.approve",
            "handoff.read",
            "handoff.reply",
        }
    ),
    # Accounts, the audit log, deletions. No content approval: that stays with clinicians. No chatting with
    # patients either: an administrator's account is for administration.
    "admin": frozenset({"dashboard", "conversations", "review.read", "users", "audit", "data.delete", "handoff.read"}),
}
ROLES = tuple(PERMISSIONS)


def can(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())


# --- passwords -----------------------------------------------------------------------------------------
MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# argon2id with argon2-cffi's defaults (RFC 9106's second recommendation: 64 MiB, 3 passes, 4 lanes).
HASHER = PasswordHasher()
# Verified against when the account does not exist, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A refused account change, with a message for the person who asked."""


def normalise(username: str) -> str:
    return username.strip().lower()


def check_password_strength(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if normalise(username) in password.lower():
        raise AccountError("The password must not contain the user name.")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- accounts ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class User:
    username: str
    role: str
    disabled: bool


def get_user(db: sqlite3.Connection, username: str) -> User | None:
    row = db.execute("SELECT username, role, disabled FROM users WHERE username = ?", (normalise(username),)).fetchone()
    return User(row["username"], row["role"], bool(row["disabled"])) if row else None


def list_users(store: Store, now: float | None = None) -> list[dict[str, Any]]:
    now = time.time() if now is None else now
    with store.connect() as db:
        rows = db.execute(
            "SELECT u.username, u.role, u.disabled, u.created_at, u.created_by, l.until AS locked_until "
            "FROM users u LEFT JOIN lockouts l ON l.username = u.username AND l.until > ? ORDER BY u.username",
            (now,),
        ).fetchall()
    return [dict(row) for row in rows]


def _enabled_admins(db: sqlite3.Connection) -> int:
    count: int = db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0").fetchone()[0]
    return count


def create_user(store: Store, username: str, role: str, password: str, actor: str, ip: str = "") -> User:
    name = normalise(username)
    if not USERNAME.match(name):
        raise AccountError("A user name is 2 to 64 letters, digits, dots, dashes or underscores.")
    if role not in PERMISSIONS:
        raise AccountError(f"The role must be one of {', '.join(ROLES)}.")
    check_password_strength(password, name)
    password_hash = HASHER.hash(password)
    with store.connect() as db:
        if get_user(db, name):
            raise AccountError(f"There is already an account named {name}.")
        db.execute(
            "INSERT INTO users (username, role, password_hash, disabled, created_at, created_by) "
            "VALUES (?, ?, ?, 0, ?, ?)",
            (name, role, password_hash, time.time(), actor),
        )
        audit.record(db, "user_created", actor, role=_role_of(db, actor), target=name, detail={"role": role}, ip=ip)
    return User(name, role, False)


def _role_of(db: sqlite3.Connection, actor: str) -> str:
    user = get_user(db, actor)
    return user.role if user else ""


def set_role(store: Store, username: str, role: str, actor: str, ip: str = "") -> None:
    if role not in PERMISSIONS:
        raise AccountError(f"The role must be one of {', '.join(ROLES)}.")
    with store.connect() as db:
        user = _existing(db, username)
        if user.role == role:
            return
        if user.role == "admin" and not user.disabled and _enabled_admins(db) <= 1:
            raise AccountError("This is the only administrator: make another account admin first.")
        db.execute("UPDATE users SET role = ? WHERE username = ?", (role, user.username))
        audit.record(
            db,
            "user_role_changed",
            actor,
            role=_role_of(db, actor),
            target=user.username,
            detail={"from": user.role, "to": role},
            ip=ip,
        )


def set_disabled(store: Store, username: str, disabled: bool, actor: str, ip: str = "") -> None:
    with store.connect() as db:
        user = _existing(db, username)
        if user.disabled == disabled:
            return
        if disabled and user.role == "admin" and _enabled_admins(db) <= 1:
            raise AccountError("This is the only administrator: make another account admin first.")
        db.execute("UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), user.username))
        if disabled:  # a disabled account's open sessions end now, not at their expiry
            db.execute("DELETE FROM sessions WHERE username = ?", (user.username,))
        action = "user_disabled" if disabled else "user_enabled"
        audit.record(db, action, actor, role=_role_of(db, actor), target=user.username, ip=ip)


def set_password(store: Store, username: str, password: str, actor: str, ip: str = "") -> None:
    check_password_strength(password, username)
    password_hash = HASHER.hash(password)
    with store.connect() as db:
        user = _existing(db, username)
        db.execute("UPDATE users SET password_hash = ? WHERE username = ?", (password_hash, user.username))
        db.execute("DELETE FROM sessions WHERE username = ?", (user.username,))  # everywhere signed out
        audit.record(db, "user_password_set", actor, role=_role_of(db, actor), target=user.username, ip=ip)


def unlock(store: Store, username: str, actor: str, ip: str = "") -> None:
    name = normalise(username)
    with store.connect() as db:
        db.execute("DELETE FROM lockouts WHERE username = ?", (name,))
        db.execute("DELETE FROM login_failures WHERE username = ?", (name,))
        audit.record(db, "user_unlocked", actor, role=_role_of(db, actor), target=name, ip=ip)


def _existing(db: sqlite3.Connection, username: str) -> User:
    user = get_user(db, username)
    if user is None:
        raise AccountError(f"There is no account named {normalise(username)}.")
    return user


# --- login and lockout ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoginResult:
    user: User | None  # set only when the login succeeded
    locked: bool = False  # refused because the name is locked (now or just now)


def login(store: Store, config: ConsoleConfig, username: str, password: str, ip: str = "") -> LoginResult:
    """Check a login and log it (login, login_failed, lockout or login_refused_locked). A locked name
    is refused even with the right password: otherwise the lockout would not stop guessing."""
    name = normalise(username)[:64]
    now = time.time()
    with store.connect() as db:
        locked = db.execute("SELECT until FROM lockouts WHERE username = ? AND until > ?", (name, now)).fetchone()
        if locked:
            audit.record(db, "login_refused_locked", name, detail={"until": locked["until"]}, ip=ip, at=now)
            return LoginResult(None, locked=True)
        row = db.execute("SELECT password_hash, role, disabled FROM users WHERE username = ?", (name,)).fetchone()
    # The slow hash is checked outside any transaction (the database stays free meanwhile).
    matches = _verify(row["password_hash"] if row else _DUMMY_HASH, password) and row is not None
    with store.connect() as db:
        if matches and row is not None and not row["disabled"]:
            db.execute("DELETE FROM login_failures WHERE username = ?", (name,))
            if HASHER.check_needs_rehash(row["password_hash"]):  # parameters raised since it was set
                db.execute("UPDATE users SET password_hash = ? WHERE username = ?", (HASHER.hash(password), name))
            audit.record(db, "login", name, role=row["role"], ip=ip, at=now)
            return LoginResult(User(name, row["role"], False))
        reason = "disabled" if matches else "wrong name or password"
        db.execute("INSERT INTO login_failures (username, at) VALUES (?, ?)", (name, now))
        audit.record(db, "login_failed", name, detail={"reason": reason}, ip=ip, at=now)
        window_start = now - config.failure_window_minutes * 60
        failures: int = db.execute(
            "SELECT count(*) FROM login_failures WHERE username = ? AND at > ?", (name, window_start)
        ).fetchone()[0]
        if failures >= config.max_failures:
            until = now + config.lockout_minutes * 60
            db.execute("INSERT OR REPLACE INTO lockouts (username, until) VALUES (?, ?)", (name, until))
            db.execute("DELETE FROM login_failures WHERE username = ?", (name,))
            audit.record(db, "lockout", name, detail={"failures": failures, "until": until}, ip=ip, at=now)
            return LoginResult(None, locked=True)
    return LoginResult(None)


# --- sessions ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Session:
    username: str
    role: str
    csrf_token: str
    token_hash: str


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, username: str) -> tuple[str, str]:
    """A new session for a user who just logged in: (the cookie's value, the CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = time.time()
    with store.connect() as db:
        db.execute(
            "INSERT INTO sessions (token_hash, username, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
            (_hash_token(token), normalise(username), csrf, now, now),
        )
    return token, csrf


def find_session(store: Store, config: ConsoleConfig, token: str, ip: str = "") -> Session | None:
    """The live session a cookie names, its idle time renewed; None for an unknown, expired or disabled
    one (an expired session is deleted and its end logged)."""
    if not token:
        return None
    now = time.time()
    token_hash = _hash_token(token)
    with store.connect() as db:
        row = db.execute(
            "SELECT s.username, s.csrf_token, s.created_at, s.last_seen, u.role, u.disabled "
            "FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ?",
            (token_hash,),
        ).fetchone()
        if row is None:
            return None
        idle = now - row["last_seen"] > config.idle_minutes * 60
        too_old = now - row["created_at"] > config.session_hours * 3600
        if idle or too_old or row["disabled"]:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))
            if idle or too_old:
                why = "idle" if idle else "maximum length"
                audit.record(db, "session_expired", row["username"], role=row["role"], detail={"why": why}, ip=ip)
            return None
        db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", (now, token_hash))
    return Session(row["username"], row["role"], row["csrf_token"], token_hash)


def end_session(store: Store, session: Session, ip: str = "") -> None:
    with store.connect() as db:
        db.execute("DELETE FROM sessions WHERE token_hash = ?", (session.token_hash,))
        audit.record(db, "logout", session.username, role=session.role, ip=ip)


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode("utf-8"), (given or "").encode("utf-8"))


def purge_sessions(store: Store, config: ConsoleConfig, now: float | None = None) -> int:
    """Delete sessions that can no longer be used and stale failure counts (run by `make purge`)."""
    now = time.time() if now is None else now
    with store.connect() as db:
        gone = db.execute(
            "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
            (now - config.idle_minutes * 60, now - config.session_hours * 3600),
        ).rowcount
        db.execute("DELETE FROM login_failures WHERE at < ?", (now - config.failure_window_minutes * 60,))
        db.execute("DELETE FROM lockouts WHERE until < ?", (now,))
    return int(gone)
