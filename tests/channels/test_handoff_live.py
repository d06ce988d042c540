"""Live handoff on every messaging channel, end to end: the patient asks for a person through the platform's
signed webhook, the request is in the staff console's inbox, a member of staff takes it and replies through
the console (its relay: Rasa's HTTP API with output_channel=latest), and the platform's send API (the
loopback stub) receives each staff message for that patient; on one channel nobody takes it and the pickup
timeout's reply arrives by itself. While a member of staff has the conversation the assistant says nothing,
but an emergency still gets the emergency reply at once and the inbox flags it.

The console runs in this process (aiohttp's test client) on the servers' handoff store and event stream;
the Rasa server has its HTTP API on behind the run's token (tests/channels/conftest.py). Request -> inbox,
staff reply -> the platform's API and emergency -> its reply are timed into results/channels-handoff.json.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient

from addons.handoff.store import HandoffStore
from console import auth, handoff_sweep
from console import handoff as staff_words
from console.config import ConsoleConfig
from console.store import Store
from scripts.local_servers import ROOT, Servers
from scripts.web_server import event_broker
from tests.channels.conftest import (
    API_TOKEN,
    EMERGENCY_MESSAGE,
    HANDOFF_ENV,
    PUBLIC,
    SECRETS,
    TELEGRAM_SECRET,
    TWILIO_SMS_NUMBER,
    TWILIO_WHATSAPP_NUMBER,
    domain_text,
    flat,
    hub_signature,
    messenger_event,
    new_id,
    post,
    slack_event,
    slack_headers,
    telegram_message,
    twilio_form,
    twilio_signature,
)
from tests.channels.platform_stub import Call, PlatformStub
from tests.console_app import csrf_of, new_password, run_console, sign_in
from tests.handoff.staffing import ALWAYS, Staffing

pytestmark = pytest.mark.live

ASK = "can I talk to a real person?"
STAFF = "eve"
RESULTS = ROOT / "results" / "channels-handoff.json"


# --- the platforms, as the patient uses them ---------------------------------------------------------
@dataclass(frozen=True)
class Platform:
    """How a patient writes on one platform, and where the platform's API sends to them."""

    channel: str  # Rasa's input channel name (the inbox shows it)
    stub: str  # the platform in the stub's records
    write: Callable[[Servers, dict[str, str], str], None]  # one signed webhook with the patient's text
    text: Callable[[Call], str]

    def patient(self) -> dict[str, str]:
        """The ids of a new patient: `conversation` (Rasa's sender id), `turn` (where replies within a webhook
        turn go) and `pushed` (where messages sent outside one go: staff messages, the timeout)."""
        number = "+1555" + "".join(random.choice("0123456789") for _ in range(7))
        if self.channel == "twilio":
            return {"conversation": number, "turn": number, "pushed": number}
        if self.channel == "whatsapp":
            return {"conversation": f"whatsapp:{number}", "turn": f"whatsapp:{number}", "pushed": f"whatsapp:{number}"}
        if self.channel == "telegram":
            chat = str(random.randint(10**8, 10**9))
            return {"conversation": chat, "turn": chat, "pushed": chat}
        if self.channel == "slack":  # replies in a turn go to the DM's channel; pushed ones to the user (a DM)
            user = new_id("U")
            return {"conversation": user, "turn": new_id("D"), "pushed": user}
        psid = new_id("PSID")
        return {"conversation": psid, "turn": psid, "pushed": psid}


def _twilio(whatsapp: bool) -> Callable[[Servers, dict[str, str], str], None]:
    def write(servers: Servers, patient: dict[str, str], text: str) -> None:
        path = "/webhooks/whatsapp/webhook" if whatsapp else "/webhooks/twilio/webhook"
        # SMS checks the configured public URL; WhatsApp the URL it was called at (conftest.CHANNEL_ENV)
        url = f"http://127.0.0.1:{servers.rasa_port}{path}" if whatsapp else f"{PUBLIC}{path}"
        to = f"whatsapp:{TWILIO_WHATSAPP_NUMBER}" if whatsapp else TWILIO_SMS_NUMBER
        form = twilio_form(patient["conversation"], to, text)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": twilio_signature(url, form, SECRETS.twilio_token),
        }
        status, _, _ = post(f"http://127.0.0.1:{servers.rasa_port}{path}", urlencode(form).encode(), headers)
        assert status == 200

    return write


def _telegram(servers: Servers, patient: dict[str, str], text: str) -> None:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    update = telegram_message(int(patient["conversation"]), text)
    status, _, _ = post(f"{servers.base}/webhooks/telegram/webhook", json.dumps(update).encode(), headers)
    assert status == 200


