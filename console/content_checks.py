"""The editorial checks of the clinic's content, in one place: the content tests (tests/content/) and the
staff console's live checks (console/content_editor.py) both call these, so a text the console accepts is
a text the tests accept.

- every quote is verbatim in the approved article (content/source/miss-risks-article.txt);
- a summary's quotes lie in its topic's own source section (content/source_sections.yml);
- a text reads at Flesch-Kincaid grade 8 or below (textstat, the same formula the evaluation reports);
- no medical term appears in an answer that its own quotes do not use (a stem match);
- the file's JSON Schema (content/schema/) and what the loaders check beyond it (actions/knowledge.py);
- the emergency triage patterns still escalate every emergency of the triage sets (console/triage_checks.py).

In console/, not actions/: the action server never runs these (its image has no textstat,
deploy/Dockerfile.actions). When it reloads approved content it checks what it checks at start-up (schema
and loaders) and nothing more; the editorial checks gate a version earlier, when it is drafted and again
when it is approved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import textstat
import yaml

from actions import content_schema
from actions.knowledge import ROOT, SECTIONS, ContentError, parse_gaps, parse_topic

ARTICLE = ROOT / "content" / "source" / "miss-risks-article.txt"
SECTION_MAP = ROOT / "content" / "source_sections.yml"
MAX_GRADE = 8.0
MAX_SUMMARY_CHARS = 350  # a summary fits a phone screen without scrolling
MAX_ANSWER_CHARS = 600
# Medical words that may appear in an answer only if its own quotes use them too (stem match at a word start).
MEDICAL_TERMS: tuple[str, ...] = (
    "anesthe",
    "antibiotic",
    "allerg",
    "breath",
    "clot",
    "thrombosis",
    "embolism",
    "lung",
    "leg",
    "infect",
    "incision",
    "scar",
    "nerve",
    "spinal cord",
    "paralys",
    "weakness",
    "dura",
    "membrane",
    "fluid",
    "leak",
    "headache",
    "fusion",
    "deformity",
    "endoscope",
    "fluoroscopy",
    "robot",
    "smok",
    "obes",
    "diet",
    "exercise",
    "physical therap",
    "neurolog",
    "pain",
    "muscle",
    "tissue",
    "hospital",
    "medication",
    "age",
    "retractor",
    "open( spine)? surg",
    "second surg",
)


@dataclass(frozen=True)
class Problem:
    """One failed check. `field` is where in the document (dotted, e.g. "answers.summary.quotes"; "" for the
    document as a whole), `check` which check (schema, quote, section, grade, terms, length)."""

    field: str
    check: str
    message: str


def norm(text: str) -> str:
    """Compare texts as a reader would: typographic quotes and spacing do not make a quote different."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00bd", "1/2")
    return " ".join(text.split()).lower()


@cache
def article_text(path: Path = ARTICLE) -> str:
    return norm(path.read_text(encoding="utf-8"))


@cache
def section_text(section: str) -> str:
    """The normalised text of one source section (several spans for sections such as "recovery")."""
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    spans = yaml.safe_load(SECTION_MAP.read_text(encoding="utf-8"))[section]
    parts: list[str] = []
    for span in spans:
        start = next(i for i, line in enumerate(lines) if line.strip().startswith(span["from"]))
        end = (
            len(lines)
            if span["to"] is None
            else next(i for i, line in enumerate(lines) if i > start and line.strip().startswith(span["to"]))
        )
        parts.append("\n".join(lines[start:end]))
    return norm("\n".join(parts))


def quotes_not_in_article(quotes: list[str] | tuple[str, ...]) -> list[str]:
    article = article_text()
    return [quote for quote in quotes if norm(quote) not in article]


def quotes_outside_section(quotes: list[str] | tuple[str, ...], section: str) -> list[str]:
    text = section_text(section)
    return [quote for quote in quotes if norm(quote) not in text]


def reading_grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def unbacked_terms(text: str, quotes: list[str] | tuple[str, ...]) -> list[str]:
    """The medical terms `text` uses that none of `quotes` uses: the answer would say more than its source."""
    quoted = norm(" ".join(quotes))
    said = norm(text)
    return [t for t in MEDICAL_TERMS if re.search(r"\b" + t, said) and not re.search(r"\b" + t, quoted)]


PLACEHOLDERS = frozenset({"emergency_number", "clinic_phone", "clinic_hours"})


def unknown_placeholders(text: str) -> list[str]:
    """Braces the replies cannot fill: a patient would read "{clinic_fone}", or Rasa would fail the reply."""
    return [name for name in re.findall(r"\{([^{}]*)\}", text) if name not in PLACEHOLDERS] + (
        ["an unmatched brace"] if text.count("{") != text.count("}") else []
    )


def _placeholder_problem(field: str, text: str) -> Problem | None:
    unknown = unknown_placeholders(text)
    if not unknown:
        return None
    allowed = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
    return Problem(field, "placeholder", f"{', '.join(unknown)}: only {allowed} are filled in")


