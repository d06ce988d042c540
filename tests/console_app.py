"""The staff console in process, for the tests that drive it over HTTP without a browser: tests/console/ and
tests/handoff/ (whose conftest.py files take the fixtures below from here), and the live suites that sign in
to it (tests/channels/, tests/scale/). A real SQLite database in a temporary folder, real argon2 hashes,
aiohttp's test server and client."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from console.config import ConsoleConfig
from console.store import Store
from console.web import make_console_app


def new_password() -> str:
    """A fresh password per test: none is written in the repository (the secret scan would rightly object).
    Digits and symbols around a random hex core, so it can never contain a test's user name ("jo", "kim")
    and be refused for that by chance."""
    return "9#" + secrets.token_hex(12).translate(str.maketrans("abcdef", "234567")) + "%Z7!"


@pytest.fixture
def config(tmp_path: Path) -> ConsoleConfig:
    # reviewed_nlu: never the repository's data/reviewed/ file (what `make train` reads)
    return ConsoleConfig(
        database=tmp_path / "console.sqlite", max_failures=3, reviewed_nlu=tmp_path / "reviewed" / "nlu_reviewed.yml"
    )


@pytest.fixture
def store(config: ConsoleConfig) -> Store:
    """The console's own database (accounts, sessions, the audit log)."""
    return Store(config.database)


def audit_actions(store: Store) -> list[str]:
    with store.connect() as db:
        return [row[0] for row in db.execute("SELECT action FROM audit ORDER BY id")]


def run_app(make_app: Callable[[], web.Application], scenario: Callable[[TestClient], Awaitable[Any]]) -> Any:
    """Run `scenario` against the app `make_app` makes (in the event loop), then close it."""

    async def main() -> Any:
        client = TestClient(TestServer(make_app()))
        await client.start_server()
        try:
            return await scenario(client)
        finally:
            await client.close()

    return asyncio.run(main())


def run_console(
    config: ConsoleConfig,
    scenario: Callable[[TestClient], Awaitable[Any]],
    broker: dict[str, Any] | None = None,
    endpoints: Path | None = None,
) -> Any:
    """Run `scenario` against the console app in process (aiohttp's test client), then close it."""
    return run_app(lambda: make_console_app(config, broker, endpoints), scenario)


async def sign_in(client: TestClient, username: str, password: str, next_page: str = "/console/") -> Any:
    page = await (await client.get("/console/login")).text()
    token = re.search(r'name="login_token" value="([^"]+)"', page).group(1)
    return await client.post(
        "/console/login",
        data={"username": username, "password": password, "login_token": token, "next": next_page},
        allow_redirects=False,
    )


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
