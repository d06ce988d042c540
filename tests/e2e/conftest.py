"""The end-to-end tests' servers: the real action server and Rasa server on spare ports."""
from __future__ import annotations

import os
from typing import Any, Dict, List

import pytest

from scripts.local_servers import ROOT, Servers, running, new_sender  # noqa: F401  (new_sender used by tests)

RASA_PORT = int(os.environ.get("E2E_RASA_PORT", "5105"))
ACTION_PORT = int(os.environ.get("E2E_ACTION_PORT", "5155"))


def topics(reply: List[Dict[str, Any]]) -> List[str]:
    return [m["custom"]["topic"] for m in reply if isinstance(m.get("custom"), dict) and "topic" in m["custom"]]


def text(reply: List[Dict[str, Any]]) -> str:
    return " ".join(m.get("text", "") for m in reply)


@pytest.fixture(scope="session")
def servers():
    with running(Servers(RASA_PORT, ACTION_PORT, ROOT / ".run" / "e2e")) as started:
        yield started
