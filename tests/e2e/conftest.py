"""The end-to-end tests' servers: the real action server and Rasa server on spare ports."""

from __future__ import annotations

import os
import secrets
from typing import Any

import pytest

from scripts.local_servers import ROOT, Servers, new_sender  # noqa: F401  (new_sender used by tests)
from tests.e2e.slow_action_server import SlowActionServer
from tests.servers import running

RASA_PORT = int(os.environ.get("E2E_RASA_PORT", "5105"))
ACTION_PORT = int(os.environ.get("E2E_ACTION_PORT", "5155"))


def topics(reply: list[dict[str, Any]]) -> list[str]:
    return [m["custom"]["topic"] for m in reply if isinstance(m.get("custom"), dict) and "topic" in m["custom"]]


def text(reply: list[dict[str, Any]]) -> str:
    return " ".join(m.get("text", "") for m in reply)


@pytest.fixture(scope="session")
def servers():
    # Every test talks from 127.0.0.1: a per-IP limit high enough for the whole suite (the limits
    # themselves are tested on the guarded server below).
    limits = {"MISS_RATE_IP_PER_MINUTE": "6000", "MISS_RATE_IP_BURST": "600"}
    with running(Servers(RASA_PORT, ACTION_PORT, ROOT / ".run" / "e2e", env=limits)) as started:
        yield started


# A second Rasa server set up as in production behind nginx, for tests/e2e/test_security.py and
# test_slow_action_server.py: HTTP API behind a token (and JWT), CORS for one origin, low rate limits so
# they are reached quickly, X-Forwarded-For trusted from loopback, and an action server that is slow.
GUARDED_RASA_PORT = int(os.environ.get("E2E_GUARDED_RASA_PORT", "5905"))
GUARDED_ACTION_PORT = int(os.environ.get("E2E_GUARDED_ACTION_PORT", "5955"))
GUARDED = {
    "api_token": secrets.token_hex(16),
    "api_jwt_secret": secrets.token_hex(32),
    "web_origins": ["https://clinic.example.org"],
    "env": {
        "MISS_RATE_SENDER_PER_MINUTE": "6",
        "MISS_RATE_SENDER_BURST": "3",
        "MISS_RATE_IP_PER_MINUTE": "6",
        "MISS_RATE_IP_BURST": "5",
        "MISS_TRUST_PROXY": "1",
    },
}


class _ServersWithSlowActions(Servers):
    runs_action_server = False  # the SlowActionServer stands in on the action port


@pytest.fixture(scope="session")
def slow_actions():
    stub = SlowActionServer(GUARDED_ACTION_PORT, delay=20).start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session")
def guarded(slow_actions):
    with running(
        _ServersWithSlowActions(GUARDED_RASA_PORT, GUARDED_ACTION_PORT, ROOT / ".run" / "e2e-guarded", **GUARDED)
    ) as started:
        yield started
