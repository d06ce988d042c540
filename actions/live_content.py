"""The content the action server answers from right now: content/ as loaded at start-up, then the newest
approved versions of the content store (actions/content_store.py) as they appear, without a restart.

Every action asks `current()` for the content of the message it answers. At most every
$MISS_CONTENT_POLL_SECONDS (default 10) that call also asks the store, in one indexed query, whether a
version was approved since the last look; only then are the live versions read, checked exactly as content/
is checked at start-up (schema and loaders), and swapped in whole. Each replica does this on its own, so
every action server serves an approval within the poll interval of the next message it handles.

A version that fails the checks never replaces good content: it is logged (once) and the content served
stays as it was. The console's checks should have refused it already; this guards against a store written
by something else, or content that a newer schema no longer accepts.

Checked on the request path, not by a background thread: the check is one indexed read (well under a
millisecond on SQLite, a few milliseconds with a new PostgreSQL connection), made once per interval, and an
action server that handles no message has nothing to serve.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from re import Pattern
from typing import Any

import yaml

from actions import content_schema, content_store
from actions.knowledge import CONTENT_DIR, GAPS_FILE, ROOT, ContentError, KnowledgeBase, Topic, parse_gaps, parse_topic
from addons import sqlite_or_postgres

logger = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 10.0
TRIGGERS_FILE = ROOT / "content" / "emergency_triggers.yml"


def poll_seconds(env: Mapping[str, str] | None = None) -> float:
    raw = (os.environ if env is None else env).get("MISS_CONTENT_POLL_SECONDS") or ""
    if not raw:
        return DEFAULT_POLL_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"MISS_CONTENT_POLL_SECONDS must be a number of seconds, not {raw!r}") from None
    if not 0 <= value <= 60:  # "live within a minute" is the promise to the clinic
        raise ValueError(f"MISS_CONTENT_POLL_SECONDS must be between 0 and 60, not {raw!r}")
    return value


@dataclass(frozen=True)
class Content:
    """One consistent set: the topics, the gap texts and (once approved in the store) the clinic's contacts.
    `contacts` None: the domain's slot values stand (domain.yml). `live_seq`: the store's approval it
    includes (0: content/ only)."""

    kb: KnowledgeBase
    gaps: dict[str, str]
    contacts: dict[str, str] | None = None
    live_seq: int = 0
    versions: dict[str, int] = field(default_factory=dict)  # document -> version number served
    # The triage patterns' words that ask to wait or put off the care (emergency_triggers: content/'s, or the
    # approved version's), read by actions/emergency_follow_up.py; None matches nothing.
    delay_cues: Pattern[str] | None = None
    # Their words that settle the advice (`advice_settled`: taken back, help on its way).
    advice_settled_cues: Pattern[str] | None = None
    # Their words that say care has reached the patient since (`in_care`: a doctor's word, at the hospital).
    in_care_cues: Pattern[str] | None = None
    # Their words that say help is under way as the patient writes (`under_way_now`: now, on the way, going in).
    under_way_now_cues: Pattern[str] | None = None


def from_files(
    topics_dir: Path = CONTENT_DIR, gaps_file: Path = GAPS_FILE, triggers_file: Path = TRIGGERS_FILE
) -> Content:
    """content/ as the server starts with it; a bad file stops the server (actions/__init__.py).

    The triage patterns' cues are read here too, once, at start-up: read on the first message that needed them,
    the file's three parses (about 2 s on a busy 2-core machine) held up every conversation of the action
    server, and calls waiting behind them ran past the Rasa server's deadline (tests/scale, on a slow machine)."""
    triggers = yaml.safe_load(triggers_file.read_text(encoding="utf-8"))
    return Content(
        KnowledgeBase.load(topics_dir),
        parse_gaps(gaps_file, yaml.safe_load(gaps_file.read_text("utf-8"))),
        delay_cues=delay_pattern(triggers),
        advice_settled_cues=advice_settled_pattern(triggers),
        in_care_cues=in_care_pattern(triggers),
        under_way_now_cues=under_way_now_pattern(triggers),
    )


