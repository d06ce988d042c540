"""The Rasa server's own replies as approved in the staff console: the clinic's numbers and hours, and the
emergency replies (English, and the Spanish one: documents `emergency` and `emergency_es`); and the
emergency triage patterns its NLU pipeline uses (addons/intent_router.py).

The domain's responses (the emergency reply, handoff, out of scope...) are domain.yml's texts, filled from
the tracker's slots, whose values are domain.yml's `initial_value`s: all frozen into the trained model and,
for the slots, into every conversation already stored. An approved edit in the console (the content store's
`contacts` and `emergency` documents, console/content_versions.py) would otherwise reach those replies only
after `make content-sync`, a retraining and a restart. Here the Rasa server reads the approved versions
itself, at most every $MISS_CONTENT_POLL_SECONDS (default 10), and fills its responses with them: live within
the interval on every replica, like the action server's answers (actions/live_content.py).

The triage patterns (`emergency_triggers`, content/emergency_triggers.yml) follow the same rule: an approved
version replaces the file's rules within the interval, without a restart (IntentRouter asks `triage_rules()`
for each message).

The store is a SQLite file or a PostgreSQL database (`postgresql://user@host:port/db`, the password from
$MISS_DB_PASSWORD; several machines), read-only either way, opened as the action servers open it
(addons/sqlite_or_postgres.py: a PostgreSQL session kept for the next poll). The Rasa server's image has no
`actions` package, so this reads it with its own query, the one actions/content_store.live_documents makes,
for these documents (a test keeps them in agreement), and checks each as the server checks its files: the
replies against their schema in content/schema/, the triage patterns by compiling them
(addons/triage.TriageRules: schema, regexes, cues). No store, nothing approved, a store that cannot be read or
a version that fails its checks (logged once): the domain's texts and values, and the rules served until then
(the file's at first), stand, never an empty number, reply or rule set.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft7Validator

from addons import sqlite_or_postgres
from addons.language import LANGUAGE_SLOT, SPANISH, conversation_language
from addons.spanish_replies import in_spanish, spanish_name, spanish_replies
from addons.sqlite_or_postgres import Postgres
from addons.triage import TriageRules

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {
    "contacts": ROOT / "content" / "schema" / "contacts.schema.json",
    "emergency": ROOT / "content" / "schema" / "emergency_replies.schema.json",
    "emergency_es": ROOT / "content" / "schema" / "emergency_reply_es.schema.json",  # approved on its own
}
QUERY = (
    "SELECT number, data FROM content_versions WHERE document = ? AND live_seq IS NOT NULL "
    "ORDER BY live_seq DESC LIMIT 1"
)


Store = Path | str  # a SQLite file, or a postgresql:// URL without its password


def store_path(env: Mapping[str, str] | None = None) -> Store:
    """$MISS_CONTENT_STORE as actions/content_store.store_location reads it (a path, sqlite:///path, or a
    postgresql:// URL, which must not hold the password)."""
    raw = (os.environ if env is None else env).get("MISS_CONTENT_STORE", "").strip() or ".run/content.sqlite"
    if raw.startswith(("postgresql://", "postgres://")):
        if urlsplit(raw).password is not None:  # not echoed: it would put the password in the log
            raise ValueError("MISS_CONTENT_STORE must not hold a password: set MISS_DB_PASSWORD instead")
        return raw
    path = Path(raw.removeprefix("sqlite:///"))
    return path if path.is_absolute() else ROOT / path


def read_live_rows(store: Store, documents: tuple[str, ...]) -> dict[str, tuple[int, str] | None]:
    """(version number, JSON data) of each document's live version, None where nothing is approved; raises
    sqlite3.Error or psycopg2.Error (sqlite_or_postgres.ERRORS) when the store cannot be read. Read-only on
    both engines; on this server's message path, so a SQLite writer is waited for 5 s at most."""
    location = Postgres(store) if isinstance(store, str) else store
    with sqlite_or_postgres.connect(location, readonly=True, timeout=5) as db:
        rows = {name: db.execute(QUERY, (name,)).fetchone() for name in documents}
    return {name: None if row is None else (row[0], row[1]) for name, row in rows.items()}


def poll_seconds(env: Mapping[str, str] | None = None) -> float:
    raw = (os.environ if env is None else env).get("MISS_CONTENT_POLL_SECONDS") or "10"
    try:
        return min(max(float(raw), 0.0), 60.0)
    except ValueError:
        return 10.0  # the action server refuses such a value at start-up; the Rasa server keeps its replies


TRIGGERS = "emergency_triggers"
DOCUMENTS = (*SCHEMAS, TRIGGERS)


class Refused(ValueError):
    """An approved version that fails the checks the server makes of its own files."""


class ApprovedReplies:
    """The approved `contacts`, `emergency` and `emergency_triggers` documents of the store, looked up at most
    every `interval`: the one place the Rasa server polls the content store."""

    def __init__(self, path: Store, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.interval = interval
        self.clock = clock
        self._validators = {
            name: Draft7Validator(json.loads(schema.read_text(encoding="utf-8"))) for name, schema in SCHEMAS.items()
        }
        self._checked_at: float | None = None
        self._served: dict[str, Any] = {}
        self._numbers: dict[str, int] = {}  # the version looked at last, served or refused

    def _current(self, document: str) -> Any:
        now = self.clock()
        if self._checked_at is None or now - self._checked_at >= self.interval:
            self._checked_at = now
            self._refresh()
        return self._served.get(document)

    def contacts(self) -> dict[str, str] | None:
        """The approved contacts, or None: then the domain's slot values stand."""
        found: dict[str, str] | None = self._current("contacts")
        return found

    def emergency(self) -> dict[str, str] | None:
        """The approved emergency replies by response name (the English ones and the Spanish one, each
        document approved on its own), or None: the domain's stand."""
        english: dict[str, str] | None = self._current("emergency")
        spanish: dict[str, str] | None = self._served.get("emergency_es")  # refreshed with the line above
        return {**(english or {}), **(spanish or {})} or None

    def triage_rules(self) -> TriageRules | None:
        """The approved triage patterns, compiled, or None: then the file's rules stand."""
        found: TriageRules | None = self._current(TRIGGERS)
        return found

    def _read(self, name: str, data: Any) -> Any:
        """What the server serves of an approved version; raises Refused when it fails the checks."""
        if name == TRIGGERS:
            try:
                return TriageRules(data)
            except Exception as err:  # schema, a cue that does not compile (re.error), a wrong type...
                raise Refused(str(err)) from err
        if not self._validators[name].is_valid(data):
            raise Refused("schema")
        return {key: " ".join(str(value).split()) for key, value in data.items()}

    def _refresh(self) -> None:
        if isinstance(self.path, Path) and not self.path.exists():
            return  # no SQLite store: nothing approved yet, and a reader never creates it
        try:
            rows = read_live_rows(self.path, DOCUMENTS)
        except sqlite_or_postgres.ERRORS as err:  # being created, or unreachable: keep what is served
            logger.warning("Content store %s not readable, keeping what is served: %s", self.path, err)
            return
        for name, row in rows.items():
            if row is None or row[0] == self._numbers.get(name):
                continue
            self._numbers[name] = row[0]  # a refused version is logged once, not at every poll
            try:
                self._served[name] = self._read(name, json.loads(row[1]))
            except (Refused, ValueError) as err:
                logger.error("Approved %s version %s refused (%s), keeping what is served", name, row[0], err)
                continue
            logger.info("Approved %s version %s is live", name, row[0])


_live: ApprovedReplies | None = None


def approved_replies() -> ApprovedReplies:
    global _live
    if _live is None:
        _live = ApprovedReplies(store_path(), poll_seconds())
    return _live


def use(instance: ApprovedReplies | None) -> None:
    """Replace this process's ApprovedReplies (tests; None: made again from the environment on next use)."""
    global _live
    _live = instance


def with_approved_contacts(slots: dict[str, Any]) -> dict[str, Any]:
    """`slots` with the approved contacts in place of the domain's values."""
    approved = approved_replies().contacts()
    return {**slots, **approved} if approved else slots


_applied = False


SPANISH_HOURS_SLOT = "clinic_hours_es"


def with_spanish_hours(slots: dict[str, Any], domain_hours: str | None) -> dict[str, Any]:
    """`slots` (approved contacts already in place) with the office hours in Spanish, from domain.yml's
    `clinic_hours_es`, unless the console changed the hours (`domain_hours`) since: right in English beats
    outdated in Spanish (actions/replies.contact decides the same way)."""
    if slots.get(SPANISH_HOURS_SLOT) and slots.get("clinic_hours") == domain_hours:
        return {**slots, "clinic_hours": slots[SPANISH_HOURS_SLOT]}
    return slots


def fill_responses_with_approved_texts() -> None:
    """Patch Rasa's response generator: {clinic_phone}, {clinic_hours} and {emergency_number} in the domain's
    responses are the approved values, and an approved emergency reply replaces the domain's text (its
    buttons and custom payload, the `emergency` tag the channels rely on, stay the domain's). Installed by
    addons.rasa_server.install_rasa_patches."""
    global _applied
    if _applied:
        return
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    async def generate(
        self: TemplatedNaturalLanguageGenerator, utter_action: str, tracker: Any, output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        filled_slots = with_approved_contacts(tracker.current_slot_values())
        latest = getattr(tracker, "latest_message", None)
        reading = (getattr(latest, "parse_data", None) or {}).get(LANGUAGE_SLOT)
        spanish = conversation_language(filled_slots, reading) == SPANISH
        if spanish:  # the domain's own Spanish response where it has one (the emergency reply)
            utter_action = spanish_name(utter_action, self.responses)
            filled_slots = with_spanish_hours(filled_slots, tracker.get_slot("clinic_hours"))
        response = self.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)
        approved = approved_replies().emergency()
        if response is not None and approved and approved.get(utter_action):
            response["text"] = self._fill_response({"text": approved[utter_action]}, filled_slots, **kwargs)["text"]
        if response is not None and spanish:
            entry = spanish_replies().get(utter_action)
            text = self._fill_response({"text": entry["text"]}, filled_slots, **kwargs)["text"] if entry else None
            response = in_spanish(utter_action, response, text)
        return response

    TemplatedNaturalLanguageGenerator.generate = generate  # type: ignore[method-assign]  # the patch
    _applied = True
