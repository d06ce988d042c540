"""Live handoff with two Rasa replicas behind nginx, as `make run` starts them on a machine of two cores: the
patient's socket lives on one replica (nginx keeps socket.io on one per client address), the console's calls
to Rasa's HTTP API are spread over both, and every staff message still reaches the patient, through the
replicas' Redis (addons/channels/web_socketio.client_manager). The nginx log proves both replicas sent some.

Ports (loopback): nginx 6905, replicas 6906-6907, Redis 6908, actions 6955, web 6980.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from scripts.local_servers import ROOT, Servers
from tests.console.browser.conftest import Watch
from tests.handoff.browser.conftest import ALWAYS, Staffing, make_accounts, web_server
from tests.handoff.browser.test_handoff import ASK_FOR_PERSON, bubble_with, conversation_id, send
from tests.servers import running
from tests.web.test_widget import open_chat

FRONT = int(os.environ.get("HANDOFF_REPLICA_TEST_PORT", "6905"))
ACTIONS = FRONT + 50
WEB_PORT = FRONT + 75
LOGS = ROOT / ".run" / "handoff-replicas"


@pytest.fixture(scope="module")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Servers, str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("handoff-replicas")
    staffing = folder / "staffing.yml"
    Staffing(staffing).set(ALWAYS)
    shared = {
        "MISS_HANDOFF_STORE": str(folder / "handoff.sqlite"),
        "MISS_STAFFING_FILE": str(staffing),
        "MISS_CONSOLE_DB": str(folder / "console.sqlite"),
        "MISS_REVIEWED_NLU": str(folder / "reviewed.yml"),
    }
    token = secrets.token_hex(24)
    web = f"http://localhost:{WEB_PORT}"
    servers = Servers(FRONT, ACTIONS, LOGS, web_origins=[web], api_token=token, env=shared, replicas=2)
    console_env = {**os.environ, **shared, "MISS_API_TOKEN": token}
    with running(servers), web_server(WEB_PORT, servers, console_env, LOGS / "web.log") as base:
        yield servers, base, make_accounts(console_env)


def staff_replies_by_replica(log: Path, sender: str) -> dict[str, int]:
    """How many of the console's tracker-event calls for this conversation each replica answered (nginx log)."""
    counts: dict[str, int] = {}
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[1] == "POST" and parts[2] == f"/conversations/{sender}/tracker/events":
            counts[parts[4]] = counts.get(parts[4], 0) + 1
    return counts


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Pages in fresh contexts, checked as the other handoff pages are (no script error, nothing off-machine)."""
    opened: list[tuple[BrowserContext, Watch]] = []

    def page() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        new = context.new_page()
        new.set_default_timeout(20_000)
        opened.append((context, Watch(new)))
        return new

    yield page
    for context, watch in opened:
        context.close()
        assert not watch.problems, watch.problems


def test_every_staff_message_reaches_the_patient_whichever_replica_sends_it(replicated, open_page):
    _servers, web, accounts = replicated
    patient: Page = open_page()
    open_chat(patient, web)
    before = send(patient, ASK_FOR_PERSON)
    bubble_with(patient, "asked a member of the clinic's staff", before)
    sender = conversation_id(patient)

    staff: Page = open_page()
    staff.goto(f"{web}/console/login")
    staff.get_by_label("User name").fill("eve")
    staff.get_by_label("Password").fill(accounts["eve"])
    staff.get_by_role("button", name="Sign in").click()
    staff.goto(f"{web}/console/inbox")
    staff.locator("#inbox-waiting tbody tr", has_text=sender).get_by_role("link").click()
    staff.get_by_role("button", name="Take this conversation").click()
    bubble_with(patient, "eve from the clinic has joined this chat")
    for n in range(1, 5):  # nginx spreads the API calls: some land on the replica without the patient's socket
        staff.get_by_label("Your reply to the patient").fill(f"Message number {n} from the nurse")
        staff.get_by_role("button", name="Send").click()
        expect(staff.get_by_role("status")).to_have_text("Sent")
        bubble_with(patient, f"Message number {n} from the nurse")
    by_replica = staff_replies_by_replica(LOGS / "nginx-access.log", sender)
    assert len(by_replica) == 2 and sum(by_replica.values()) == 5, by_replica  # both replicas sent some

    # and the assistant is quiet on either replica while eve has it; an emergency still answered at once
    before = send(patient, "what is a dural tear?")
    patient.wait_for_timeout(1500)
    expect(patient.locator(".rw-messages-container .rw-response:has(.rw-message-text)")).to_have_count(before)
    before = send(patient, "my calf is swollen and painful right now")
    bubble_with(patient, "This could be an emergency", before)
