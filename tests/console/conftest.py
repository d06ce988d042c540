"""The console's unit tests: a real SQLite database in a temporary folder, real argon2 hashes. The fixtures
and helpers shared with tests/handoff/ (config, store, run_console, sign_in...) are in tests/console_app.py."""

from __future__ import annotations

import pytest

from addons.event_broker import ScrubbingSQLEventBroker
from console import analytics
from tests.console_app import config, store  # noqa: F401  (the console's config and database, shared)


@pytest.fixture
def broker(tmp_path) -> ScrubbingSQLEventBroker:
    """A real event stream file, as the Rasa server writes it (endpoints.yml's broker)."""
    return ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"))


@pytest.fixture
def stream(broker, tmp_path) -> analytics.EventStream:
    return analytics.EventStream({"dialect": "sqlite", "db": str(tmp_path / "events.sqlite")})