def _slack(servers: Servers, patient: dict[str, str], text: str) -> None:
    body = json.dumps(slack_event(patient["conversation"], patient["turn"], text)).encode()
    status, _, _ = post(f"{servers.base}/webhooks/slack/webhook", body, slack_headers(body))
    assert status == 200


def _messenger(servers: Servers, patient: dict[str, str], text: str) -> None:
    body = json.dumps(messenger_event(patient["conversation"], text)).encode()
    status, _, _ = post(f"{servers.base}/webhooks/facebook/webhook", body, hub_signature(body))
    assert status == 200


PLATFORMS = {
    "twilio": Platform("twilio", "twilio", _twilio(False), lambda c: c.body["Body"]),
    "whatsapp": Platform("whatsapp", "twilio", _twilio(True), lambda c: c.body["Body"]),
    "telegram": Platform("telegram", "telegram", _telegram, lambda c: c.body["text"]),
    "slack": Platform("slack", "slack", _slack, lambda c: c.body["text"]),
    "facebook": Platform("facebook", "facebook", _messenger, lambda c: c.body["message"]["text"]),
}


# --- the staff console, in this process --------------------------------------------------------------
@pytest.fixture
def console(servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ConsoleConfig, str, dict]:
    """The console's settings as `make run` gives them to the web server: the servers' handoff store, Rasa's
    API at the servers' address with the token, the event stream the Rasa server writes."""
    monkeypatch.setenv("MISS_HANDOFF_STORE", HANDOFF_ENV["MISS_HANDOFF_STORE"])
    monkeypatch.setenv("MISS_API_TOKEN", API_TOKEN)
    monkeypatch.setenv("MISS_RASA_API_URL", servers.base)
    config = ConsoleConfig(database=tmp_path / "console.sqlite", reviewed_nlu=tmp_path / "reviewed.yml")
    password = new_password()
    auth.create_user(Store(config.database), STAFF, "editor", password, actor="test")
    broker = event_broker(servers.endpoints)
    assert broker is not None
    return config, password, broker


class Staff:
    """A member of staff at the console, over HTTP: the inbox's JSON and the conversation page's forms."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    async def inbox(self) -> dict[str, Any]:
        return await (await self.client.get("/console/api/inbox")).json()

    async def find(
        self, conversation: str, timeout: float = 10.0, until: Callable[[dict[str, Any]], bool] = bool
    ) -> dict[str, Any]:
        """The conversation's open row, as soon as the inbox lists it (and it is as `until` wants it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            listed = await self.inbox()
            rows = [r for r in listed["waiting"] + listed["taken"] if r["conversation_id"] == conversation]
            if rows and until(rows[0]):
                return rows[0]
            await asyncio.sleep(0.02)
        raise AssertionError(f"{conversation} never reached the inbox as expected")

    async def step(self, path: str, handoff_id: int, **fields: str) -> str:
        """A form posted from the conversation's page; the page it redirects to."""
        page = await (await self.client.get(f"/console/inbox/conversation?id={handoff_id}")).text()
        data = {"csrf_token": csrf_of(page), "handoff_id": str(handoff_id), **fields}
        answer = await self.client.post(f"/console/inbox/{path}", data=data, allow_redirects=True)
        assert answer.status == 200 and "error=" not in str(answer.url), answer.url  # e.g. error=undelivered
        return str(answer.url)

    async def transcript(self, handoff_id: int) -> list[dict[str, Any]]:
        found = await (await self.client.get(f"/console/api/inbox/conversation?id={handoff_id}")).json()
        return list(found["lines"])


