"""The approved content: every topic present, grounded in its source section, in plain words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from actions import content_schema
from actions.content_schema import SCHEMA_DIR
from actions.knowledge import (
    ASPECTS,
    CONTENT_DIR,
    KNOWLEDGE_TOPICS,
    REQUIRED_ASPECTS,
    ROOT,
    SECTIONS,
    ContentError,
    KnowledgeBase,
    parse_topic,
)
from console import content_checks

SHARED_ARTICLE = ROOT.parent / "shared" / "source" / "miss-risks-article.txt"
SHARED_TOPICS = ROOT.parent / "shared" / "topics.yml"
# The checks themselves live in console/content_checks.py, which the staff console's live checks call too.
ARTICLE = content_checks.ARTICLE
SECTION_MAP = content_checks.SECTION_MAP
MAX_GRADE = content_checks.MAX_GRADE

KB = KnowledgeBase.load()


def all_answers():
    for topic in KB.topics.values():
        for aspect, answer in topic.answers.items():
            yield pytest.param(topic, aspect, answer, id=f"{topic.id}.{aspect}")


def test_every_topic_of_the_contract_has_content():
    contract = yaml.safe_load(SHARED_TOPICS.read_text()) if SHARED_TOPICS.exists() else None
    assert set(KB.topics) == set(KNOWLEDGE_TOPICS)
    if contract:  # the contract's knowledge topics and their sections are the ones served
        for topic_id, entry in contract["topics"].items():
            if entry["section"] is not None:
                assert SECTIONS[topic_id] == entry["section"] == KB.get(topic_id).section


def test_the_article_copy_is_the_approved_source():
    if not SHARED_ARTICLE.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert ARTICLE.read_text(encoding="utf-8") == SHARED_ARTICLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("topic,aspect,answer", all_answers())
def test_every_quote_is_verbatim_from_the_article(topic, aspect, answer):
    missing = content_checks.quotes_not_in_article(answer.quotes)
    assert not missing, f"{topic.id}.{aspect}: not in the article: {missing!r}"


@pytest.mark.parametrize("topic_id", KNOWLEDGE_TOPICS)
def test_summary_quotes_come_from_the_topics_source_section(topic_id):
    topic = KB.get(topic_id)
    outside = content_checks.quotes_outside_section(topic.answer("summary").quotes, topic.section)
    assert not outside, f"{topic_id}: summary quotes outside {topic.section!r}: {outside!r}"


@pytest.mark.parametrize("topic,aspect,answer", all_answers())
def test_no_medical_term_beyond_the_quotes(topic, aspect, answer):
    unbacked = content_checks.unbacked_terms(answer.text, answer.quotes)
    assert not unbacked, f"{topic.id}.{aspect} uses {unbacked} without a quote that does"


@pytest.mark.parametrize("topic,aspect,answer", all_answers())
def test_reading_grade_is_8_or_below(topic, aspect, answer):
    assert content_checks.reading_grade(answer.text) <= MAX_GRADE


@pytest.mark.parametrize("topic_id", KNOWLEDGE_TOPICS)
def test_safety_nets_are_plain_too(topic_id):
    net = KB.get(topic_id).safety_net
    if net:
        assert content_checks.reading_grade(net) <= MAX_GRADE


@pytest.mark.parametrize("topic_id", KNOWLEDGE_TOPICS)
def test_answers_are_short_enough_for_a_phone(topic_id):
    topic = KB.get(topic_id)
    assert len(topic.answer("summary").text) <= content_checks.MAX_SUMMARY_CHARS
    assert all(len(a.text) <= content_checks.MAX_ANSWER_CHARS for a in topic.answers.values())


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "breakage,expected",
    [
        (lambda d: d.pop("section"), "'section' is a required property"),
        (lambda d: d.update(section="In conclusion"), "'section' must be 'Procedure-specific Risks'"),
        (lambda d: d["answers"].pop("summary"), "answers: 'summary' is a required property"),
        (lambda d: d["answers"]["summary"].update(quotes=[]), "answers.summary.quotes: [] is too short"),
        (lambda d: d["answers"]["more"].update(text="  "), "answers.more.text"),
        (lambda d: d["answers"].update(cost={"text": "x", "quotes": ["y"]}), "'cost' was unexpected"),
        (lambda d: d.update(saftey_net="Call us."), "'saftey_net' was unexpected"),  # a typo loses no safety net
        (lambda d: d.update(follow_ups=[{"label": "x", "aspect": "likelihood"}] * 2), "has no answer"),
        (lambda d: d.update(follow_ups=d["follow_ups"][:1]), "2 to 4"),
        (lambda d: d["follow_ups"][0].update(topic="infection"), "exactly one of the two"),
    ],
)
def test_a_broken_entry_is_rejected_naming_file_and_topic(tmp_path, breakage, expected):
    for src in CONTENT_DIR.glob("*.yml"):
        (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "dural_tear.yml"
    data = _load(target)
    breakage(data)
    target.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        KnowledgeBase.load(tmp_path)
    assert "dural_tear.yml" in str(err.value) and "'dural_tear'" in str(err.value)
    assert expected in str(err.value)


def test_invalid_yaml_and_missing_topics_are_rejected(tmp_path):
    (tmp_path / "infection.yml").write_text("topic: infection\nanswers: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"infection\.yml.*not valid YAML"):
        KnowledgeBase.load(tmp_path)
    (tmp_path / "infection.yml").write_text((CONTENT_DIR / "infection.yml").read_text(), encoding="utf-8")
    with pytest.raises(ContentError, match="no content file for topics"):
        KnowledgeBase.load(tmp_path)


def test_parse_topic_rejects_a_file_named_for_another_topic():
    with pytest.raises(ContentError, match="must equal the file name"):
        parse_topic(CONTENT_DIR / "infection.yml", _load(CONTENT_DIR / "dural_tear.yml"))


def test_the_action_server_refuses_to_start_on_broken_content(tmp_path):
    import os
    import subprocess
    import sys

    for src in CONTENT_DIR.glob("*.yml"):
        (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    data = _load(tmp_path / "blood_clots.yml")
    del data["answers"]["more"]
    (tmp_path / "blood_clots.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    env = {**os.environ, "MISS_CONTENT_DIR": str(tmp_path)}  # `actions` imports through the editable install
    proc = subprocess.run(
        [sys.executable, "-c", "import actions"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0
    assert "blood_clots.yml" in proc.stderr and "'blood_clots'" in proc.stderr and "'more'" in proc.stderr


def _patient_texts():
    """The gap texts and the domain's English responses: what patients read besides the topics."""
    gaps = yaml.safe_load((ROOT / "content" / "gaps.yml").read_text())
    responses = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    english = {name: variants[0]["text"] for name, variants in responses.items() if not name.endswith("_es")}
    return {**{f"gaps.{k}": v for k, v in gaps.items()}, **english}


