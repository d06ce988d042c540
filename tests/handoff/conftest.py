"""Fixtures of the handoff tests that drive the console in process: the console's own config and database
(tests/console_app.py, as the console's tests have them) and a handoff store of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from addons.handoff.store import HandoffStore
from tests.console_app import config, store  # noqa: F401  (the console's config and database, shared)


@pytest.fixture
def handoffs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HandoffStore:
    """A handoff store in a file of the test's own, where the console finds it (MISS_HANDOFF_STORE); no Rasa
    API token, so the console's steps never try to reach a Rasa server."""
    path = tmp_path / "handoff.sqlite"
    monkeypatch.setenv("MISS_HANDOFF_STORE", str(path))
    monkeypatch.delenv("MISS_API_TOKEN", raising=False)
    return HandoffStore(path)
