"""The rules of content editing: drafts, a clinician's approval, history, diff, roll back and sync to content/.

The versions live in the content store (actions/content_store.py), which the action servers read. The rules:

- Anyone with `content.draft` (editor, approver) drafts a change. A draft must pass every check
  (console/content_checks.py); one that fails is not stored (the editor sees why as they type).
- A draft goes live only when approved by an account with `content.approve` (approver) that is not its
  author: an editor cannot approve; an approver cannot approve their own draft. The checks run again at
  approval (the article or the rules may have changed since).
- A draft made from a version that is no longer live (another change was approved meanwhile) cannot be
  approved: approving it would silently undo the other change. Its editor drafts again from the live one.
- Every version is kept (the store's triggers refuse deletes and changes of a version's data). The first
  draft of a document first records the repository's text as version 1 (`baseline`), so the history
  starts from what patients read before any edit and can be rolled back to.
- Roll back restores an earlier approved (or the baseline) version as a new version. By an approver it is
  live at once: the text was approved by a clinician before, and a clinic undoing a bad change must not
  wait for a second person. By an editor it is a draft that needs an approver like any other change.
- Rejected drafts stay in the history with who rejected them and why.

Every function here returns what it did; the console and the command line write the audit entry
(console/audit.py), with who, when and what.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from actions import content_store
from actions.knowledge import KNOWLEDGE_TOPICS, ROOT
from addons import sqlite_or_postgres
from console import auth, triggers_file
from console.content_checks import Problem, check_document
from console.triage_checks import to_yaml as triggers_yaml

CONTACT_SLOTS = ("emergency_number", "clinic_phone", "clinic_hours")
EMERGENCY_REPLIES = ("utter_emergency", "utter_emergency_wait", "utter_emergency_acknowledge")
# The Spanish emergency reply: a document of its own, so that its approval (after a medical translator's
# review) is separate from the English replies', and versions of `emergency` made before it stay valid.
SPANISH_REPLIES = ("utter_emergency_es",)
REPLIES = {"emergency": EMERGENCY_REPLIES, "emergency_es": SPANISH_REPLIES}  # domain.yml responses by document
DOCUMENTS: tuple[str, ...] = (
    "contacts",
    "emergency",
    "emergency_es",
    "emergency_triggers",
    "gaps",
    *(f"topic:{topic}" for topic in KNOWLEDGE_TOPICS),
)


class WorkflowError(ValueError):
    """A refused step, with a message for the person who asked."""


class ChecksFailed(WorkflowError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("The change does not pass the checks: " + "; ".join(p.message for p in problems[:3]))
        self.problems = problems


@dataclass(frozen=True)
class Version:
    document: str
    number: int
    data: dict[str, Any]
    status: str  # baseline, draft, approved, rejected
    author: str
    created_at: float
    note: str
    based_on: int | None
    rollback_of: int | None
    decided_by: str | None
    decided_at: float | None
    decision_note: str
    live_seq: int | None

    @classmethod
    def from_row(cls, row: Any) -> Version:  # a sqlite3.Row or psycopg2's DictRow
        return cls(
            row["document"],
            row["number"],
            json.loads(row["data"]),
            row["status"],
            row["author"],
            row["created_at"],
            row["note"],
            row["based_on"],
            row["rollback_of"],
            row["decided_by"],
            row["decided_at"],
            row["decision_note"],
            row["live_seq"],
        )


def title(document: str) -> str:
    if document == "contacts":
        return "Clinic numbers and hours"
    if document == "gaps":
        return "Where the content is silent (gap texts)"
    if document == "emergency":
        return "Emergency replies (English)"
    if document == "emergency_es":
        return "Emergency reply (Spanish)"
    if document == "emergency_triggers":
        return "Emergency triage patterns"
    return "Topic: " + document.removeprefix("topic:").replace("_", " ")


def known(document: str) -> bool:
    return document in DOCUMENTS


def repository_file(document: str, root: Path = ROOT) -> Path:
    """The file of `document` in the repository at `root` (domain.yml holds the contacts)."""
    if document in ("contacts", *REPLIES):
        return root / "domain.yml"
    if document == "gaps":
        return root / "content" / "gaps.yml"
    if document == "emergency_triggers":
        return root / "content" / "emergency_triggers.yml"
    return root / "content" / "topics" / f"{document.removeprefix('topic:')}.yml"


def repository_data(document: str, root: Path = ROOT) -> dict[str, Any]:
    """The document as the repository's files have it (what patients read before any approved edit)."""
    raw = yaml.safe_load(repository_file(document, root).read_text(encoding="utf-8"))
    if document == "contacts":
        slots = raw["slots"]
        return {slot: str(slots[slot]["initial_value"]) for slot in CONTACT_SLOTS}
    if document in REPLIES:
        return {name: " ".join(raw["responses"][name][0]["text"].split()) for name in REPLIES[document]}
    return dict(raw)