def overlay(base: Content, documents: Mapping[str, Mapping[str, Any]], live_seq: int) -> Content:
    """`base` with the store's live documents in place of its own, each checked as content/ is at start-up;
    raises ContentError naming the document and version that fails."""
    topics: dict[str, Topic] = dict(base.kb.topics)
    gaps, contacts, delay = base.gaps, base.contacts, base.delay_cues
    advice_settled, in_care, under_way = base.advice_settled_cues, base.in_care_cues, base.under_way_now_cues
    versions: dict[str, int] = {}
    for document, version in sorted(documents.items()):
        where = Path(f"content store {document} version {version['number']}")
        data = version["data"]
        if document.startswith("topic:"):
            topic_id = document.removeprefix("topic:")
            try:  # parse_topic wants the file's name to be the topic id, as in content/topics/
                topics[topic_id] = parse_topic(Path(f"{topic_id}.yml"), data)
            except ContentError as err:
                raise ContentError(f"{where}: {err}") from err
        elif document == "gaps":
            gaps = parse_gaps(where, data)
        elif document == "contacts":
            problem = content_schema.problem("contacts", data)
            if problem:
                raise ContentError(f"{where}: {problem}")
            contacts = {key: " ".join(str(value).split()) for key, value in data.items()}
        elif document in ("emergency", "emergency_es"):
            continue  # domain responses: the Rasa server serves them (addons/approved_replies.py), not the actions
        elif document == "emergency_triggers":  # the Rasa server triages with them; here only the delay cues
            problem = content_schema.problem("emergency_triggers", data)
            if problem:
                raise ContentError(f"{where}: {problem}")
            try:
                delay, advice_settled = delay_pattern(data), advice_settled_pattern(data)
                in_care, under_way = in_care_pattern(data), under_way_now_pattern(data)
            except re.error as err:
                raise ContentError(f"{where}: a cue does not compile: {err}") from err
        else:
            raise ContentError(f"{where}: unknown document")
        versions[document] = int(version["number"])
    return Content(KnowledgeBase(topics), gaps, contacts, live_seq, versions, delay, advice_settled, in_care, under_way)


def delay_pattern(spec: Mapping[str, Any]) -> Pattern[str]:
    """The words that ask to wait, self-treat, play it down or put off the care, of a triggers document
    (`after_emergency`, `putting_off_care`), as one pattern."""
    return re.compile("|".join(f"(?:{p})" for p in [*spec["after_emergency"], *spec["putting_off_care"]]))


def _optional_pattern(spec: Mapping[str, Any], key: str) -> Pattern[str]:
    """One optional list of a triggers document as one pattern: a document approved before the list existed
    has none, and then it matches nothing."""
    return re.compile("|".join(f"(?:{p})" for p in spec.get(key) or []) or r"(?!)")


def advice_settled_pattern(spec: Mapping[str, Any]) -> Pattern[str]:
    """The words that settle the advice after an emergency reply (`advice_settled`), as one pattern."""
    return _optional_pattern(spec, "advice_settled")


def in_care_pattern(spec: Mapping[str, Any]) -> Pattern[str]:
    """The words that say care has reached the patient since an emergency reply (`in_care`), as one pattern."""
    return _optional_pattern(spec, "in_care")


def under_way_now_pattern(spec: Mapping[str, Any]) -> Pattern[str]:
    """The words that say help is under way as the patient writes (`under_way_now`), as one pattern."""
    return _optional_pattern(spec, "under_way_now")


class LiveContent:
    """The content served by this process, refreshed from the store at most every `interval` seconds."""

    def __init__(
        self,
        files: Content,
        store: sqlite_or_postgres.Location | None,
        interval: float = DEFAULT_POLL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.files = files  # the base every overlay starts from: content/ as loaded at start-up
        self.store = store
        self.interval = interval
        self.clock = clock
        self.content = files
        self._checked_at: float | None = None
        self._refused_seq = 0  # the newest approval that failed the checks: logged once, not at every poll

    def current(self) -> Content:
        now = self.clock()
        if self._checked_at is None or now - self._checked_at >= self.interval:
            self._checked_at = now
            self.refresh()
        return self.content

    def refresh(self) -> bool:
        """Swap in the store's newest approved content if there is newer and it passes; True if swapped."""
        if self.store is None or not self.store.exists():
            return False
        try:
            with sqlite_or_postgres.connect(self.store, readonly=True) as db:
                newest = content_store.newest_live_seq(db)
                if newest in (self.content.live_seq, self._refused_seq):
                    return False
                documents = content_store.live_documents(db)
        except sqlite_or_postgres.ERRORS as err:  # a store being created, or unreachable: keep serving what we have
            logger.warning("Content store %s not readable, keeping the content served: %s", self.store, err)
            return False
        try:
            fresh = overlay(self.files, documents, newest)
        except (ContentError, KeyError, TypeError, AttributeError) as err:
            self._refused_seq = newest
            logger.error("Approved content (approval %s) refused, keeping the content served: %s", newest, err)
            return False
        self.content = fresh
        logger.info("Approved content %s is live: %s", newest, fresh.versions)
        return True


_live: LiveContent | None = None


def live() -> LiveContent:
    """This process's LiveContent, made on first use from content/ and $MISS_CONTENT_STORE."""
    global _live
    if _live is None:
        files = from_files()  # raises ContentError on bad files: the server does not start
        _live = LiveContent(files, content_store.store_location(), poll_seconds())
    return _live


def current() -> Content:
    return live().current()


def use(instance: LiveContent | None) -> None:
    """Replace this process's LiveContent (tests; None: made again from the environment on next use)."""
    global _live
    _live = instance
