"""The console's unit tests: a real SQLite database in a temporary folder, real argon2 hashes."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from addons.event_broker import ScrubbingSQLEventBroker
from console import analytics
from console.config import ConsoleConfig
from console.store import Store
from console.web import make_console_app


def new_password() -> str:
    """A fresh password per test: none is written in the repository (the secret scan would rightly object).
    Digits and symbols around a random hex core, so it can never contain a test's user name ("jo", "kim")
    and be refused for that by chance."""
    return "9#" + secrets.token_hex(12).translate(str.maketrans("abcdef", "234567")) + "%Z7!"


@pytest.fixture
def config(tmp_path) -> ConsoleConfig:
    # reviewed_nlu: never the repository's data/reviewed/ file (what `make train` reads)
    return ConsoleConfig(
        database=tmp_path / "console.sqlite", max_failures=3, reviewed_nlu=tmp_path / "reviewed" / "nlu_reviewed.yml"
    )


@pytest.fixture
def store(config) -> Store:
    return Store(config.database)


def audit_actions(store: Store) -> list[str]:
    with store.connect() as db:
        return [row[0] for row in db.execute("SELECT action FROM audit ORDER BY id")]


@pytest.fixture
def broker(tmp_path) -> ScrubbingSQLEventBroker:
    """A real event stream file, as the Rasa server writes it (endpoints.yml's broker)."""
    return ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"))


@pytest.fixture
def stream(broker, tmp_path) -> analytics.EventStream:
    return analytics.EventStream({"dialect": "sqlite", "db": str(tmp_path / "events.sqlite")})


def run_console(
    config: ConsoleConfig,
    scenario: Callable[[TestClient], Awaitable[Any]],
    broker: dict[str, Any] | None = None,
    endpoints: Path | None = None,
) -> Any:
    """Run `scenario` against the console app in process (aiohttp's test client), then close it."""

    async def main() -> Any:
        client = TestClient(TestServer(make_console_app(config, broker, endpoints)))
        await client.start_server()
        try:
            return await scenario(client)
        finally:
            await client.close()

    return asyncio.run(main())
