"""The custom-action deadline (addons/action_deadline.py): read from the environment, installed on every
RemoteAction, a slow action server really is cut off (a local stub that answers too late), and a busy Rasa
event loop is not taken for a slow action server (the stub answers in time while the loop is blocked).
End to end with the Rasa server: tests/e2e/test_slow_action_server.py."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from addons.action_deadline import DEFAULT_SECONDS, DeadlineEndpoint, apply_action_deadline, seconds_from_env
from addons.rasa_server import install_rasa_patches


@pytest.fixture
def restore_deadline():
    yield
    apply_action_deadline(DEFAULT_SECONDS)


def test_the_rasa_patches_give_every_remote_action_the_deadline_endpoint(restore_deadline):
    install_rasa_patches()  # as where the Rasa server starts (addons/rasa_server.py)
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", headers={"X-Clinic": "1"}, token="t")
    action = RemoteAction("action_answer_question", endpoint)
    assert isinstance(action.action_endpoint, DeadlineEndpoint)
    assert action.action_endpoint == endpoint  # same URL, headers and token (EndpointConfig's equality)
    assert apply_action_deadline() == seconds_from_env() <= 3


@pytest.mark.parametrize(
    "env,seconds",
    [({}, 2.0), ({"MISS_ACTION_TIMEOUT_SECONDS": "0.5"}, 0.5), ({"MISS_ACTION_TIMEOUT_SECONDS": " "}, 2.0)],
)
def test_the_deadline_comes_from_the_environment(env, seconds):
    assert seconds_from_env(env) == seconds


@pytest.mark.parametrize("value", ["soon", "0", "-1", "inf", "nan"])
def test_a_bad_deadline_is_refused(value):
    with pytest.raises(ValueError, match="MISS_ACTION_TIMEOUT_SECONDS"):
        seconds_from_env({"MISS_ACTION_TIMEOUT_SECONDS": value})


class _ActionServer(BaseHTTPRequestHandler):
    """Answers every action call with one SlotSet after `server.delay` seconds of its own."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.server.release.wait(self.server.delay):  # the test is over: give up
            return
        body = json.dumps({"events": [{"event": "slot", "name": "topic", "value": "infection"}], "responses": []})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def action_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ActionServer)
    server.daemon_threads, server.release, server.delay = True, threading.Event(), 0.0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.release.set()
    server.shutdown()


async def run_action(server: ThreadingHTTPServer, busy_loop_seconds: float = 0.0) -> list:
    """Run a RemoteAction against `server`; meanwhile keep this event loop busy (as other patients'
    messages keep the Rasa server's) for `busy_loop_seconds`, once the call has gone out."""
    action = RemoteAction(
        "action_answer_question", EndpointConfig(f"http://127.0.0.1:{server.server_address[1]}/webhook")
    )
    call = asyncio.ensure_future(
        action.run(
            CollectingOutputChannel(),
            TemplatedNaturalLanguageGenerator({}),
            DialogueStateTracker("patient", []),
            Domain.empty(),
        )
    )
    await asyncio.sleep(0.05)  # the request is on its way
    time.sleep(busy_loop_seconds)  # blocks the loop: nothing else in it runs meanwhile
    return await call


def test_a_slow_action_server_is_cut_off_at_the_deadline(restore_deadline, action_server):
    apply_action_deadline(0.3)
    action_server.delay = 10  # answers only when the test is over
    started = time.perf_counter()
    with pytest.raises(asyncio.TimeoutError):  # the processor logs it and the channel says "having trouble"
        asyncio.run(run_action(action_server))
    assert 0.3 <= time.perf_counter() - started < 1.5


def test_an_action_server_slower_than_the_deadline_is_cut_off_while_the_loop_is_busy_too(
    restore_deadline, action_server
):
    apply_action_deadline(0.3)
    action_server.delay = 1.0
    started = time.perf_counter()
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(run_action(action_server, busy_loop_seconds=0.6))
    assert time.perf_counter() - started < 1.0  # did not wait for the late answer


def test_a_busy_rasa_server_does_not_turn_a_timely_answer_into_a_timeout(restore_deadline, action_server):
    # The action server answers in 0.1 s, well within the 0.3 s deadline, but the Rasa server's loop is busy
    # for 0.8 s meanwhile: with Rasa's own timeout (a timer in that loop) this call timed out.
    apply_action_deadline(0.3)
    action_server.delay = 0.1
    events = asyncio.run(run_action(action_server, busy_loop_seconds=0.8))
    assert events == [SlotSet("topic", "infection")]
