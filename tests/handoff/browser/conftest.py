"""Live handoff in Chromium: the real action and Rasa servers (socket.io for the widget, Rasa's HTTP API
behind a token for the console's replies), the web server `make run` starts (the demo clinic page with the
widget, and the console), one handoff store and one staffed-hours file shared by them as in production.

Ports (loopback only, configurable; other suites use 51xx-67xx): Rasa 6805, actions 6855, web 6880.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from scripts import processes
from scripts.local_servers import ROOT, Servers
from tests.console.browser.conftest import Watch
from tests.console_app import new_password
from tests.handoff.staffing import ALWAYS, Staffing
from tests.servers import running
from tests.web.conftest import browser  # noqa: F401  (the web tests' Chromium fixture, shared)

RASA_PORT = int(os.environ.get("HANDOFF_TEST_RASA_PORT", "6805"))
ACTION_PORT = int(os.environ.get("HANDOFF_TEST_ACTION_PORT", "6855"))
WEB_PORT = int(os.environ.get("HANDOFF_TEST_WEB_PORT", "6880"))
WEB = f"http://localhost:{WEB_PORT}"
CONSOLE = f"{WEB}/console"
LOGS = ROOT / ".run" / "handoff-tests"


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("handoff")
    staffing = folder / "staffing.yml"
    Staffing(staffing).set(ALWAYS)
    return {
        "MISS_HANDOFF_STORE": str(folder / "handoff.sqlite"),
        "MISS_STAFFING_FILE": str(staffing),
        "MISS_API_TOKEN": secrets.token_hex(24),
        "MISS_CONSOLE_DB": str(folder / "console.sqlite"),
        "MISS_REVIEWED_NLU": str(folder / "reviewed.yml"),
    }


@pytest.fixture(scope="session")
def staffing(shared: dict[str, str]) -> Staffing:
    return Staffing(Path(shared["MISS_STAFFING_FILE"]))


@pytest.fixture(scope="session")
def servers(shared: dict[str, str]) -> Iterator[Servers]:
    token = shared["MISS_API_TOKEN"]
    env = {k: v for k, v in shared.items() if k != "MISS_API_TOKEN"}
    with running(Servers(RASA_PORT, ACTION_PORT, LOGS, web_origins=[WEB], api_token=token, env=env)) as started:
        yield started


@pytest.fixture(scope="session")
def console_env(shared: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **shared}


@pytest.fixture(scope="session")
def accounts(console_env: dict[str, str]) -> dict[str, str]:
    return make_accounts(console_env)


def make_accounts(console_env: dict[str, str]) -> dict[str, str]:
    """An admin, an editor and a viewer, made with the documented command; name -> password."""
    made = {}
    for name, role in (("ada", "admin"), ("eve", "editor"), ("vic", "viewer")):
        password = new_password()
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
    with web_server(WEB_PORT, servers, console_env, LOGS / "web.log") as base:
        yield base


@contextmanager
def web_server(port: int, servers: Servers, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """The web server exactly as scripts/run.sh starts it (pages, console), reading the Rasa servers' endpoints."""
    command = [sys.executable, "-m", "scripts.web_server", "--port", str(port), "--rasa-url", servers.base]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [*command, "--endpoints", str(servers.endpoints)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    base = f"http://localhost:{port}"
    try:
        processes.wait_until(lambda: processes.http_ok(f"{base}/runtime.js"), "web server", 30, watch=[process])
        yield base
    finally:
        processes.stop([process], timeout=10)


@pytest.fixture
def new_page(browser: Browser, web: str) -> Iterator[Callable[[], Page]]:  # noqa: F811 (fixture imported above)
    """A page in a fresh context (its own cookies and storage: a patient, or one member of staff)."""
    opened: list[tuple[BrowserContext, Watch]] = []

    def open_page() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
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
