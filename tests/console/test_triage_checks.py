"""The emergency triage patterns as a content document (console/triage_checks.py, console/content_versions.py):
they parse, pass the schema, compile, and still escalate every emergency (and no other case) of the triage
development sets; approved, they sync back to content/emergency_triggers.yml."""

from __future__ import annotations

import shutil

import pytest
import yaml

from actions.knowledge import ROOT
from console import content_versions as cv
from console.content_checks import check_document
from console.content_editor import data_to_form, form_to_data
from console.content_versions import ChecksFailed, VersionStore
from console.triage_checks import triage_cases

DOC = "emergency_triggers"


@pytest.fixture
def versions(tmp_path) -> VersionStore:
    return VersionStore(tmp_path / "content.sqlite")


def patterns() -> dict:
    return cv.repository_data(DOC)


def test_the_repositorys_patterns_pass_every_check():
    assert check_document(DOC, patterns()) == []


def test_a_draft_that_drops_a_cue_a_triage_case_needs_is_refused_listing_the_case(versions):
    spec = patterns()
    # "burning up" and the other words of a fever, gone from the cue
    spec["cues"]["fever"] = [p for p in spec["cues"]["fever"] if "burning up" not in p]
    emergencies, _ = triage_cases()
    needing = [c["id"] for c in emergencies if "burning up" in c["text"].lower()]
    assert needing  # the sets have such a case
    with pytest.raises(ChecksFailed) as failed:
        cv.draft(versions, DOC, spec, "eve", "editor")
    safety = [p for p in failed.value.problems if p.check == "safety"]
    assert len(safety) == 1 and "misses" in safety[0].message
    assert any(case_id in safety[0].message for case_id in needing)
    assert versions.versions(DOC) == []  # nothing stored


def test_a_draft_that_escalates_a_non_emergency_case_is_refused(versions):
    spec = patterns()
    spec["cues"]["fever"] = [*spec["cues"]["fever"], r"\binfection\b"]  # every question about infection
    problems = check_document(DOC, spec)
    assert [p.check for p in problems] == ["false alarm"]
    assert "t-s-inf-" in problems[0].message


@pytest.mark.parametrize(
    "text,check,says",
    [
        ("cues: [unclosed", "yaml", "not readable YAML"),
        ("- just a list", "yaml", "must be a mapping"),
    ],
)
def test_text_that_is_not_a_triggers_mapping_is_refused(text, check, says):
    problems = check_document(DOC, form_to_data(DOC, {"yaml": text}))
    assert [p.check for p in problems] == [check] and says in problems[0].message


@pytest.mark.parametrize(
    "breakage,says",
    [
        (lambda spec: spec["cues"]["fever"].append("(unclosed"), "'(unclosed' is not a 'regex'"),
        (lambda spec: spec["triggers"][0].update(all=["fevr"]), "names unknown cues ['fevr']"),
        (lambda spec: spec.pop("help_on_its_way"), "'help_on_its_way' is a required property"),
    ],
)
def test_patterns_that_do_not_compile_or_fail_the_schema_are_refused(breakage, says):
    spec = patterns()
    breakage(spec)
    problems = check_document(DOC, spec)
    assert [p.check for p in problems] == ["schema"] and says in problems[0].message


def test_the_form_keeps_text_that_does_not_parse_for_the_editor():
    form = {"yaml": "cues: [unclosed"}
    assert data_to_form(DOC, form_to_data(DOC, form)) == form


def test_a_new_wording_is_drafted_approved_and_synced_back_with_the_files_header(versions, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    spec = patterns()
    spec["cues"]["fainting"] = [*spec["cues"]["fainting"], r"\bzorbleflux\w*"]
    draft = cv.draft(versions, DOC, spec, "eve", "editor")
    assert cv.sync(versions, repo) == []  # a draft is never written
    cv.approve(versions, DOC, draft.number, "cat", "approver")
    assert [(d, n) for d, n, _ in cv.sync(versions, repo)] == [(DOC, 2)]
    text = (repo / "content" / "emergency_triggers.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema/emergency_triggers.schema.json\n")
    assert yaml.safe_load(text) == spec
    assert "    - '\\bzorbleflux\\w*'\n" in text  # one regex a line, quoted as its neighbours
    assert cv.sync(versions, repo) == []


def comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_sync_keeps_every_comment_of_the_triggers_file_where_it_was(versions, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    path = repo / "content" / "emergency_triggers.yml"
    before = path.read_text(encoding="utf-8")
    spec = patterns()
    reading = (
        '    # A reading given later in the sentence: "I took my temperature because I felt shivery and it\'s 38.7".\n'
    )
    assert reading in before  # the comment above one of the fever cue's patterns
    described = yaml.safe_load(before.split(reading)[1].splitlines()[0].strip()[2:])
    at = spec["cues"]["fever"].index(described)
    spec["cues"]["fever"].insert(at, r"\bburning up with (a )?fever\b")  # a pattern added just above it
    spec["cues"]["fever"][0] = spec["cues"]["fever"][0].replace("|mataas na lagnat", "")  # one edited
    spec["triggers"] = [t for t in spec["triggers"] if t["id"] != "dizzy_falls"]  # one trigger dropped
    spec["triggers"].append({"id": "fever_again", "all": ["fever"]})  # one added at the end
    draft = cv.draft(versions, DOC, spec, "eve", "editor")
    cv.approve(versions, DOC, draft.number, "cat", "approver")
    assert [(d, n) for d, n, _ in cv.sync(versions, repo)] == [(DOC, 2)]
    after = path.read_text(encoding="utf-8")
    assert yaml.safe_load(after) == spec
    assert comment_lines(after) == comment_lines(before)  # every comment, in its order
    # ...each above the pattern it describes, not above the one added before it
    assert reading + f"    - '{described}'\n" in after
    bladder = "  - {id: bladder_bowel, all: [bladder_bowel]}  # trouble passing urine, or loss of bladder or bowel"
    assert bladder in before and bladder in after  # end-of-line comments stay
    assert "dizzy_falls" not in after
    # the section comment that followed the last trigger still heads the next section
    assert "  - {id: fever_again, all: [fever]}\n# Words that make a symptom mention" in after
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(changed) == 3  # the added pattern, the edited one and the added trigger: nothing else rewritten


def test_a_file_that_matches_the_approved_version_is_rewritten_byte_for_byte(tmp_path):
    from console.triggers_file import rewrite

    path = ROOT / "content" / "emergency_triggers.yml"
    assert rewrite(path, patterns()) == path.read_text(encoding="utf-8")
