"""Content editing over HTTP in process (console/content_editor.py): forms, the live-check API, the
approval rules as the pages apply them, the audit entries. Real SQLite stores, real argon2."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from console import auth
from console import content_versions as cv
from console.config import ConsoleConfig
from console.content_editor import data_to_form, form_to_data
from console.store import Store
from tests.console_app import audit_actions, csrf_of, new_password, run_console, sign_in

DOC = "topic:dural_tear"
MADE_UP = "A spinal fluid leak can cause headaches for many years."  # made up: not in the article


@pytest.fixture
def content_db(tmp_path, monkeypatch):
    path = tmp_path / "content.sqlite"
    monkeypatch.setenv("MISS_CONTENT_STORE", str(path))
    return path


@pytest.fixture
def people(store: Store) -> dict[str, tuple[str, str]]:
    made = {}
    for name, role in (("eve", "editor"), ("cat", "approver"), ("dan", "approver"), ("vic", "viewer")):
        password = new_password()
        auth.create_user(store, name, role, password, actor="test")
        made[name] = (password, role)
    return made


def run(config: ConsoleConfig, scenario: Callable[[TestClient], Awaitable[Any]]) -> Any:
    return run_console(config, scenario)


@pytest.mark.parametrize("document", cv.DOCUMENTS)
def test_every_document_survives_the_form_unchanged(document):
    data = cv.repository_data(document)
    assert form_to_data(document, data_to_form(document, data)) == data


async def _as(client: TestClient, people, name: str, page: str = "/console/content") -> str:
    client.session.cookie_jar.clear()
    assert (await sign_in(client, name, people[name][0])).status == 303
    response = await client.get(page)
    assert response.status == 200, (name, page, response.status)
    return await response.text()


def test_the_check_api_finds_a_made_up_quote_and_previews_a_good_text(config, people, content_db):
    async def scenario(client: TestClient) -> None:
        page = await _as(client, people, "eve", f"/console/content/edit?doc={DOC}")
        assert 'name="quotes.signs"' in page and "/console/static/content.js" in page
        form = data_to_form(DOC, cv.repository_data(DOC))
        token = csrf_of(page)
        bad = {**form, "doc": DOC, "quotes.signs": MADE_UP}
        response = await client.post("/console/api/content/check", data=bad, headers={"X-CSRF-Token": token})
        result = await response.json()
        assert result["preview"] is None
        assert [(p["field"], p["check"]) for p in result["problems"]] == [("quotes.signs", "quote")]
        good = {
            **form,
            "doc": DOC,
            "text.summary": "The dura protects the spinal cord. It can tear.",
            "preview": "summary",
        }
        result = await (
            await client.post("/console/api/content/check", data=good, headers={"X-CSRF-Token": token})
        ).json()
        assert result["problems"] == []
        preview = result["preview"]
        assert preview["text"] == "The dura protects the spinal cord. It can tear."
        assert preview["source"] == "Procedure-specific Risks" and 2 <= len(preview["buttons"]) <= 4
        assert preview["sms"][0].startswith("The dura protects") and "Reply 1 for" in preview["sms"][-1]
        # without the token: refused like every other change
        assert (await client.post("/console/api/content/check", data=good)).status == 403

    run(config, scenario)


def test_draft_approval_by_another_approver_and_roll_back(config, people, content_db, store):
    async def scenario(client: TestClient) -> None:
        page = await _as(client, people, "eve", f"/console/content/edit?doc={DOC}")
        form = {**data_to_form(DOC, cv.repository_data(DOC)), "doc": DOC, "based_on": "", "csrf_token": csrf_of(page)}
        refused = await client.post("/console/content/draft", data={**form, "quotes.signs": MADE_UP})
        assert refused.status == 400 and "not in the approved article" in await refused.text()
        form["text.summary"] = "The dura protects the spinal cord. It can tear."
        saved = await client.post("/console/content/draft", data={**form, "note": "shorter"}, allow_redirects=False)
        assert saved.status == 303 and "n=2" in saved.headers["Location"]
        version_page = await (await client.get(saved.headers["Location"])).text()
        assert "Draft saved" in version_page and "Approve version 2" not in version_page
        approve = {"doc": DOC, "n": "2", "csrf_token": csrf_of(version_page)}
        assert (await client.post("/console/content/approve", data=approve)).status == 403  # an editor

        page = await _as(client, people, "cat", f"/console/content/version?doc={DOC}&n=2")
        assert "Approve version 2" in page
        approved = await client.post("/console/content/approve", data={**approve, "csrf_token": csrf_of(page)})
        assert approved.status == 200 and "live for patients within a minute" in await approved.text()
        assert cv.VersionStore(content_db).live(DOC).number == 2

        page = await _as(client, people, "dan", f"/console/content/version?doc={DOC}&n=1")
        rolled = await client.post(
            "/console/content/rollback", data={"doc": DOC, "n": "1", "csrf_token": csrf_of(page)}
        )
        assert rolled.status == 200 and "Restored as a new version" in await rolled.text()
        assert cv.VersionStore(content_db).served(DOC) == (cv.repository_data(DOC), 3)
        history = await (await client.get(f"/console/content/history?doc={DOC}&a=1&b=2")).text()
        assert re.search(r"added: </span>\+.*The dura protects the spinal cord\. It can tear\.", history)

    run(config, scenario)
    actions = audit_actions(store)
    for expected in ("content_draft", "access_denied", "content_approve", "content_rollback"):
        assert expected in actions


def test_an_approver_cannot_approve_their_own_draft_and_a_viewer_sees_no_content(config, people, content_db, store):
    async def scenario(client: TestClient) -> None:
        page = await _as(client, people, "cat", "/console/content/edit?doc=contacts")
        form = {"doc": "contacts", "csrf_token": csrf_of(page), "emergency_number": "911",
                "clinic_phone": "(555) 010-7777", "clinic_hours": "Monday to Friday, 8 am to 5 pm"}  # fmt: skip
        saved = await client.post("/console/content/draft", data=form, allow_redirects=False)
        assert saved.status == 303
        page = await (await client.get(saved.headers["Location"])).text()
        assert "another approver must approve it" in page and "Approve version" not in page
        own = await client.post(
            "/console/content/approve", data={"doc": "contacts", "n": "2", "csrf_token": form["csrf_token"]}
        )
        assert own.status == 409 and "another approver must approve it" in await own.text()
        client.session.cookie_jar.clear()
        await sign_in(client, "vic", people["vic"][0])
        for path in ("/console/content", f"/console/content/edit?doc={DOC}"):
            assert (await client.get(path)).status == 403
        home = await (await client.get("/console/")).text()
        assert "/console/content" not in home  # no link a role cannot use

    run(config, scenario)
    assert "content_refused" in audit_actions(store)


def test_the_emergency_replies_preview_as_one_whole_message(config, people, content_db):
    async def scenario(client: TestClient) -> None:
        page = await _as(client, people, "eve", "/console/content/edit?doc=emergency")
        assert 'name="text.utter_emergency_wait"' in page
        form = {**data_to_form("emergency", cv.repository_data("emergency")), "doc": "emergency"}
        form["preview"] = "utter_emergency"
        response = await client.post("/console/api/content/check", data=form, headers={"X-CSRF-Token": csrf_of(page)})
        result = await response.json()
        assert result["problems"] == []
        assert result["preview"]["sms"] == [result["preview"]["text"]] and "call 911 now" in result["preview"]["text"]
        del form["text.utter_emergency"]
        response = await client.post("/console/api/content/check", data=form, headers={"X-CSRF-Token": csrf_of(page)})
        assert [p["field"] for p in (await response.json())["problems"]] == ["text.utter_emergency"]

    run(config, scenario)


def test_the_triage_patterns_are_edited_as_yaml_checked_against_the_triage_sets_and_audited(
    config, people, content_db, store
):
    triggers = "emergency_triggers"
    spec = cv.repository_data(triggers)

    async def scenario(client: TestClient) -> None:
        page = await _as(client, people, "eve", f"/console/content/edit?doc={triggers}")
        assert 'name="yaml"' in page and "triage sets" in page
        form = {**data_to_form(triggers, spec), "doc": triggers, "based_on": "", "csrf_token": csrf_of(page)}
        lost = {**spec, "cues": {**spec["cues"], "fever": [p for p in spec["cues"]["fever"] if "burning up" not in p]}}
        check = {**form, "yaml": data_to_form(triggers, lost)["yaml"], "preview": "triage"}
        result = await (await client.post("/console/api/content/check", data=check)).json()
        assert [(p["field"], p["check"]) for p in result["problems"]] == [("yaml", "safety")]
        assert "misses" in result["problems"][0]["message"] and result["preview"] is None
        refused = await client.post("/console/content/draft", data={**form, "yaml": check["yaml"]})
        assert refused.status == 400 and "misses" in await refused.text()

        added = {**spec, "cues": {**spec["cues"], "fainting": [*spec["cues"]["fainting"], r"\bzorbleflux\w*"]}}
        good = {**form, "yaml": data_to_form(triggers, added)["yaml"], "preview": "triage"}
        result = await (await client.post("/console/api/content/check", data=good)).json()
        assert result["problems"] == [] and "call 911 now" in result["preview"]["text"]
        saved = await client.post("/console/content/draft", data={**good, "note": "a new word"}, allow_redirects=False)
        assert saved.status == 303 and "n=2" in saved.headers["Location"]

        page = await _as(client, people, "cat", f"/console/content/version?doc={triggers}&n=2")
        assert "zorbleflux" in page  # the diff shows the new wording
        approve = {"doc": triggers, "n": "2", "csrf_token": csrf_of(page)}
        approved = await client.post("/console/content/approve", data=approve)
        assert approved.status == 200 and "live for patients within a minute" in await approved.text()
        assert cv.VersionStore(content_db).live(triggers).data == added

    run(config, scenario)
    with store.connect() as db:
        rows = db.execute("SELECT action, target FROM audit WHERE action LIKE 'content_%' ORDER BY id").fetchall()
    assert [tuple(row) for row in rows] == [("content_draft", triggers), ("content_approve", triggers)]


def test_the_spanish_emergency_reply_is_edited_previewed_and_approved_like_the_english_ones(config, people, content_db):
    doc = "emergency_es"
    text = "Puede ser una emergencia. Llame al {emergency_number} ahora, o al consultorio al {clinic_phone}."

    async def scenario(client: TestClient) -> None:
        page = await _as(client, people, "eve", "/console/content")
        assert "Emergency reply (Spanish)" in page
        page = await _as(client, people, "eve", f"/console/content/edit?doc={doc}")
        assert 'name="text.utter_emergency_es"' in page and "Have a qualified medical" in page
        form = {"doc": doc, "text.utter_emergency_es": text, "preview": "utter_emergency_es"}
        result = await (
            await client.post("/console/api/content/check", data=form, headers={"X-CSRF-Token": csrf_of(page)})
        ).json()
        assert result["problems"] == []
        assert (
            result["preview"]["text"]
            == "Puede ser una emergencia. Llame al 911 ahora, o al consultorio al (555) 010-2000."
        )
        saved = await client.post(
            "/console/content/draft", data={**form, "based_on": "", "csrf_token": csrf_of(page)}, allow_redirects=False
        )
        assert saved.status == 303
        page = await _as(client, people, "cat", f"/console/content/version?doc={doc}&n=2")
        approved = await client.post(
            "/console/content/approve", data={"doc": doc, "n": "2", "csrf_token": csrf_of(page)}
        )
        assert approved.status == 200

    run(config, scenario)
    assert cv.VersionStore(content_db).live(doc).data == {"utter_emergency_es": text}