def record(name: str, figures: dict[str, float]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    current[name] = figures
    RESULTS.write_text(json.dumps(current, indent=2))


def waiting_text(minutes: int = 2) -> str:
    return domain_text("utter_handoff_waiting_message").replace("{minutes}", str(minutes))


class Phone:
    """What one patient's device got from the platform's API."""

    def __init__(self, stub: PlatformStub, platform: Platform, patient: dict[str, str]) -> None:
        self.stub, self.platform, self.patient = stub, platform, patient

    def calls(self, where: str = "pushed") -> list[Call]:
        return self.stub.sent(self.platform.stub, self.patient[where])

    def texts(self, where: str = "pushed", since: int = 0) -> list[str]:
        return [self.platform.text(c) for c in self.calls(where)[since:]]

    async def wait(self, since: int, count: int, where: str = "pushed") -> list[str]:
        """The texts after the first `since`, once at least `count` of them arrived and then no more for a moment."""
        await asyncio.to_thread(self.stub.wait_sent, self.platform.stub, self.patient[where], since + count, 20.0, 0.4)
        return self.texts(where, since)


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_staff_take_reply_and_finish_on_each_messaging_channel(servers, stub, console, staffing: Staffing, name):
    staffing.set(ALWAYS)
    platform = PLATFORMS[name]
    config, password, broker = console
    patient = platform.patient()
    phone = Phone(stub, platform, patient)
    # Closing on SMS (the clinic's number follows), handing back elsewhere (the assistant answers again).
    closing = name == "twilio"

    async def scenario(client: TestClient) -> dict[str, float]:
        staff = Staff(client)
        await sign_in(client, STAFF, password)
        asked = time.perf_counter()
        await asyncio.to_thread(platform.write, servers, patient, ASK)
        row = await staff.find(patient["conversation"])
        request_to_inbox = time.perf_counter() - asked
        assert row["channel"] == platform.channel and row["status"] == "waiting"
        waiting = await phone.wait(0, 1, "turn")
        assert waiting == [waiting_text()]  # one SMS: a person replies here, within 2 min at most
        assert len(waiting[0]) <= 160

        mark = len(phone.calls())
        await staff.step("take", row["id"])
        assert phone.texts(since=mark) == [staff_words.JOINED.format(name=STAFF)]  # sent before the page answered

        said = len(phone.calls("turn"))
        await asyncio.to_thread(platform.write, servers, patient, "Hello, are you there?")
        await asyncio.sleep(2.0 if name == "slack" else 0.3)  # Slack answers in the background
        assert phone.texts("turn", said) == [], "the assistant (or its trouble reply) spoke over the member of staff"
        lines = await staff.transcript(row["id"])
        assert [line["text"] for line in lines if line["kind"] == "patient"][-1] == "Hello, are you there?"

        mark = len(phone.calls())
        sent_at = time.time()
        await staff.step("reply", row["id"], text="This is Eve from the clinic. How can I help?")
        words = staff_words.REPLY.format(name=STAFF, text="This is Eve from the clinic. How can I help?")
        assert await phone.wait(mark, 1) == [words]
        reply_to_platform = phone.calls()[mark].at - sent_at

        # An emergency never waits for the member of staff: the emergency reply at once, in the patient's own
        # turn, and the inbox flags the conversation with the message that set it off.
        said = len(phone.calls("turn"))
        typed = time.time()
        await asyncio.to_thread(platform.write, servers, patient, EMERGENCY_MESSAGE)
        emergency = await phone.wait(said, 1, "turn")
        assert emergency[0] == domain_text("utter_emergency")
        emergency_to_platform = phone.calls("turn")[said].at - typed
        flagged = await staff.find(patient["conversation"], until=lambda found: found["emergency"] is not None)
        assert flagged["status"] == "taken" and flagged["emergency"]["message"] == EMERGENCY_MESSAGE

        mark = len(phone.calls())
        if closing:
            await staff.step("close", row["id"])
            texts = await phone.wait(mark, 2)
            assert texts[0] == staff_words.CLOSED.format(name=STAFF)
            assert flat(texts[1:]) == domain_text("utter_handoff")  # the clinic's number, in as many SMS as it takes
        else:
            await staff.step("handback", row["id"])
            assert await phone.wait(mark, 1) == [staff_words.HANDED_BACK.format(name=STAFF)]
            said = len(phone.calls("turn"))
            await asyncio.to_thread(platform.write, servers, patient, "what is a dural tear?")
            assert "dura" in flat(await phone.wait(said, 1, "turn")).lower()  # the assistant answers again
        return {
            "request_to_inbox_seconds": request_to_inbox,
            "staff_reply_to_platform_seconds": reply_to_platform,
            "emergency_to_platform_seconds": emergency_to_platform,
        }

    figures = run_console(config, scenario, broker)
    store = HandoffStore(Path(HANDOFF_ENV["MISS_HANDOFF_STORE"]))
    ended = [h for h in store.recently_closed(0) if h.conversation_id == patient["conversation"]]
    assert [(h.outcome, h.taken_by) for h in ended] == [("closed" if closing else "handed_back", STAFF)]
    record(name, {k: round(v, 3) for k, v in figures.items()})


def test_nobody_takes_it_in_time_on_sms(servers, stub, staffing: Staffing):
    """The pickup timeout (a Rasa reminder, kept with the output of the request's turn) reaches the patient by
    itself, through Twilio's API, after the request's webhook call has long been answered."""
    staffing.set(ALWAYS, pickup_timeout_seconds=10)
    platform = PLATFORMS["twilio"]
    patient = platform.patient()
    try:
        platform.write(servers, patient, ASK)
        asked = time.time()
        waiting = [platform.text(c) for c in stub.sent("twilio", patient["turn"])]
        assert waiting == [waiting_text(1)]  # 10 s: within 1 min
        calls = stub.wait_sent("twilio", patient["pushed"], len(waiting) + 2, timeout=30.0, quiet=1.0)
        timeout_texts = [platform.text(c) for c in calls[len(waiting) :]]
        assert flat(timeout_texts) == domain_text("utter_handoff_timeout")
        assert calls[len(waiting)].at - asked >= 9.0  # not before its time
        store = HandoffStore(Path(HANDOFF_ENV["MISS_HANDOFF_STORE"]))
        closed = [h for h in store.recently_closed(0) if h.conversation_id == patient["conversation"]]
        assert [(h.outcome, h.channel) for h in closed] == [("timeout", "twilio")]
    finally:
        staffing.set(ALWAYS)


def test_a_lost_reminder_is_covered_by_the_consoles_sweep_on_sms(
    servers, stub, console, staffing: Staffing, monkeypatch: pytest.MonkeyPatch
):
    """The Rasa replica holding the pickup timeout's reminder restarted (the reminder cancelled here, through
    Rasa's API, as cheaply lost): the console's sweep (console/handoff_sweep.py, every 1 s here) asks Rasa for
    the timeout once it is more than its grace overdue, and the patient gets the clinic's number, once."""
    monkeypatch.setenv(handoff_sweep.SECONDS_ENV, "1")
    staffing.set(ALWAYS, pickup_timeout_seconds=10)
    platform = PLATFORMS["twilio"]
    patient = platform.patient()
    config, _, broker = console
    try:
        platform.write(servers, patient, ASK)
        asked = time.time()
        waiting = [platform.text(c) for c in stub.sent("twilio", patient["turn"])]
        assert waiting == [waiting_text(1)]
        lose = json.dumps({"event": "cancel_reminder", "name": "handoff_timeout"}).encode()
        url = f"{servers.base}/conversations/{patient['conversation']}/tracker/events"
        status, _, _ = post(
            f"{url}?execute_side_effects=true&token={API_TOKEN}", lose, {"Content-Type": "application/json"}
        )
        assert status == 200

        async def scenario(client: TestClient) -> list[Call]:
            return await asyncio.to_thread(
                stub.wait_sent, "twilio", patient["pushed"], len(waiting) + 2, timeout=40.0, quiet=3.0
            )

        calls = run_console(config, scenario, broker)
        timeout_texts = [platform.text(c) for c in calls[len(waiting) :]]
        assert flat(timeout_texts) == domain_text("utter_handoff_timeout")  # once
        # Not the reminder (10 s): the sweep, after the timeout and its grace.
        assert calls[len(waiting)].at - asked >= 10 + handoff_sweep.GRACE_SECONDS
        store = HandoffStore(Path(HANDOFF_ENV["MISS_HANDOFF_STORE"]))
        closed = [h for h in store.recently_closed(0) if h.conversation_id == patient["conversation"]]
        assert [(h.outcome, h.channel, h.closed_by) for h in closed] == [("timeout", "twilio", "assistant")]
    finally:
        staffing.set(ALWAYS)


def test_outside_staffed_hours_a_messaging_channel_gets_the_clinics_number_and_no_record(servers, stub, staffing):
    staffing.set({})  # not staffed at any time
    platform = PLATFORMS["telegram"]
    patient = platform.patient()
    try:
        platform.write(servers, patient, ASK)
        texts = [platform.text(c) for c in stub.sent("telegram", patient["turn"])]
        assert texts == [domain_text("utter_handoff")]
        assert HandoffStore(Path(HANDOFF_ENV["MISS_HANDOFF_STORE"])).open_for(patient["conversation"]) is None
    finally:
        staffing.set(ALWAYS)


def test_on_sms_the_offer_of_a_person_is_taken_by_replying_1(servers, stub, staffing: Staffing):
    """SMS has no buttons: after a second decline the offer is the option the patient's "1" picks (the
    decline's own suggestions lose their numbers to it, addons/channels/formatting.py), and that "1" is a
    request for a person with its reason, as the widget's quick reply is."""
    staffing.set(ALWAYS)
    platform = PLATFORMS["twilio"]
    patient = platform.patient()
    phone = Phone(stub, platform, patient)
    platform.write(servers, patient, "what's the weather like tomorrow?")
    declined = len(phone.calls("turn"))
    assert declined >= 1 and "Would you like a member" not in flat(phone.texts("turn"))
    platform.write(servers, patient, "who won the football game last night?")
    offer = flat(phone.texts("turn", declined))
    assert domain_text("utter_handoff_offer") in offer
    assert offer.endswith("Reply 1 for Yes, talk to a person")
    asked = len(phone.calls("turn"))
    platform.write(servers, patient, "1")
    assert phone.texts("turn", asked) == [waiting_text()]
    store = HandoffStore(Path(HANDOFF_ENV["MISS_HANDOFF_STORE"]))
    waiting = store.open_for(patient["conversation"])
    assert waiting is not None and (waiting.channel, waiting.reason) == ("twilio", "declined_twice")
    store.close(waiting.id, STAFF)  # nobody is left waiting for the other tests' inbox