class VersionStore:
    """The content store seen by the console: it creates the database on first use and writes versions."""

    def __init__(self, path: sqlite_or_postgres.Location) -> None:
        self.path = path  # a SQLite file or a PostgreSQL database (sqlite_or_postgres.Location)
        content_store.create(path)

    def _all(self, where: str, args: tuple[Any, ...]) -> list[Version]:
        with sqlite_or_postgres.connect(self.path) as db:
            rows = db.execute(f"SELECT * FROM content_versions WHERE {where}", args).fetchall()
        return [Version.from_row(row) for row in rows]

    def versions(self, document: str) -> list[Version]:
        """Newest first."""
        return self._all("document = ? ORDER BY number DESC", (document,))

    def version(self, document: str, number: int) -> Version | None:
        found = self._all("document = ? AND number = ?", (document, number))
        return found[0] if found else None

    def live(self, document: str) -> Version | None:
        found = self._all(
            "document = ? AND live_seq IS NOT NULL ORDER BY live_seq DESC LIMIT 1",
            (document,),
        )
        return found[0] if found else None

    def drafts(self) -> list[Version]:
        """Every draft waiting for an approver, oldest first."""
        return self._all("status = 'draft' ORDER BY created_at", ())

    def served(self, document: str) -> tuple[dict[str, Any], int | None]:
        """What patients read now (the live version, else the repository's) and its version number."""
        live = self.live(document)
        if live is not None:
            return live.data, live.number
        baseline = self._all("document = ? AND status = 'baseline'", (document,))
        return repository_data(document), (baseline[0].number if baseline else None)


def _insert(
    db: sqlite_or_postgres.Connection, document: str, data: dict[str, Any], status: str, author: str, **more: Any
) -> int:
    last = db.execute("SELECT coalesce(max(number), 0) FROM content_versions WHERE document = ?", (document,))
    number = int(last.fetchone()[0]) + 1
    fields = {
        "document": document,
        "number": number,
        "data": json.dumps(data, sort_keys=False),
        "status": status,
        "author": author,
        "created_at": time.time(),
        **more,
    }
    db.execute(
        f"INSERT INTO content_versions ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))})",
        tuple(fields.values()),
    )
    return number


def _live_number(db: sqlite_or_postgres.Connection, document: str) -> int | None:
    row = db.execute(
        "SELECT number FROM content_versions WHERE document = ? AND live_seq IS NOT NULL "
        "ORDER BY live_seq DESC LIMIT 1",
        (document,),
    ).fetchone()
    if row:
        return int(row[0])
    row = db.execute("SELECT number FROM content_versions WHERE document = ? AND status = 'baseline'", (document,))
    found = row.fetchone()
    return int(found[0]) if found else None


def _ensure_baseline(db: sqlite_or_postgres.Connection, document: str) -> int:
    """Version 1 of a document is the repository's text, recorded before its first draft."""
    existing = _live_number(db, document)
    if existing is not None:
        return existing
    return _insert(db, document, repository_data(document), "baseline", "repository", note="content/ as it was")


def _check(document: str, data: dict[str, Any]) -> None:
    if not known(document):
        raise WorkflowError(f"There is no content document {document!r}.")
    problems = check_document(document, data)
    if problems:
        raise ChecksFailed(problems)