def _grade_problem(field: str, text: str) -> Problem | None:
    grade = reading_grade(text)
    if grade <= MAX_GRADE:
        return None
    return Problem(field, "grade", f"reads at grade {grade:.1f}; use shorter sentences and words (grade 8 or below)")


def _schema_problem(kind: str, data: object) -> list[Problem]:
    problem = content_schema.problem(kind, data)
    if problem is None:
        return []
    where, _, message = problem.partition(": ")
    return [Problem("" if where == "the file" else where, "schema", message)]


def check_topic(topic_id: str, data: object) -> list[Problem]:
    """Every check of one topic document (the data of content/topics/<topic_id>.yml)."""
    problems = _schema_problem("topic", data)
    if problems:
        return problems  # the other checks need the structure the schema guarantees
    assert isinstance(data, dict)
    try:
        parse_topic(Path(f"{topic_id}.yml"), data)
    except ContentError as err:
        return [Problem("follow_ups" if "follow-up" in str(err) else "", "schema", str(err).split(": ", 2)[-1])]
    for aspect, answer in data["answers"].items():
        where = f"answers.{aspect}"
        text = " ".join(answer["text"].split())
        missing = quotes_not_in_article(answer["quotes"])
        problems += [Problem(f"{where}.quotes", "quote", f"not in the approved article: {q!r}") for q in missing]
        if aspect == "summary" and not missing:
            outside = quotes_outside_section(answer["quotes"], SECTIONS[topic_id])
            problems += [
                Problem(f"{where}.quotes", "section", f"not in the section {SECTIONS[topic_id]!r}: {q!r}")
                for q in outside
            ]
        problems += [
            p for p in (_grade_problem(f"{where}.text", text), _placeholder_problem(f"{where}.text", text)) if p
        ]
        terms = unbacked_terms(text, answer["quotes"])
        if terms:
            problems.append(
                Problem(f"{where}.text", "terms", f"uses {', '.join(terms)} but no quote of this answer does")
            )
        limit = MAX_SUMMARY_CHARS if aspect == "summary" else MAX_ANSWER_CHARS
        if len(text) > limit:
            problems.append(Problem(f"{where}.text", "length", f"{len(text)} characters; at most {limit} on a phone"))
    if data.get("safety_net"):
        net = data["safety_net"]
        problems += [p for p in (_grade_problem("safety_net", net), _placeholder_problem("safety_net", net)) if p]
    return problems


def check_gaps(data: object) -> list[Problem]:
    """Every check of content/gaps.yml: its schema, the loader's, and plain words in each text."""
    problems = _schema_problem("gaps", data)
    if problems:
        return problems
    try:
        parse_gaps(Path("gaps.yml"), data)
    except ContentError as err:
        return [Problem("", "schema", str(err).split(": ", 1)[-1])]
    assert isinstance(data, dict)
    return _plain_texts(data)


def _plain_texts(data: dict[str, str]) -> list[Problem]:
    checks = (_grade_problem, _placeholder_problem)
    return [p for key, text in data.items() for check in checks if (p := check(key, text))]


def check_emergency(data: object) -> list[Problem]:
    """The English emergency replies: their schema (each tells the patient to call {emergency_number}), plain
    words and only the placeholders the Rasa server fills."""
    problems = _schema_problem("emergency_replies", data)
    if problems:
        return problems
    assert isinstance(data, dict)
    return _plain_texts(data)


def check_emergency_es(data: object) -> list[Problem]:
    """The Spanish emergency reply: its schema (it tells the patient to call {emergency_number}) and only the
    placeholders the Rasa server fills. Not the reading grade: the Flesch-Kincaid formula counts English
    syllables; plain Spanish is the medical translator's to judge before a clinician approves."""
    problems = _schema_problem("emergency_reply_es", data)
    if problems:
        return problems
    assert isinstance(data, dict)
    return [p for key, text in data.items() if (p := _placeholder_problem(key, text))]


def check_contacts(data: object) -> list[Problem]:
    """The clinic's numbers and hours (content/schema/contacts.schema.json)."""
    return _schema_problem("contacts", data)


def check_emergency_triggers(data: object) -> list[Problem]:
    """The emergency triage patterns: they parse, pass their schema and compile, and still escalate every
    emergency and no other case of the triage development sets (console/triage_checks.py)."""
    from console.triage_checks import check_triggers  # reads the triage sets only when a draft is checked

    return [Problem("", check, message) for check, message in check_triggers(data)]


def check_document(document: str, data: Any) -> list[Problem]:
    """The checks of a document of the content store (actions/content_store.py names them)."""
    if document.startswith("topic:"):
        return check_topic(document.removeprefix("topic:"), data)
    if document == "gaps":
        return check_gaps(data)
    if document == "contacts":
        return check_contacts(data)
    if document == "emergency":
        return check_emergency(data)
    if document == "emergency_es":
        return check_emergency_es(data)
    if document == "emergency_triggers":
        return check_emergency_triggers(data)
    return [Problem("", "schema", f"unknown document {document!r}")]
