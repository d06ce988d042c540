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
from tests.handoff.rasa_api_stub import Call, conversation_of, rasa_api

TOKEN = "a-token-of-sixteen+"


def with_rasa(store: HandoffStore, scenario: Callable[[str, list[Call]], Awaitable[Any]]) -> Any:
    """Run `scenario(url, calls)` with a stand-in for Rasa's API at `url` that records each call."""

    def as_rasa_does(call: Call) -> None:
        if call["path"].endswith("/trigger_intent"):
            # What Rasa and action_handoff_timeout do with the intent (actions/handoff.py).
            store.time_out(conversation_of(call), now=time.time() + TIMEOUT_GRACE_SECONDS)

    async def main() -> Any:
        async with rasa_api(as_rasa_does) as (url, calls):
            return await scenario(url, calls)

    return asyncio.run(main())


def test_the_intent_is_the_reminders():
    assert handoff_sweep.TIMEOUT_INTENT == TIMEOUT_INTENT


def test_only_waiting_requests_overdue_by_more_than_the_grace_are_triggered_and_only_once(handoffs: HandoffStore):
    now = time.time()
    overdue, _ = handoffs.request("+15550100000", "twilio", "asked", 60, now=now - 70)  # 10 s overdue
    handoffs.request("widget-in-grace", "socketio", "asked", 60, now=now - 63)  # 3 s overdue: the reminder's turn
    handoffs.request("widget-not-yet", "socketio", "asked", 60, now=now - 30)
    taken, _ = handoffs.request("widget-taken", "socketio", "asked", 60, now=now - 600)
    handoffs.take(taken.id, "eve", now=now - 590)
    closed, _ = handoffs.request("widget-closed", "socketio", "asked", 60, now=now - 600)
    handoffs.close(closed.id, "eve", now=now - 590)

    async def scenario(url: str, calls: list[Call]) -> tuple[list[int], list[int], list[Call]]:
        relay = RasaRelay(url, TOKEN)
        first = await handoff_sweep.sweep_once(handoffs, relay, now)
        second = await handoff_sweep.sweep_once(handoffs, relay, time.time())  # the record is closed now
        return [h.id for h in first], [h.id for h in second], calls

    first, second, calls = with_rasa(handoffs, scenario)
    assert first == [overdue.id] and second == []
    assert calls == [
        {
            "path": "/conversations/+15550100000/trigger_intent",
            "query": {"output_channel": "latest", "token": TOKEN},
            "body": {"name": "EXTERNAL_handoff_timeout", "entities": {}},
        }
    ]
    done = handoffs.get(overdue.id)
    assert done is not None and (done.status, done.outcome, done.closed_by) == ("closed", "timeout", "assistant")
    assert [(h.conversation_id, h.outcome) for h in handoffs.recently_closed(0)].count(("+15550100000", "timeout")) == 1
    waiting = {h.conversation_id for h in handoffs.open_handoffs() if h.status == "waiting"}
    assert waiting == {"widget-in-grace", "widget-not-yet"}


def test_rasa_unreachable_triggers_nothing_and_leaves_the_request_waiting(handoffs: HandoffStore):
    now = time.time()
    handoff, _ = handoffs.request("widget-a", "socketio", "asked", 10, now=now - 60)
    rescued = asyncio.run(handoff_sweep.sweep_once(handoffs, RasaRelay("http://127.0.0.1:9", TOKEN), now))
    assert rescued == []
    found = handoffs.get(handoff.id)
    assert found is not None and found.status == "waiting"


def test_the_console_web_server_sweeps_by_itself(handoffs: HandoffStore, config: ConsoleConfig, monkeypatch):
    """The app started as scripts/web_server.py starts it: a request whose reminder never fired is closed
    as `timeout` by the sweep within its period, and Rasa asked once."""
    handoff, _ = handoffs.request("widget-lost-reminder", "socketio", "asked", 10, now=time.time() - 30)

    async def scenario(url: str, calls: list[Call]) -> list[Call]:
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

    calls = with_rasa(handoffs, scenario)
    assert [json.dumps(c["body"]) for c in calls] == ['{"name": "EXTERNAL_handoff_timeout", "entities": {}}']
    found = handoffs.get(handoff.id)
    assert found is not None and found.outcome == "timeout"


def test_off_without_rasas_api_or_with_zero(monkeypatch: pytest.MonkeyPatch):
    app = web.Application()
    handoff_sweep.install(app, HandoffStore(Path("/nonexistent/x.sqlite")), RasaRelay("http://rasa", ""))
    monkeypatch.setenv(handoff_sweep.SECONDS_ENV, "0")
    handoff_sweep.install(app, HandoffStore(Path("/nonexistent/x.sqlite")), RasaRelay("http://rasa", TOKEN))
    assert len(app.cleanup_ctx) == 0
    assert handoff_sweep.period({}) == handoff_sweep.DEFAULT_SECONDS
    assert handoff_sweep.period({handoff_sweep.SECONDS_ENV: "2.5"}) == 2.5
