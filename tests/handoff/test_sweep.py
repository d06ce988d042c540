"""The pickup timeout's backup sweep (console/handoff_sweep.py) against a real SQLite store and a real HTTP
server standing in for Rasa's API: it records the raw requests and does what Rasa and action_handoff_timeout
do with `EXTERNAL_handoff_timeout` (the store's guarded `time_out`), so a second sweep finds nothing."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from actions.handoff import TIMEOUT_GRACE_SECONDS, TIMEOUT_INTENT
from addons.handoff.store import HandoffStore
from console import handoff_sweep
from console.config import ConsoleConfig
from console.handoff_relay import RasaRelay
from console.web import make_console_app

TOKEN = "a-token-of-sixteen+"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HandoffStore:
    path = tmp_path / "handoff.sqlite"
    monkeypatch.setenv("MISS_HANDOFF_STORE", str(path))
    return HandoffStore(path)


def with_rasa(store: HandoffStore, scenario: Callable[[str, list[dict[str, Any]]], Awaitable[Any]]) -> Any:
    """Run `scenario(url, calls)` with a stand-in for Rasa's API at `url` that records each call."""
    calls: list[dict[str, Any]] = []

    async def trigger(request: web.Request) -> web.Response:
        conversation = request.raw_path.split("/")[2]
        body = await request.json()
        calls.append({"path": request.raw_path.split("?")[0], "query": dict(request.query), "body": body})
        # What Rasa and action_handoff_timeout do with the intent (actions/handoff.py).
        store.time_out(conversation, now=time.time() + TIMEOUT_GRACE_SECONDS)
        return web.json_response({})

    async def main() -> Any:
        app = web.Application()
        app.router.add_post("/conversations/{conversation}/trigger_intent", trigger)
        server = TestServer(app)
        await server.start_server()
        try:
            return await scenario(str(server.make_url("")).rstrip("/"), calls)
        finally:
            await server.close()

    return asyncio.run(main())


def test_the_intent_is_the_reminders():
    assert handoff_sweep.TIMEOUT_INTENT == TIMEOUT_INTENT


def test_only_waiting_requests_overdue_by_more_than_the_grace_are_triggered_and_only_once(store: HandoffStore):
    now = time.time()
    overdue, _ = store.request("+15550100000", "twilio", "asked", 60, now=now - 70)  # 10 s overdue
    store.request("widget-in-grace", "socketio", "asked", 60, now=now - 63)  # 3 s overdue: the reminder's turn
    store.request("widget-not-yet", "socketio", "asked", 60, now=now - 30)
    taken, _ = store.request("widget-taken", "socketio", "asked", 60, now=now - 600)
    store.take(taken.id, "eve", now=now - 590)
    closed, _ = store.request("widget-closed", "socketio", "asked", 60, now=now - 600)
    store.close(closed.id, "eve", now=now - 590)

    async def scenario(url: str, calls: list[dict[str, Any]]) -> tuple[list[int], list[int], list[dict[str, Any]]]:
        relay = RasaRelay(url, TOKEN)
        first = await handoff_sweep.sweep_once(store, relay, now)
        second = await handoff_sweep.sweep_once(store, relay, time.time())  # the record is closed now
        return [h.id for h in first], [h.id for h in second], calls

    first, second, calls = with_rasa(store, scenario)
    assert first == [overdue.id] and second == []
    assert calls == [
        {
            "path": "/conversations/+15550100000/trigger_intent",
            "query": {"output_channel": "latest", "token": TOKEN},
            "body": {"name": "EXTERNAL_handoff_timeout", "entities": {}},
        }
    ]
    done = store.get(overdue.id)
    assert done is not None and (done.status, done.outcome, done.closed_by) == ("closed", "timeout", "assistant")
    assert [(h.conversation_id, h.outcome) for h in store.recently_closed(0)].count(("+15550100000", "timeout")) == 1
    waiting = {h.conversation_id for h in store.open_handoffs() if h.status == "waiting"}
    assert waiting == {"widget-in-grace", "widget-not-yet"}


def test_rasa_unreachable_triggers_nothing_and_leaves_the_request_waiting(store: HandoffStore):
    now = time.time()
    handoff, _ = store.request("widget-a", "socketio", "asked", 10, now=now - 60)
    rescued = asyncio.run(handoff_sweep.sweep_once(store, RasaRelay("http://127.0.0.1:9", TOKEN), now))
    assert rescued == []
    found = store.get(handoff.id)
    assert found is not None and found.status == "waiting"


def test_the_console_web_server_sweeps_by_itself(store: HandoffStore, tmp_path: Path, monkeypatch):
    """The app started as scripts/web_server.py starts it: a request whose reminder never fired is closed
    as `timeout` by the sweep within its period, and Rasa asked once."""
    handoff, _ = store.request("widget-lost-reminder", "socketio", "asked", 10, now=time.time() - 30)
    config = ConsoleConfig(database=tmp_path / "console.sqlite", reviewed_nlu=tmp_path / "reviewed.yml")

    async def scenario(url: str, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
        monkeypatch.setenv("MISS_API_TOKEN", TOKEN)
        monkeypatch.setenv("MISS_RASA_API_URL", url)
        monkeypatch.setenv(handoff_sweep.SECONDS_ENV, "0.2")
        server = TestServer(make_console_app(config, None))
        await server.start_server()
        try:
            deadline = time.monotonic() + 5
            while not calls and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.6)  # two more sweeps: nothing more to do
        finally:
            await server.close()
        return calls

    calls = with_rasa(store, scenario)
    assert [json.dumps(c["body"]) for c in calls] == ['{"name": "EXTERNAL_handoff_timeout", "entities": {}}']
    found = store.get(handoff.id)
    assert found is not None and found.outcome == "timeout"


def test_off_without_rasas_api_or_with_zero(monkeypatch: pytest.MonkeyPatch):
    app = web.Application()
    handoff_sweep.install(app, HandoffStore(Path("/nonexistent/x.sqlite")), RasaRelay("http://rasa", ""))
    monkeypatch.setenv(handoff_sweep.SECONDS_ENV, "0")
    handoff_sweep.install(app, HandoffStore(Path("/nonexistent/x.sqlite")), RasaRelay("http://rasa", TOKEN))
    assert len(app.cleanup_ctx) == 0
    assert handoff_sweep.period({}) == handoff_sweep.DEFAULT_SECONDS
    assert handoff_sweep.period({handoff_sweep.SECONDS_ENV: "2.5"}) == 2.5