def draft(
    store: VersionStore,
    document: str,
    data: dict[str, Any],
    author: str,
    role: str,
    note: str = "",
    rollback_of: int | None = None,
) -> Version:
    """Store a checked change as a draft, made from the version live now."""
    if not auth.can(role, "content.draft"):
        raise WorkflowError("Your role cannot draft content changes.")
    _check(document, data)
    if store.served(document)[0] == data:
        raise WorkflowError("Nothing changed: this is what patients read already.")
    with sqlite_or_postgres.connect(store.path) as db:
        content_store.lock_for_writing(db)  # one writer numbers the versions at a time
        based_on = _ensure_baseline(db, document)
        number = _insert(
            db, document, data, "draft", author, note=note[:500], based_on=based_on, rollback_of=rollback_of
        )
    version = store.version(document, number)
    assert version is not None
    return version


def _pending(store: VersionStore, document: str, number: int) -> Version:
    version = store.version(document, number)
    if version is None:
        raise WorkflowError(f"There is no version {number} of {title(document)}.")
    if version.status != "draft":
        raise WorkflowError(f"Version {number} is {version.status}, not a draft waiting for approval.")
    return version


def approve(store: VersionStore, document: str, number: int, approver: str, role: str, note: str = "") -> Version:
    """Make a draft live: an approver who is not its author, checks passed, made from the live version."""
    if not auth.can(role, "content.approve"):
        raise WorkflowError("Only an approver (a clinician) can approve content changes.")
    version = _pending(store, document, number)
    if version.author == approver:
        raise WorkflowError("You made this draft: another approver must approve it.")
    _check(document, version.data)
    with sqlite_or_postgres.connect(store.path) as db:
        content_store.lock_for_writing(db)  # the staleness check and the approval see the same store
        live = _live_number(db, document)
        if live != version.based_on:
            raise WorkflowError(
                f"Version {live} went live after this draft was made from version {version.based_on}; approving "
                "it would undo that change. Edit the live version again instead."
            )
        _decide(db, version, "approved", approver, note, live=True)
    approved = store.version(document, number)
    assert approved is not None
    return approved


def reject(store: VersionStore, document: str, number: int, approver: str, role: str, note: str = "") -> Version:
    """Close a draft without making it live (it stays in the history)."""
    if not auth.can(role, "content.approve"):
        raise WorkflowError("Only an approver can reject content changes.")
    version = _pending(store, document, number)
    with sqlite_or_postgres.connect(store.path) as db:
        content_store.lock_for_writing(db)
        _decide(db, version, "rejected", approver, note, live=False)
    rejected = store.version(document, number)
    assert rejected is not None
    return rejected


def _decide(db: sqlite_or_postgres.Connection, version: Version, status: str, who: str, note: str, live: bool) -> None:
    seq = content_store.newest_live_seq(db) + 1 if live else None
    changed = db.execute(
        "UPDATE content_versions SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, live_seq = ? "
        "WHERE document = ? AND number = ? AND status = 'draft'",
        (status, who, time.time(), note[:500], seq, version.document, version.number),
    ).rowcount
    if changed != 1:  # decided by someone else between the read and this write
        raise WorkflowError(f"Version {version.number} was decided meanwhile; reload the page.")


def rollback(store: VersionStore, document: str, number: int, actor: str, role: str, note: str = "") -> Version:
    """Restore version `number` (approved before, or the baseline) as a new version: live at once when an
    approver asks, a draft awaiting another approver when an editor does."""
    target = store.version(document, number)
    if target is None:
        raise WorkflowError(f"There is no version {number} of {title(document)}.")
    if target.status not in ("approved", "baseline"):
        raise WorkflowError(f"Version {number} was never live ({target.status}); only a live version is restored.")
    served, _ = store.served(document)
    if served == target.data:
        raise WorkflowError(f"Version {number} is what patients read already.")
    text = note or f"roll back to version {number}"
    if not auth.can(role, "content.approve"):
        return draft(store, document, target.data, actor, role, text, rollback_of=number)
    _check(document, target.data)
    with sqlite_or_postgres.connect(store.path) as db:
        content_store.lock_for_writing(db)
        based_on = _ensure_baseline(db, document)
        seq = content_store.newest_live_seq(db) + 1
        new = _insert(
            db,
            document,
            target.data,
            "approved",
            actor,
            note=text[:500],
            based_on=based_on,
            rollback_of=number,
            decided_by=actor,
            decided_at=time.time(),
            decision_note="roll back by an approver: live at once",
            live_seq=seq,
        )
    restored = store.version(document, new)
    assert restored is not None
    return restored


