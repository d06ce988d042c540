"""The Spanish translation of the approved content (content/es/), loaded and validated like the English.

Served to a conversation in Spanish (actions/language.py), while each file awaits the medical translator's
review. Loaded by the content tests and by the action server at start-up, where a broken file stops it
exactly as a broken English file does. So
the checks here are the English loaders' own (actions/knowledge.py) plus what makes a file a translation:
it says it is Spanish and awaiting a qualified medical translator's review (content/schema/translation.schema.json),
and a topic's translation answers from the English topic's source section.

Layout: content/es/ mirrors content/, one Spanish file per English one (topics/<topic>.yml, gaps.yml), plus
replies.yml (the domain's responses), phrases.yml (the servers' own words) and web.yml (the widget's and
the kiosk's). Whether each says the same as its English (ids, aspects, quotes, placeholders, medical terms,
reading level) is the content tests' and the console's business (console/content_checks_es.py), as for English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from actions import content_schema
from actions.knowledge import KNOWLEDGE_TOPICS, ROOT, ContentError, Topic, build_topic, parse_gaps

SPANISH_DIR = ROOT / "content" / "es"
# Every Spanish file says this until the review is recorded where approvals are (the staff console).
AWAITING_REVIEW = "awaiting_medical_translator"


@dataclass(frozen=True)
class Reply:
    """A domain response in Spanish: its text and its buttons as (title, payload)."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Phrase:
    """One of the assistant's own words: where its English is, the English, the Spanish."""

    where: str
    en: str
    es: str


@dataclass(frozen=True)
class SpanishContent:
    topics: dict[str, Topic]
    gaps: dict[str, str]
    replies: dict[str, Reply]  # by the English response's name
    phrases: dict[str, Phrase]  # the servers' own words (phrases.yml)
    web: dict[str, Phrase]  # the widget's and the kiosk's (web.yml)

    @classmethod
    def load(cls, directory: Path = SPANISH_DIR) -> SpanishContent:
        """Every Spanish file, each checked against its schema; the first broken one raises ContentError."""
        topics = {path.stem: parse_topic_es(path, _read(path)) for path in sorted((directory / "topics").glob("*.yml"))}
        missing = [t for t in KNOWLEDGE_TOPICS if t not in topics]
        if missing:
            raise ContentError(f"{directory / 'topics'}: no Spanish file for topics {missing}")
        return cls(
            topics,
            parse_gaps_es(directory / "gaps.yml", _read(directory / "gaps.yml")),
            parse_replies_es(directory / "replies.yml", _read(directory / "replies.yml")),
            parse_phrases_es(directory / "phrases.yml", _read(directory / "phrases.yml")),
            parse_phrases_es(directory / "web.yml", _read(directory / "web.yml")),
        )


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ContentError(f"{path}: not valid YAML: {err}") from err
    except FileNotFoundError as err:
        raise ContentError(f"{path}: missing (every English content file has its Spanish one)") from err


def _checked(kind: str, path: Path, raw: object, topic: str | None = None) -> dict[str, Any]:
    problem = content_schema.problem(kind, raw)
    if problem:
        raise ContentError(f"{path}: " + (f"topic {topic!r}: " if topic else "") + problem)
    assert isinstance(raw, dict)  # every Spanish schema's `type: object`
    return raw


def parse_topic_es(path: Path, raw: object) -> Topic:
    """A topic's translation: its schema (content/schema/topic_es.schema.json), then the English loader's
    rules (the id is the file's name, follow-ups point at answers that exist), and the English section."""
    data = _checked("topic_es", path, raw, path.stem)
    return build_topic(path, data)  # the same rules and messages as an English topic, its section included


def parse_gaps_es(path: Path, raw: object) -> dict[str, str]:
    data = _checked("gaps_es", path, raw)
    return parse_gaps(path, data["texts"])  # a text for every aspect a topic may leave out, as in English


def parse_replies_es(path: Path, raw: object) -> dict[str, Reply]:
    data = _checked("replies_es", path, raw)
    return {
        name: Reply(
            " ".join(reply["text"].split()),
            tuple((button["title"], button["payload"]) for button in reply.get("buttons", [])),
        )
        for name, reply in data["responses"].items()
    }


def parse_phrases_es(path: Path, raw: object) -> dict[str, Phrase]:
    data = _checked("phrases_es", path, raw)
    return {
        key: Phrase(phrase["where"], " ".join(phrase["en"].split()), " ".join(phrase["es"].split()))
        for key, phrase in data["phrases"].items()
    }
