"""The kiosk's Start over closes its open handoff (console/kiosk_reset.py), in process: only a kiosk's own
conversation, only as JSON, the same answer whether or not there was one, and the inbox says how it ended.
The kiosk's side (the Start over button in Chromium) is in tests/handoff/browser/test_handoff.py."""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from addons.handoff.store import CLOSED
from console import auth, kiosk_reset
from console.config import ConsoleConfig
from console.handoff import KIOSK_STARTED_OVER
from console.store import Store
from console.web import install as install_console
from tests.console_app import new_password, run_app, sign_in


def kiosk_id() -> str:
    return "kiosk-" + secrets.token_hex(16)  # as web/kiosk/connection.js makes them


def run(config: ConsoleConfig, scenario: Callable[[TestClient], Awaitable[Any]]) -> Any:
    """The console with the kiosk's route, as scripts/web_server.py mounts them."""

    def make_app() -> web.Application:
        app = web.Application()
        install_console(app, config, None)
        kiosk_reset.install(app)
        return app

    return run_app(make_app, scenario)


async def start_over(client: TestClient, conversation: str) -> int:
    answer = await client.post(kiosk_reset.PATH, json={"conversation_id": conversation})
    return answer.status


def closes_by_kiosk(config: ConsoleConfig) -> list[dict[str, Any]]:
    with Store(config.database).connect() as db:
        rows = db.execute("SELECT target, detail FROM audit WHERE action = 'handoff_close' AND actor = 'kiosk'")
        return [{"target": r[0], **json.loads(r[1])} for r in rows]


def test_start_over_closes_the_waiting_and_the_taken_request_and_the_inbox_says_so(config, handoffs):
    waiting_id, taken_id = kiosk_id(), kiosk_id()
    waiting, _ = handoffs.request(waiting_id, "socketio", "asked", 120)
    taken, _ = handoffs.request(taken_id, "socketio", "asked", 120)
    handoffs.take(taken.id, "eve")
    password = new_password()
    auth.create_user(Store(config.database), "vic", "viewer", password, actor="test")

    async def scenario(client: TestClient) -> dict[str, Any]:
        assert await start_over(client, waiting_id) == 204  # no session: the kiosk is a patient page
        assert await start_over(client, taken_id) == 204
        assert await start_over(client, taken_id) == 204  # again (a second reset): nothing more happens
        await sign_in(client, "vic", password)
        listed: dict[str, Any] = await (await client.get("/console/api/inbox")).json()
        page = await (await client.get("/console/inbox")).text()
        assert KIOSK_STARTED_OVER in page
        return listed

    listed = run(config, scenario)
    for handoff in (waiting, taken):
        closed = handoffs.get(handoff.id)
        assert closed is not None and (closed.status, closed.outcome, closed.closed_by) == (CLOSED, "closed", "kiosk")
    assert listed["waiting"] == [] and listed["taken"] == []
    assert {row["ended"] for row in listed["closed"]} == {KIOSK_STARTED_OVER}
    logged = closes_by_kiosk(config)
    assert [(e["target"], e["was"], e["taken_by"]) for e in logged] == [
        (waiting_id, "waiting", None),
        (taken_id, "taken", "eve"),
    ]


@pytest.mark.parametrize(
    "conversation",
    ["3f2a9c0e8b7d4e6f9a1b2c3d4e5f6a7b", "+15550100000", "kiosk-123", "kiosk-" + "AB" * 16, "kiosk-" + "ab" * 16 + "x"],
)
def test_only_a_kiosks_conversation_can_be_closed_this_way(config, handoffs, conversation):
    handoff, _ = handoffs.request(conversation, "socketio", "asked", 120)

    async def scenario(client: TestClient) -> int:
        return await start_over(client, conversation)

    assert run(config, scenario) == 400
    assert handoffs.get(handoff.id).status == "waiting"  # type: ignore[union-attr]
    assert closes_by_kiosk(config) == []


def test_a_form_post_from_another_site_is_refused_and_a_conversation_without_a_request_is_answered_alike(
    config, handoffs
):
    asked = kiosk_id()
    handoff, _ = handoffs.request(asked, "socketio", "asked", 120)

    async def scenario(client: TestClient) -> tuple[int, int, int]:
        # A cross-site HTML form can send text/plain or a form body, never application/json (no preflight).
        plain = await client.post(kiosk_reset.PATH, data=json.dumps({"conversation_id": asked}))
        form = await client.post(kiosk_reset.PATH, data={"conversation_id": asked})
        nothing_to_close = await start_over(client, kiosk_id())
        return plain.status, form.status, nothing_to_close

    assert run(config, scenario) == (415, 415, 204)
    assert handoffs.get(handoff.id).status == "waiting"  # type: ignore[union-attr]
