"""The clinic's approved content: loaded once, validated at start-up, looked up by topic and aspect.

Content lives in content/topics/<topic>.yml (the clinic edits those files, not code). A malformed or
incomplete entry stops the action server at start-up with a message naming the file and the topic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from actions import content_schema

ROOT = Path(__file__).resolve().parent.parent
# MISS_CONTENT_DIR lets a clinic (or a test) point the assistant at another copy of the content.
CONTENT_DIR = Path(os.environ.get("MISS_CONTENT_DIR") or ROOT / "content" / "topics")
GAPS_FILE = ROOT / "content" / "gaps.yml"

KNOWLEDGE_TOPICS: tuple[str, ...] = (
    "advantages",
    "risks_overview",
    "anesthesia",
    "infection",
    "blood_clots",
    "nerve_injury",
    "dural_tear",
    "conversion_to_open",
    "risk_factors_health",
    "risk_factors_surgeon",
    "risk_factors_complexity",
    "reduce_risk_patient",
    "reduce_risk_surgeon",
    "recovery",
    "next_steps",
)
# The source section of each topic: the answer contract of shared/topics.yml.
SECTIONS: dict[str, str] = {
    "advantages": "Advantages of minimally invasive spine surgery",
    "risks_overview": "Risks of minimally invasive spine surgery",
    "anesthesia": "General Surgery Risks",
    "infection": "General Surgery Risks",
    "blood_clots": "General Surgery Risks",
    "nerve_injury": "Procedure-specific Risks",
    "dural_tear": "Procedure-specific Risks",
    "conversion_to_open": "Procedure-specific Risks",
    "risk_factors_health": "Factors affecting risks in MISS",
    "risk_factors_surgeon": "Factors affecting risks in MISS",
    "risk_factors_complexity": "Factors affecting risks in MISS",
    "reduce_risk_patient": "Minimizing the risks - for patients",
    "reduce_risk_surgeon": "Minimizing the risks - for surgeons",
    "recovery": "Advantages / Minimizing the risks / In conclusion",
    "next_steps": "In conclusion",
}
# What a patient asks about a topic, each an answer a topic file may give: declared once, in the content's
# schema (content/schema/topic.schema.json, `answers`), which the clinic's editors see too. Every aspect a
# topic leaves out still gets a reply: "what" is answered by the summary, the others by content/gaps.yml
# saying honestly that the content does not cover it (load_gaps refuses a gaps file without one of them).
_ANSWERS_SCHEMA = content_schema.schema("topic")["properties"]["answers"]
ASPECTS: tuple[str, ...] = tuple(_ANSWERS_SCHEMA["properties"])
REQUIRED_ASPECTS: tuple[str, ...] = tuple(_ANSWERS_SCHEMA["required"])
ANSWERED_BY_SUMMARY: tuple[str, ...] = ("what",)
GAP_ASPECTS: tuple[str, ...] = tuple(a for a in ASPECTS if a not in REQUIRED_ASPECTS + ANSWERED_BY_SUMMARY)


class ContentError(ValueError):
    """A content file the assistant cannot serve; the message names the file and the topic."""


@dataclass(frozen=True)
class Answer:
    text: str
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class FollowUp:
    label: str
    aspect: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    section: str
    answers: dict[str, Answer]
    follow_ups: tuple[FollowUp, ...]
    safety_net: str | None = None

    def answer(self, aspect: str) -> Answer | None:
        return self.answers.get(aspect)

    @property
    def summary(self) -> Answer:
        """Every topic has one: parse_topic rejects a file without it (REQUIRED_ASPECTS)."""
        return self.answers["summary"]


def _fail(path: Path, topic: str, problem: str) -> ContentError:
    return ContentError(f"{path}: topic {topic!r}: {problem}")


def parse_topic(path: Path, raw: object) -> Topic:
    """Validate one content file's data (its schema, then what a schema cannot say) and build its Topic."""
    problem = content_schema.problem("topic", raw)
    if problem:
        raise _fail(path, path.stem, problem)
    assert isinstance(raw, dict)  # the schema's `type: object`
    return build_topic(path, raw)


