"""Console accounts from the command line (the first admin is made here; later ones in the console too).

    python -m console add-user NAME --role viewer|editor|approver|admin   # asks for the password twice
    python -m console add-user NAME --role admin --password-stdin          # reads one line (scripts, tests)
    python -m console set-role NAME ROLE
    python -m console set-password NAME [--password-stdin]
    python -m console disable NAME | enable NAME | unlock NAME
    python -m console list-users
    python -m console purge-audit [--days N]
    python -m console purge        # what `make purge` runs daily: the per-message figures with the
                                   # conversations' retention, audit entries past theirs, dead sessions
    python -m console content-sync [--check]   # `make content-sync`: content/ and domain.yml brought up to
                                   # date from the approved versions of the content store ($MISS_CONTENT_STORE)

The database is MISS_CONSOLE_DB (default .run/console.sqlite). Every change is written to the audit log
as done by "cli:<the operating-system user>".
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path

from actions import content_store
from addons.handoff.store import HandoffStore
from console import analytics, audit, auth, content_versions
from console.config import ROOT, ConfigError, ConsoleConfig
from console.store import Store


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in a bare container: still say it came from the command line
        return "cli"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if first != getpass.getpass("Same password again: "):
        raise auth.AccountError("The two passwords differ.")
    return first


def purge_all(store: Store, config: ConsoleConfig, conversation_days: float | None) -> None:
    """Per-message figures go with the conversations (the same retention_days as the tracker store), audit
    entries past MISS_AUDIT_RETENTION_DAYS (the purge logs itself), sessions that can no longer be used."""
    if conversation_days is None:
        from scripts.endpoints import effective

        conversation_days = float(effective(os.environ)["tracker_store"].get("retention_days", 30))
    now = time.time()
    turns = analytics.purge_turns(store, conversation_days, now)
    entries = audit.purge(store, config.audit_retention_days, actor=_actor(), now=now)
    sessions = auth.purge_sessions(store, config, now)
    # The live handoffs' records (MISS_HANDOFF_STORE: conversation ids and times, no text) go with the
    # conversations they belong to.
    handoffs = HandoffStore().purge(now - conversation_days * 86_400)
    audit_entries = f"{entries} audit entr{'y' if entries == 1 else 'ies'}"
    print(
        f"console: purged {turns} message figure(s) and {handoffs} handoff record(s) older than "
        f"{conversation_days:g} days, {audit_entries} older than {config.audit_retention_days:g} days, "
        f"{sessions} dead session(s)"
    )


def content_sync(config: ConsoleConfig, check_only: bool, root: Path = ROOT) -> int:
    """Bring the repository's content files up to date from the approved versions (drafts never), and log
    it; the files then go through review and git like any change (they are what a fresh clone serves)."""
    path = content_store.store_location()
    if not path.exists():
        print(f"console: no content store at {path}: nothing approved, nothing to sync")
        return 0
    versions = content_versions.VersionStore(path)
    if check_only:
        stale = content_versions.stale(versions, root)
        for document, number, file in stale:
            print(f"{file.relative_to(root)} differs from approved version {number} of {document}")
        return 1 if stale else 0
    written = content_versions.sync(versions, root)
    for document, number, file in written:
        print(f"wrote {file.relative_to(root)} (approved version {number} of {document})")
    if not written:
        print("content/ and domain.yml already match the approved versions")
    if written and any(document == "contacts" for document, _, _ in written):
        print("domain.yml changed: `make train` (or `make run`) retrains for the domain's own replies")
    audit.log(
        Store(config.database),
        "content_sync",
        _actor(),
        target=str(root),
        detail={"written": [f"{document} v{number}" for document, number, _ in written]},
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=auth.ROLES)
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    role = commands.add_parser("set-role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=auth.ROLES)
    password = commands.add_parser("set-password", help="set an account's password (ends its sessions)")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    for name, text in (("disable", "disable an account"), ("enable", "enable it again"), ("unlock", "lift a lockout")):
        commands.add_parser(name, help=text).add_argument("name")
    commands.add_parser("list-users", help="list the accounts")
    purge = commands.add_parser("purge-audit", help="delete audit entries past the retention period")
    purge.add_argument("--days", type=float, default=None, help="default: MISS_AUDIT_RETENTION_DAYS (2190)")
    everything = commands.add_parser("purge", help="figures, audit entries and sessions past their retention")
    everything.add_argument(
        "--conversation-days",
        type=float,
        default=None,
        help="default: the conversations' retention_days (endpoints.yml, MISS_RETENTION_DAYS)",
    )
    sync = commands.add_parser("content-sync", help="write the approved content versions to content/ and domain.yml")
    sync.add_argument("--check", action="store_true", help="only say which files differ (exit 1 if any)")
    sync.add_argument("--root", type=Path, default=ROOT, help="the checkout to write (default: this one)")
    args = parser.parse_args(argv)

    try:
        config = ConsoleConfig.from_env()
    except ConfigError as err:
        print(f"console: {err}", file=sys.stderr)
        return 2
    if args.command == "content-sync":
        return content_sync(config, args.check, args.root.resolve())
    if args.command == "purge" and not config.database.exists():
        print(f"console: no database at {config.database}, nothing to purge")
        return 0  # a console never opened: no database to create just to purge it
    store = Store(config.database)
    actor = _actor()
    try:
        if args.command == "add-user":
            user = auth.create_user(store, args.name, args.role, _password(args.password_stdin), actor)
            print(f"created {user.username} ({user.role}) in {config.database}")
        elif args.command == "set-role":
            auth.set_role(store, args.name, args.role, actor)
            print(f"{auth.normalise(args.name)} is now {args.role}")
        elif args.command == "set-password":
            auth.set_password(store, args.name, _password(args.password_stdin), actor)
            print(f"password of {auth.normalise(args.name)} set")
        elif args.command in ("disable", "enable"):
            auth.set_disabled(store, args.name, args.command == "disable", actor)
            print(f"{auth.normalise(args.name)} {args.command}d")
        elif args.command == "unlock":
            auth.unlock(store, args.name, actor)
            print(f"{auth.normalise(args.name)} unlocked")
        elif args.command == "list-users":
            for row in auth.list_users(store):
                state = "disabled" if row["disabled"] else ("locked" if row["locked_until"] else "active")
                print(f"{row['username']:24} {row['role']:9} {state}")
        elif args.command == "purge-audit":
            days = config.audit_retention_days if args.days is None else args.days
            removed = audit.purge(store, days, actor=actor, now=time.time())
            print(f"purged {removed} audit entries older than {days:g} days")
        elif args.command == "purge":
            purge_all(store, config, args.conversation_days)
    except auth.AccountError as err:
        print(f"console: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
