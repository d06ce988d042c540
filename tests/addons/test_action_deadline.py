"""The custom-action deadline (addons/action_deadline.py): read from the environment, applied where
RemoteAction reads it, and a slow action server really is cut off (a local stub that never answers in time).
End to end with the Rasa server: tests/e2e/test_slow_action_server.py."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import rasa.core.actions.action as action_module
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from addons.action_deadline import DEFAULT_SECONDS, apply_action_deadline, seconds_from_env
from addons.rasa_server import install_rasa_patches


@pytest.fixture
def restore_deadline():
    yield
    apply_action_deadline(DEFAULT_SECONDS)


def test_the_rasa_patches_set_the_short_deadline(restore_deadline):
    action_module.DEFAULT_REQUEST_TIMEOUT = 300  # Rasa's own
    install_rasa_patches()  # as where the Rasa server starts (addons/rasa_server.py)
    assert action_module.DEFAULT_REQUEST_TIMEOUT == seconds_from_env() <= 3


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


class _Slow(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.release.wait(10)  # answers only when the test is over
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_a_slow_action_server_is_cut_off_at_the_deadline(restore_deadline):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads, server.release = True, threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        apply_action_deadline(0.3)
        action = RemoteAction(
            "action_answer_question", EndpointConfig(f"http://127.0.0.1:{server.server_address[1]}/webhook")
        )
        started = time.perf_counter()
        with pytest.raises(asyncio.TimeoutError):  # the processor logs it and the channel says "having trouble"
            asyncio.run(
                action.run(
                    CollectingOutputChannel(),
                    TemplatedNaturalLanguageGenerator({}),
                    DialogueStateTracker("patient", []),
                    Domain.empty(),
                )
            )
        assert 0.3 <= time.perf_counter() - started < 1.5
    finally:
        server.release.set()
        server.shutdown()
