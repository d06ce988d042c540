"""The browser tests' world: the real Rasa and action servers, the static web server, and headless
Debian Chromium driven by Playwright (never a browser downloaded by Playwright).

Ports (loopback only): Rasa 5505, actions 5555, web 8180 (pages talking to Rasa directly) and 8181 (the
same pages talking to Rasa through a TCP proxy on 5506 that the tests can cut or stall).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from scripts import processes
from scripts.local_servers import ROOT, Servers
from tests.servers import running
from tests.web.tcp_proxy import TcpProxy

RASA_PORT = int(os.environ.get("WEB_TEST_RASA_PORT", "5505"))
ACTION_PORT = int(os.environ.get("WEB_TEST_ACTION_PORT", "5555"))
PROXY_PORT = int(os.environ.get("WEB_TEST_PROXY_PORT", "5506"))
WEB_PORT = int(os.environ.get("WEB_TEST_PORT", "8180"))
PROXIED_WEB_PORT = int(os.environ.get("WEB_TEST_PROXIED_PORT", "8181"))
WEB = f"http://localhost:{WEB_PORT}"
PROXIED_WEB = f"http://localhost:{PROXIED_WEB_PORT}"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "build" / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "results" / "screenshots"
RESULTS = ROOT / "results"
LOGS = ROOT / ".run" / "web-tests"


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    with running(Servers(RASA_PORT, ACTION_PORT, LOGS, web_origins=[WEB, PROXIED_WEB])) as started:
        yield started


@pytest.fixture(scope="session")
def proxy() -> Iterator[TcpProxy]:
    running = TcpProxy(PROXY_PORT, RASA_PORT).start()
    yield running
    running.stop()


def _web_server(port: int, rasa_url: str, log: Path) -> subprocess.Popen:
    process = processes.spawn(
        [sys.executable, "-m", "scripts.web_server", "--port", str(port), "--rasa-url", rasa_url], log
    )
    processes.wait_until(
        lambda: processes.http_ok(f"http://localhost:{port}/runtime.js"), f"web server ({log})", 30, watch=[process]
    )
    return process


@pytest.fixture(scope="session")
def web(servers: Servers, proxy: TcpProxy) -> Iterator[dict[str, str]]:
    """Both static servers; the value maps "direct" and "proxied" to their base URLs."""
    servers_started = [
        _web_server(WEB_PORT, servers.base, LOGS / "web.log"),
        _web_server(PROXIED_WEB_PORT, f"http://localhost:{PROXY_PORT}", LOGS / "web-proxied.log"),
    ]
    yield {"direct": WEB, "proxied": PROXIED_WEB}
    processes.stop(servers_started, timeout=10)


# Per package (tests/web, and tests/console/browser and tests/handoff/browser, which import it): Playwright's
# sync API keeps its event loop marked as running in this thread while it is open, so a test run after it in
# the same pytest run that calls asyncio.run() (the console's and the handoff's in-process tests) would fail.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class PageWatch:
    """What a page did that it must not: requests off this machine (even ones the Content-Security-Policy
    blocked), script errors, CSP violations, missing files on our web server, alert dialogs."""

    def __init__(self, page: Page) -> None:
        self.foreign_requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.missing: list[str] = []
        page.on("request", self._request)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("response", self._response)
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def _response(self, response: Any) -> None:
        if urlsplit(response.url).port in (WEB_PORT, PROXIED_WEB_PORT) and response.status >= 400:
            self.missing.append(f"{response.status} {response.url}")

    def _request(self, request: Any) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http", "ws")) and host not in ("localhost", "127.0.0.1"):
            self.foreign_requests.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert not self.foreign_requests, f"requests off this machine: {self.foreign_requests}"
        assert not self.errors, f"script errors: {self.errors}"
        assert not self.missing, f"failed requests to our web server: {self.missing}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture
def new_page(browser: Browser, web: dict[str, str]) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh context (no shared storage); checks it stayed clean at the end."""
    opened: list[tuple] = []

    def open_page(width: int = 1280, height: int = 900) -> Page:
        context: BrowserContext = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(20_000)
        watch = PageWatch(page)
        opened.append((context, watch))
        page.watch = watch  # type: ignore[attr-defined]
        return page

    yield open_page
    for context, watch in opened:
        context.close()
        watch.assert_clean()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def axe_violations(page: Page, impacts: tuple = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core (the npm package's file, injected here) on the page as it is now: WCAG 2.0/2.1 A and AA."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def record(name: str, data: dict[str, Any]) -> None:
    """Adds a measurement or scan result to results/web-tests.json (read by the report)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "web-tests.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current[name] = data
    path.write_text(json.dumps(current, indent=2))
