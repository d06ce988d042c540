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

The database is MISS_CONSOLE_DB (default .run/console.sqlite). Every change is written to the audit log
as done by "cli:<the operating-system user>".
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time

from console import analytics, audit, auth
from console.config import ConfigError, ConsoleConfig
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
    audit_entries = f"{entries} audit entr{'y' if entries == 1 else 'ies'}"
    print(
        f"console: purged {turns} message figure(s) older than {conversation_days:g} days, {audit_entries} "
        f"older than {config.audit_retention_days:g} days, {sessions} dead session(s)"
    )


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
    args = parser.parse_args(argv)

    try:
        config = ConsoleConfig.from_env()
    except ConfigError as err:
        print(f"console: {err}", file=sys.stderr)
        return 2
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