def build_topic(path: Path, raw: dict[str, Any]) -> Topic:
    """The Topic of data that passed its schema (the English topic's, or its translation's: the same
    structure), after the checks a schema cannot make."""
    topic_id = raw["topic"]
    if topic_id != path.stem:
        raise _fail(path, path.stem, "the file's 'topic' must equal the file name")
    if topic_id not in SECTIONS:
        raise _fail(path, topic_id, f"unknown topic id; expected one of {', '.join(KNOWLEDGE_TOPICS)}")
    if raw["section"] != SECTIONS[topic_id]:
        raise _fail(path, topic_id, f"'section' must be {SECTIONS[topic_id]!r}")
    answers = {
        aspect: Answer(" ".join(answer["text"].split()), tuple(answer["quotes"]))
        for aspect, answer in raw["answers"].items()
    }
    follow_ups = tuple(_follow_up(path, topic_id, answers, f) for f in raw["follow_ups"])
    safety_net = raw.get("safety_net")
    return Topic(
        topic_id,
        raw["title"].strip(),
        raw["section"],
        answers,
        follow_ups,
        " ".join(safety_net.split()) if safety_net else None,
    )


def _follow_up(path: Path, topic: str, answers: dict[str, Answer], raw: dict[str, str]) -> FollowUp:
    """A follow-up button whose aspect this topic answers, or whose topic exists."""
    aspect, target = raw.get("aspect"), raw.get("topic")
    if aspect is not None and aspect not in answers:
        raise _fail(path, topic, f"follow-up {raw['label']!r} points at aspect {aspect!r}, which has no answer")
    if target is not None and target not in SECTIONS:
        raise _fail(path, topic, f"follow-up {raw['label']!r} points at unknown topic {target!r}")
    return FollowUp(raw["label"], aspect, target)


def parse_gaps(path: Path, raw: object) -> dict[str, str]:
    """The texts of content/gaps.yml (content/schema/gaps.schema.json), one for every aspect a topic may
    leave out (GAP_ASPECTS): an aspect added to the topics' schema needs its text here too."""
    problem = content_schema.problem("gaps", raw)
    if problem:
        raise ContentError(f"{path}: {problem}")
    assert isinstance(raw, dict)  # the schema's `type: object`
    missing = [aspect for aspect in GAP_ASPECTS if aspect not in raw]
    if missing:
        raise ContentError(f"{path}: missing the text for {', '.join(map(repr, missing))}, which topics may leave out")
    return {k: " ".join(v.split()) for k, v in raw.items()}


class KnowledgeBase:
    """All topics, keyed by id. Build with `KnowledgeBase.load()`; lookups never touch the disk."""

    def __init__(self, topics: dict[str, Topic]) -> None:
        self.topics = topics

    @classmethod
    def load(cls, directory: Path = CONTENT_DIR) -> KnowledgeBase:
        topics: dict[str, Topic] = {}
        for path in sorted(Path(directory).glob("*.yml")):
            try:
                raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as err:
                raise ContentError(f"{path}: topic {path.stem!r}: not valid YAML: {err}") from err
            topics[path.stem] = parse_topic(path, raw)
        missing = [t for t in KNOWLEDGE_TOPICS if t not in topics]
        if missing:
            raise ContentError(f"{directory}: no content file for topics {missing}")
        return cls(topics)

    def get(self, topic_id: str) -> Topic:
        return self.topics[topic_id]


def knowledge_base() -> KnowledgeBase:
    """The content being served: content/ as loaded at start-up (the action server loads it at import), or
    the newest approved version of the content store once one has been checked and swapped in
    (actions/live_content.py)."""
    from actions import live_content  # not at the top: live_content builds on this module

    return live_content.current().kb