@pytest.mark.parametrize("name,text", sorted(_patient_texts().items()))
def test_gap_texts_and_responses_read_at_grade_8_or_below(name, text):
    assert content_checks.reading_grade(text) <= MAX_GRADE, name


# --- the content's JSON Schemas (content/schema/) ---------------------------------------------------------
CONTENT_FILES = {
    **dict.fromkeys(sorted(CONTENT_DIR.glob("*.yml")), "topic"),
    ROOT / "content" / "gaps.yml": "gaps",
    ROOT / "content" / "emergency_triggers.yml": "emergency_triggers",
    SECTION_MAP: "source_sections",
}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.mark.parametrize("path,schema", CONTENT_FILES.items(), ids=lambda p: getattr(p, "name", p))
def test_every_content_file_names_the_schema_it_is_checked_against_and_passes_it(path, schema):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    named = MODELINE.match(first_line)
    assert named, f"{path.name}: the first line must name its schema for editors: {first_line!r}"
    assert (path.parent / named.group(1)).resolve() == SCHEMA_DIR / f"{schema}.schema.json"
    assert content_schema.problem(schema, _load(path)) is None


def test_the_aspects_are_those_of_the_schema_that_editors_see():
    answers = json.loads((SCHEMA_DIR / "topic.schema.json").read_text(encoding="utf-8"))["properties"]["answers"]
    assert tuple(answers["properties"]) == ASPECTS and "timeline" in ASPECTS
    assert tuple(answers["required"]) == REQUIRED_ASPECTS
