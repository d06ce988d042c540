"""The clinic's numbers and hours as approved in the staff console, in the Rasa server's own replies.

The domain's responses (the emergency reply, handoff, out of scope...) are filled from the tracker's slots,
whose values are domain.yml's `initial_value`s frozen into the trained model and into every conversation
already stored. An approved edit of the contacts (the content store's `contacts` document,
console/content_versions.py) would otherwise reach those replies only after `make content-sync`, a
retraining and a restart. Here the Rasa server reads the approved contacts itself, at most every
$MISS_CONTENT_POLL_SECONDS (default 10), and fills the responses with them: live within the interval on
every replica, like the action server's answers (actions/live_content.py).

The Rasa server's image has no `actions` package, so this reads the store with its own query, the same
one actions/content_store.live_documents makes for one document (a test keeps them in agreement), and
checks the values against content/schema/contacts.schema.json. No store, nothing approved, a store that
cannot be read or a value that fails the schema: the domain's values stand, never an empty number.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "content" / "schema" / "contacts.schema.json"
QUERY = (
    "SELECT number, data FROM content_versions WHERE document = 'contacts' AND live_seq IS NOT NULL "
    "ORDER BY live_seq DESC LIMIT 1"
)


def store_path(env: Mapping[str, str] | None = None) -> Path:
    """$MISS_CONTENT_STORE as actions/content_store.store_path reads it (a path or sqlite:///path)."""
    raw = (os.environ if env is None else env).get("MISS_CONTENT_STORE") or ".run/content.sqlite"
    path = Path(raw.removeprefix("sqlite:///"))
    return path if path.is_absolute() else ROOT / path


def poll_seconds(env: Mapping[str, str] | None = None) -> float:
    raw = (os.environ if env is None else env).get("MISS_CONTENT_POLL_SECONDS") or "10"
    try:
        return min(max(float(raw), 0.0), 60.0)
    except ValueError:
        return 10.0  # the action server refuses such a value at start-up; the Rasa server keeps its replies


class LiveContacts:
    def __init__(self, path: Path, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.interval = interval
        self.clock = clock
        self._validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
        self._checked_at: float | None = None
        self._contacts: dict[str, str] | None = None
        self._number: int | None = None

    def current(self) -> dict[str, str] | None:
        """The approved contacts, or None: then the domain's slot values stand."""
        now = self.clock()
        if self._checked_at is None or now - self._checked_at >= self.interval:
            self._checked_at = now
            self._refresh()
        return self._contacts

    def _refresh(self) -> None:
        if not self.path.exists():
            return
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
            try:
                row = db.execute(QUERY).fetchone()
            finally:
                db.close()
        except sqlite3.Error as err:  # being created, or unreachable: keep what is served
            logger.warning("Content store %s not readable, keeping the clinic's numbers: %s", self.path, err)
            return
        if row is None or row[0] == self._number:
            return
        data: Any = json.loads(row[1])
        if not self._validator.is_valid(data):
            logger.error("Approved contacts version %s refused (schema), keeping the clinic's numbers", row[0])
            self._number = row[0]
            return
        self._contacts = {key: " ".join(str(value).split()) for key, value in data.items()}
        self._number = row[0]
        logger.info("Approved clinic contacts version %s are live", row[0])


_live: LiveContacts | None = None


def live_contacts() -> LiveContacts:
    global _live
    if _live is None:
        _live = LiveContacts(store_path(), poll_seconds())
    return _live


def use(instance: LiveContacts | None) -> None:
    """Replace this process's LiveContacts (tests; None: made again from the environment on next use)."""
    global _live
    _live = instance


def with_approved_contacts(slots: dict[str, Any]) -> dict[str, Any]:
    """`slots` with the approved contacts in place of the domain's values."""
    approved = live_contacts().current()
    return {**slots, **approved} if approved else slots


_applied = False


def fill_responses_with_approved_contacts() -> None:
    """Patch Rasa's response generator so that {clinic_phone}, {clinic_hours} and {emergency_number} in the
    domain's responses are the approved values (installed by addons.rasa_server.install_rasa_patches)."""
    global _applied
    if _applied:
        return
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    async def generate(
        self: TemplatedNaturalLanguageGenerator, utter_action: str, tracker: Any, output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        filled_slots = with_approved_contacts(tracker.current_slot_values())
        return self.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)

    TemplatedNaturalLanguageGenerator.generate = generate  # type: ignore[method-assign]  # the patch
    _applied = True
