"""The audit log: who did what, when, from where. Append-only (store.py's triggers); admins read it in the
console and export it as CSV; entries older than MISS_AUDIT_RETENTION_DAYS are purged by `make purge`,
and each purge leaves an entry saying how many went and up to when.

Actions written (docs/console.md has the table): login, login_failed, login_refused_locked, lockout,
logout, session_expired, user_created, user_role_changed, user_disabled, user_enabled, user_unlocked,
page_view, conversation_view, api_view, audit_export, audit_purge, access_denied, csrf_refused,
review_label (review.py), data_rights_lookup, conversation_exported, conversation_deleted (data_rights.py).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from console.store import Store

SECONDS_PER_DAY = 86_400
COLUMNS = ("id", "at", "actor", "role", "action", "target", "detail", "ip")


def record(
    db: sqlite3.Connection,
    action: str,
    actor: str,
    role: str = "",
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    ip: str = "",
    at: float | None = None,
) -> None:
    """Append one entry, in the caller's transaction: the change and its entry are written together."""
    db.execute(
        "INSERT INTO audit (at, actor, role, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            time.time() if at is None else at,
            actor,
            role,
            action,
            target,
            json.dumps(dict(detail or {}), sort_keys=True),
            ip,
        ),
    )


def log(store: Store, action: str, actor: str, **fields: Any) -> None:
    with store.connect() as db:
        record(db, action, actor, **fields)


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    since: float | None = None
    until: float | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1=1"]
        args: list[Any] = []
        if self.actor:
            clauses.append("actor = ?")
            args.append(self.actor.lower())
        if self.action:
            clauses.append("action = ?")
            args.append(self.action)
        if self.since is not None:
            clauses.append("at >= ?")
            args.append(self.since)
        if self.until is not None:
            clauses.append("at < ?")
            args.append(self.until)
        return " AND ".join(clauses), args


def entries(store: Store, where: AuditFilter, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    clause, args = where.where()
    with store.connect() as db:
        rows = db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM audit WHERE {clause} ORDER BY id DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
    return [dict(row) for row in rows]


def count(store: Store, where: AuditFilter) -> int:
    clause, args = where.where()
    with store.connect() as db:
        total: int = db.execute(f"SELECT count(*) FROM audit WHERE {clause}", args).fetchone()[0]
    return total


def actions(store: Store) -> list[str]:
    with store.connect() as db:
        return [row[0] for row in db.execute("SELECT DISTINCT action FROM audit ORDER BY action")]


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or a tab/CR) is a formula to
    Excel and LibreOffice, and a failed login's user name is typed by anyone (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS[:2], "at_utc", *COLUMNS[2:]])
    for row in rows:
        at_utc = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(row["at"]))
        writer.writerow([_cell(row["id"]), _cell(row["at"]), at_utc, *(_cell(row[name]) for name in COLUMNS[2:])])
    return out.getvalue()


def export_csv(store: Store, where: AuditFilter) -> str:
    clause, args = where.where()
    with store.connect() as db:
        rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM audit WHERE {clause} ORDER BY id", args).fetchall()
    return to_csv(dict(row) for row in rows)


def purge(store: Store, retention_days: float, actor: str = "retention", now: float | None = None) -> int:
    """Delete entries older than the retention period; the purge itself is logged in the same transaction
    (its entry is new, so it stays). The only DELETE on the audit table anywhere."""
    now = time.time() if now is None else now
    cutoff = now - retention_days * SECONDS_PER_DAY
    with store.connect() as db:
        old: int = db.execute("SELECT count(*) FROM audit WHERE at < ?", (cutoff,)).fetchone()[0]
        record(
            db,
            "audit_purge",
            actor,
            detail={"deleted": old, "older_than_days": retention_days, "cutoff": cutoff},
            at=now,
        )
        db.execute("INSERT INTO audit_purge_cutoff (before) VALUES (?)", (cutoff,))
        db.execute("DELETE FROM audit WHERE at < ?", (cutoff,))
        db.execute("DELETE FROM audit_purge_cutoff")
    return old