# --- diff and YAML -------------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """YAML as the clinic's files are written: keys in their order, long texts folded (`>-`) for reading."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 70 and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def diff(old: dict[str, Any], new: dict[str, Any], old_name: str, new_name: str, document: str = "") -> list[str]:
    """A unified diff of two versions as YAML (what changed, line by line; the triage patterns one regex a
    line, as their editor shows them)."""
    dump = triggers_yaml if document == "emergency_triggers" else to_yaml
    return list(
        difflib.unified_diff(dump(old).splitlines(), dump(new).splitlines(), old_name, new_name, lineterm="", n=2)
    )


# --- sync to content/ ----------------------------------------------------------------------------------
def _header(path: Path) -> str:
    """The comment lines a file starts with (the schema modeline, what the file is for): kept on sync."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def _set_value(value: str, match: re.Match[str]) -> str:
    return match.group(1) + value + "\n"


def _write_contacts(path: Path, contacts: dict[str, Any]) -> str:
    """domain.yml's slot initial values, changed in place so its comments and layout stay."""
    text = path.read_text(encoding="utf-8")
    for slot in CONTACT_SLOTS:
        pattern = re.compile(rf"(\n  {slot}:\n(?:    .*\n)*?    initial_value: ).*\n")
        value = json.dumps(str(contacts[slot]))  # a JSON string is a YAML double-quoted string
        text, count = pattern.subn(functools.partial(_set_value, value), text, count=1)
        if count != 1:
            raise WorkflowError(f"{path}: no initial_value for slot {slot} found to update")
    return text


def _write_emergency(path: Path, replies: dict[str, Any], names: tuple[str, ...]) -> str:
    """domain.yml's emergency responses `names`, each text's folded block replaced in place (buttons, payloads
    and comments stay)."""
    text = path.read_text(encoding="utf-8")
    for name in names:
        pattern = re.compile(rf"(\n  {name}:\n    - text: >-\n)((?:        \S.*\n)+)")
        block = "".join(f"        {line}\n" for line in textwrap.wrap(str(replies[name]), width=92))
        text, count = pattern.subn(functools.partial(_set_block, block), text, count=1)
        if count != 1:
            raise WorkflowError(f"{path}: no folded text of response {name} found to update")
    return text


def _set_block(block: str, match: re.Match[str]) -> str:
    return match.group(1) + block


def stale(store: VersionStore, root: Path = ROOT) -> list[tuple[str, int, Path]]:
    """(document, live version, file) for each file of the repository that differs from its live version."""
    found = []
    for document in DOCUMENTS:
        live = store.live(document)
        if live is not None and repository_data(document, root) != live.data:
            found.append((document, live.number, repository_file(document, root)))
    return found


def sync(store: VersionStore, root: Path = ROOT) -> list[tuple[str, int, Path]]:
    """Write each document's live version to its file in the repository where the file says otherwise;
    returns (document, version, file) for each file written. Only approved versions are ever written."""
    written = []
    for document, number, path in stale(store, root):
        live = store.live(document)
        assert live is not None and live.number == number
        if document == "contacts":
            text = _write_contacts(path, live.data)
        elif document in REPLIES:
            text = _write_emergency(path, live.data, REPLIES[document])
        elif document == "emergency_triggers":  # every comment kept, regexes one a line (console/triggers_file.py)
            text = triggers_file.rewrite(path, live.data)
        else:
            text = _header(path) + to_yaml(live.data)
        if yaml.safe_load(text) is None:  # never write an empty file
            raise WorkflowError(f"{path}: the text to write is empty")
        path.write_text(text, encoding="utf-8")
        if repository_data(document, root) != live.data:  # what was written reads back as what was approved
            raise WorkflowError(f"{path}: written, but it does not read back as version {live.number}")
        written.append((document, live.number, path))
    return written
