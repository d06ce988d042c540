"""The rules of content editing (console/content_versions.py) on a real SQLite content store."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import yaml

from actions.knowledge import ROOT
from addons import sqlite_or_postgres
from console import content_versions as cv
from console.content_checks import check_document
from console.content_versions import ChecksFailed, VersionStore, WorkflowError

DOC = "topic:dural_tear"


@pytest.fixture
def versions(tmp_path) -> VersionStore:
    return VersionStore(tmp_path / "content.sqlite")


def edited(text: str = "The dura is a thin covering that protects the spinal cord. It can tear.") -> dict:
    data = cv.repository_data(DOC)
    data["answers"]["summary"]["text"] = text
    return data


def test_a_draft_is_stored_after_a_baseline_of_the_repositorys_text(versions):
    version = cv.draft(versions, DOC, edited(), "eve", "editor", "shorter")
    assert (version.number, version.status, version.based_on, version.author) == (2, "draft", 1, "eve")
    baseline = versions.version(DOC, 1)
    assert baseline is not None and baseline.status == "baseline" and baseline.data == cv.repository_data(DOC)
    assert versions.live(DOC) is None  # nothing is live until approved
    assert versions.served(DOC) == (cv.repository_data(DOC), 1)


def test_a_draft_that_fails_a_check_is_not_stored(versions):
    data = edited()
    data["answers"]["summary"]["quotes"].append("Spine surgery never causes any headaches at all.")
    with pytest.raises(ChecksFailed) as refused:
        cv.draft(versions, DOC, data, "eve", "editor")
    assert [p.check for p in refused.value.problems] == ["quote"]
    assert versions.versions(DOC) == []


def test_a_draft_that_changes_nothing_is_refused(versions):
    with pytest.raises(WorkflowError, match="Nothing changed"):
        cv.draft(versions, DOC, cv.repository_data(DOC), "eve", "editor")


def test_only_a_different_approver_approves(versions):
    draft = cv.draft(versions, DOC, edited(), "eve", "editor")
    with pytest.raises(WorkflowError, match="Only an approver"):
        cv.approve(versions, DOC, draft.number, "ed", "editor")
    with pytest.raises(WorkflowError, match="Only an approver"):
        cv.approve(versions, DOC, draft.number, "ada", "admin")  # admins do not approve content
    own = cv.draft(
        versions, "gaps", cv.repository_data("gaps") | {"next": "Please ask your surgeon."}, "cat", "approver"
    )
    with pytest.raises(WorkflowError, match="another approver"):
        cv.approve(versions, "gaps", own.number, "cat", "approver")
    approved = cv.approve(versions, DOC, draft.number, "cat", "approver", "fine")
    assert (approved.status, approved.decided_by, approved.live_seq) == ("approved", "cat", 1)
    assert versions.live(DOC) == approved
    with pytest.raises(WorkflowError, match="not a draft"):
        cv.approve(versions, DOC, draft.number, "dan", "approver")


def test_a_draft_made_from_a_version_no_longer_live_cannot_be_approved(versions):
    first = cv.draft(versions, DOC, edited(), "eve", "editor")
    second = cv.draft(versions, DOC, edited("The dura protects the spinal cord. It can tear."), "fay", "editor")
    cv.approve(versions, DOC, first.number, "cat", "approver")
    with pytest.raises(WorkflowError, match="would undo that change"):
        cv.approve(versions, DOC, second.number, "cat", "approver")


def test_reject_keeps_the_draft_in_the_history(versions):
    draft = cv.draft(versions, DOC, edited(), "eve", "editor")
    with pytest.raises(WorkflowError):
        cv.reject(versions, DOC, draft.number, "eve", "editor")
    rejected = cv.reject(versions, DOC, draft.number, "cat", "approver", "say what the dura is")
    assert (rejected.status, rejected.decision_note, rejected.live_seq) == ("rejected", "say what the dura is", None)
    assert [v.status for v in versions.versions(DOC)] == ["rejected", "baseline"]
    assert versions.live(DOC) is None


def test_roll_back_by_an_approver_is_live_at_once_by_an_editor_a_draft(versions):
    draft = cv.draft(versions, DOC, edited(), "eve", "editor")
    cv.approve(versions, DOC, draft.number, "cat", "approver")
    by_editor = cv.rollback(versions, DOC, 1, "eve", "editor")
    assert (by_editor.status, by_editor.rollback_of) == ("draft", 1)
    cv.reject(versions, DOC, by_editor.number, "cat", "approver")
    restored = cv.rollback(versions, DOC, 1, "cat", "approver")
    assert (restored.status, restored.rollback_of, restored.decided_by) == ("approved", 1, "cat")
    assert versions.served(DOC) == (cv.repository_data(DOC), restored.number)
    with pytest.raises(WorkflowError, match="already"):
        cv.rollback(versions, DOC, 1, "cat", "approver")
    with pytest.raises(WorkflowError, match="never live"):
        cv.rollback(versions, DOC, by_editor.number, "cat", "approver")  # a rejected draft is not restored
    assert [v.number for v in versions.versions(DOC)] == [4, 3, 2, 1]  # every version kept


def test_versions_are_never_changed_or_deleted(versions):
    cv.draft(versions, DOC, edited(), "eve", "editor")
    with sqlite_or_postgres.connect(versions.path) as db, pytest.raises(sqlite3.IntegrityError, match="never changed"):
        db.execute("UPDATE content_versions SET data = '{}' WHERE number = 2")
    with sqlite_or_postgres.connect(versions.path) as db, pytest.raises(sqlite3.IntegrityError, match="kept"):
        db.execute("DELETE FROM content_versions")


def test_diff_shows_what_changed():
    lines = cv.diff(cv.repository_data(DOC), edited(), "version 1", "version 2")
    assert lines[0] == "--- version 1" and lines[1] == "+++ version 2"
    assert any(line.startswith("-") and "The dura is the covering" in line for line in lines)
    assert any(line.startswith("+") and "thin covering" in line for line in lines)


def test_sync_writes_only_approved_changes_and_they_read_back(versions, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "domain.yml", repo / "domain.yml")
    draft = cv.draft(versions, DOC, edited(), "eve", "editor")
    contacts = cv.draft(
        versions, "contacts", {**cv.repository_data("contacts"), "clinic_phone": "(555) 010-9999"}, "eve", "editor"
    )
    cv.draft(versions, "gaps", cv.repository_data("gaps") | {"next": "Please ask your surgeon."}, "eve", "editor")
    assert cv.sync(versions, repo) == []  # drafts are never written
    cv.approve(versions, DOC, draft.number, "cat", "approver")
    cv.approve(versions, "contacts", contacts.number, "cat", "approver")
    written = cv.sync(versions, repo)
    assert [(d, n) for d, n, _ in written] == [("contacts", 2), (DOC, 2)]
    topic_file = repo / "content" / "topics" / "dural_tear.yml"
    assert topic_file.read_text().startswith("# yaml-language-server: $schema=../schema/topic.schema.json\n")
    assert yaml.safe_load(topic_file.read_text()) == edited()
    domain = (repo / "domain.yml").read_text()
    assert 'initial_value: "(555) 010-9999"' in domain and "# Clinic contacts" in domain  # comments kept
    assert yaml.safe_load(domain)["slots"]["clinic_phone"]["initial_value"] == "(555) 010-9999"
    assert cv.sync(versions, repo) == []  # up to date: nothing written again


def test_sync_writes_approved_emergency_replies_into_the_domain_in_place(versions, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "domain.yml", repo / "domain.yml")
    replies = cv.repository_data("emergency")
    replies["utter_emergency_wait"] = "Please do not wait. This could be an emergency. Call {emergency_number} now."
    draft = cv.draft(versions, "emergency", replies, "eve", "editor")
    cv.approve(versions, "emergency", draft.number, "cat", "approver")
    assert [(d, n) for d, n, _ in cv.sync(versions, repo)] == [("emergency", 2)]
    domain = yaml.safe_load((repo / "domain.yml").read_text())
    wait = domain["responses"]["utter_emergency_wait"][0]
    assert wait["text"] == replies["utter_emergency_wait"] and wait["custom"] == {"topic": "emergency", "source": None}
    assert (
        domain["responses"]["utter_emergency_es"]
        == yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_emergency_es"]
    )  # the Spanish reply is not touched
    assert "# After the emergency reply, a patient who asks to wait" in (repo / "domain.yml").read_text()


def test_the_spanish_emergency_reply_is_a_document_of_its_own_checked_and_synced_in_place(versions, tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "domain.yml", repo / "domain.yml")
    spanish = cv.repository_data("emergency_es")
    assert list(spanish) == ["utter_emergency_es"] and "{emergency_number}" in spanish["utter_emergency_es"]
    assert check_document("emergency_es", spanish) == []  # the reading grade is not applied to Spanish
    assert [p.check for p in check_document("emergency_es", {"utter_emergency_es": "Llame a su médico mañana."})] == [
        "schema"
    ]  # no {emergency_number}
    typo = {"utter_emergency_es": "Llame al {emergency_number} o al {clinic_fone} ahora mismo, por favor."}
    assert [p.check for p in check_document("emergency_es", typo)] == ["placeholder"]
    spanish["utter_emergency_es"] = "Puede ser una emergencia. Llame al {emergency_number} ahora mismo, por favor."
    draft = cv.draft(versions, "emergency_es", spanish, "eve", "editor")
    cv.approve(versions, "emergency_es", draft.number, "cat", "approver")
    assert [(d, n) for d, n, _ in cv.sync(versions, repo)] == [("emergency_es", 2)]
    domain_text = (repo / "domain.yml").read_text()
    domain = yaml.safe_load(domain_text)
    es = domain["responses"]["utter_emergency_es"][0]
    assert es["text"] == spanish["utter_emergency_es"] and es["custom"] == {"topic": "emergency", "source": None}
    original = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    assert domain["responses"]["utter_emergency"] == original["utter_emergency"]  # the English ones untouched
    assert cv.sync(versions, repo) == []
