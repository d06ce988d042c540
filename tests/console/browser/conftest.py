"""The console's browser suite: the real action and Rasa servers (REST channel, the SQL event broker of
endpoints.yml), the web server that `make run` starts (scripts/web_server.py, console included) and
Debian's headless Chromium driven by Playwright. Accounts are made with the documented command
(`python -m console add-user ... --password-stdin`), each with a password drawn for this run.

Ports (loopback only, configurable): Rasa 6205, actions 6255, web 6280.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from scripts import processes
from scripts.local_servers import ROOT, Servers
from tests.console_app import new_password
from tests.servers import running
from tests.web.conftest import browser  # noqa: F401  (the web tests' Chromium fixture, shared)

RASA_PORT = int(os.environ.get("CONSOLE_TEST_RASA_PORT", "6205"))
ACTION_PORT = int(os.environ.get("CONSOLE_TEST_ACTION_PORT", "6255"))
WEB_PORT = int(os.environ.get("CONSOLE_TEST_WEB_PORT", "6280"))
CONSOLE = f"http://localhost:{WEB_PORT}/console"
LOGS = ROOT / ".run" / "console-tests"
MAX_FAILURES = 4  # the lockout threshold for this run (MISS_CONSOLE_MAX_FAILURES)


@pytest.fixture(scope="session")
def content_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The content store of this run: the console writes approved versions, the action server reads them."""
    return tmp_path_factory.mktemp("content") / "content.sqlite"


@pytest.fixture(scope="session")
def servers(content_store: Path) -> Iterator[Servers]:
    with running(Servers(RASA_PORT, ACTION_PORT, LOGS, env={"MISS_CONTENT_STORE": str(content_store)})) as started:
        yield started


@pytest.fixture(scope="session")
def console_env(tmp_path_factory: pytest.TempPathFactory, content_store: Path) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("console")
    return {
        **os.environ,
        "MISS_CONSOLE_DB": str(folder / "console.sqlite"),
        "MISS_CONSOLE_MAX_FAILURES": str(MAX_FAILURES),
        "MISS_CONTENT_STORE": str(content_store),
        # labels go to a file of this run, never to the repository's data/reviewed/ (what make train reads)
        "MISS_REVIEWED_NLU": str(folder / "reviewed" / "nlu_reviewed.yml"),
    }


@pytest.fixture(scope="session")
def accounts(console_env: dict[str, str]) -> dict[str, str]:
    """One account per role, made with the documented command; name -> password."""
    made = {}
    accounts = (("ada", "admin"), ("vic", "viewer"), ("eve", "editor"), ("lou", "viewer"), ("cat", "approver"))
    for name, role in accounts:
        password = new_password()  # never a name
        subprocess.run(
            [sys.executable, "-m", "console", "add-user", name, "--role", role, "--password-stdin"],
            input=password + "\n",
            text=True,
            env=console_env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        made[name] = password
    return made


@pytest.fixture(scope="session")
def web(servers: Servers, console_env: dict[str, str], accounts: dict[str, str]) -> Iterator[str]:
    """The web server exactly as scripts/run.sh starts it, reading the Rasa server's endpoints file."""
    LOGS.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scripts.web_server", "--port", str(WEB_PORT), "--rasa-url", servers.base]
    with open(LOGS / "web.log", "w") as log:
        process = subprocess.Popen(
            [*command, "--endpoints", str(servers.endpoints)],
            cwd=ROOT,
            env=console_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    processes.wait_until(
        lambda: processes.http_ok(f"http://localhost:{WEB_PORT}/runtime.js"), "console web server", 30, watch=[process]
    )
    yield CONSOLE
    processes.stop([process], timeout=10)


class Watch:
    """What a console page must never do: load anything from off this machine, run into a script error or
    a Content-Security-Policy violation, open a dialog (an injected alert() would)."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _request(self, request: Any) -> None:
        if urlsplit(request.url).hostname not in ("localhost", "127.0.0.1", None):
            self.problems.append(f"request off this machine: {request.url}")


@pytest.fixture
def new_page(browser: Browser, web: str) -> Iterator[Callable[[], Page]]:  # noqa: F811 (fixture imported above)
    """A page in a fresh browser context (its own cookies); checked for problems when the test ends."""
    opened: list[tuple[BrowserContext, Watch]] = []

    def open_page() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        opened.append((context, Watch(page)))
        return page

    yield open_page
    for context, watch in opened:
        context.close()
        assert not watch.problems, watch.problems


def sign_in(page: Page, name: str, password: str) -> None:
    page.goto(f"{CONSOLE}/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
