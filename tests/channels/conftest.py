"""The channel tests' fixtures: a stub of every platform's API and the real servers with all channels on.

Tests marked `live` need the Rasa server. They run with `make test-channels` (or any pytest run that
names tests/channels); the plain unit run over tests/ skips them so the servers start only once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from scripts.local_servers import ROOT, Servers
from tests.channels.platform_stub import PlatformStub, Secrets
from tests.handoff.staffing import ALWAYS, Staffing
from tests.servers import running

HERE = Path(__file__).resolve().parent
RASA_PORT = int(os.environ.get("CHANNELS_RASA_PORT", "5605"))
ACTION_PORT = int(os.environ.get("CHANNELS_ACTION_PORT", "5655"))
STUB_PORT = int(os.environ.get("CHANNELS_STUB_PORT", "5705"))
STUB = f"http://127.0.0.1:{STUB_PORT}"
PUBLIC = "https://clinic.example.org"  # the public URL the platforms would call (for signatures)

SECRETS = Secrets(
    twilio_sid="AC" + "0" * 30 + "42",
    twilio_token="test-twilio-auth-token",
    telegram_token="123456789:TEST-telegram-bot-token",
    slack_token="xoxb-test-slack-token",
    facebook_token="test-page-access-token",
)
TWILIO_SMS_NUMBER = "+15550100000"
TWILIO_WHATSAPP_NUMBER = "+15550100001"
TELEGRAM_SECRET = "test-telegram-secret-token"
SLACK_SIGNING_SECRET = "test-slack-signing-secret"
FACEBOOK_APP_SECRET = "test-facebook-app-secret"
FACEBOOK_VERIFY_TOKEN = "test-verify-token"
SMS_MAX_CHARS = 160  # single-segment SMS in the test server, so real answers are split

CHANNEL_ENV = {
    "TWILIO_ACCOUNT_SID": SECRETS.twilio_sid,
    "TWILIO_AUTH_TOKEN": SECRETS.twilio_token,
    "TWILIO_SMS_NUMBER": TWILIO_SMS_NUMBER,
    "TWILIO_WHATSAPP_NUMBER": TWILIO_WHATSAPP_NUMBER,
    "TWILIO_SMS_WEBHOOK_URL": f"{PUBLIC}/webhooks/twilio/webhook",  # WhatsApp: URL rebuilt from the request
    "TWILIO_API_BASE": STUB,
    "SMS_MAX_CHARS": str(SMS_MAX_CHARS),
    "TELEGRAM_BOT_TOKEN": SECRETS.telegram_token,
    "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
    "TELEGRAM_WEBHOOK_URL": f"{PUBLIC}/webhooks/telegram/webhook",
    "TELEGRAM_API_BASE": STUB,
    "SLACK_BOT_TOKEN": SECRETS.slack_token,
    "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
    "SLACK_API_BASE": f"{STUB}/api/",
    "FACEBOOK_PAGE_ACCESS_TOKEN": SECRETS.facebook_token,
    "FACEBOOK_APP_SECRET": FACEBOOK_APP_SECRET,
    "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY_TOKEN,
    "FACEBOOK_API_BASE": STUB,
    "FACEBOOK_API_VERSION": "v21.0",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "live: needs the Rasa server with the messaging channels")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    named = any(Path(arg.split("::")[0]).resolve().is_relative_to(HERE) for arg in config.args)
    if named or os.environ.get("CHANNEL_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="starts the Rasa server: run `make test-channels`")
    for item in items:
        if "live" in item.keywords and Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def stub() -> Iterator[PlatformStub]:
    running = PlatformStub(STUB_PORT, SECRETS).start()
    yield running
    running.stop()


LOG_DIR = ROOT / ".run" / "channels"
# Live handoff on the messaging channels (test_handoff_live.py): the servers share a handoff store and a
# staffed-hours file (staffed around the clock) with the staff console the tests run in process, and Rasa's
# HTTP API is on behind a token made up for the run, as `make run` has it with MISS_API_TOKEN.
HANDOFF_ENV = {
    "MISS_HANDOFF_STORE": str(LOG_DIR / "handoff.sqlite"),
    "MISS_STAFFING_FILE": str(LOG_DIR / "staffing.yml"),
}
API_TOKEN = secrets.token_hex(24)


@pytest.fixture(scope="session")
def staffing() -> Staffing:
    return Staffing(Path(HANDOFF_ENV["MISS_STAFFING_FILE"]))


@pytest.fixture(scope="session")
def servers(stub: PlatformStub, staffing: Staffing) -> Iterator[Servers]:
    for left in ("channel-state.sqlite", "handoff.sqlite"):  # no options, seen ids or handoffs from a last run
        (LOG_DIR / left).unlink(missing_ok=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    staffing.set(ALWAYS)
    started = Servers(RASA_PORT, ACTION_PORT, LOG_DIR, channel_env=CHANNEL_ENV, api_token=API_TOKEN, env=HANDOFF_ENV)
    with running(started):
        yield started


def new_id(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:10]


# Talking to the Rasa server like the platforms do ---------------------------------------------------


def post(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, data=body, method="POST", headers=dict(headers))
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def twilio_signature(url: str, params: Mapping[str, str], token: str) -> str:
    """What Twilio computes: HMAC-SHA1 over the URL followed by each sorted parameter name and value."""
    signed = url + "".join(name + params[name] for name in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


def twilio_form(sender: str, to: str, text: str) -> dict[str, str]:
    """An inbound message webhook as Twilio documents it (the fields that matter, plus the usual ones)."""
    return {
        "MessageSid": new_id("SM"),
        "SmsSid": new_id("SM"),
        "AccountSid": SECRETS.twilio_sid,
        "MessagingServiceSid": "",
        "From": sender,
        "To": to,
        "Body": text,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }


def slack_headers(
    body: bytes,
    secret: str = SLACK_SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str = "application/json",
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def slack_event(user: str, channel: str, text: str, event_id: str | None = None) -> dict[str, Any]:
    """An Events API message.im callback as Slack documents it."""
    ts = f"{time.time():.6f}"
    return {
        "token": "legacy-verification-token",
        "team_id": "T0CLINIC",
        "api_app_id": "A0CLINIC",
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "client_msg_id": str(uuid.uuid4()),
        },
        "type": "event_callback",
        "event_id": event_id or new_id("Ev"),
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0CLINIC", "user_id": "U0BOT", "is_bot": True}],
    }


def slack_click(user: str, channel: str, value: str, title: str) -> bytes:
    """An Interactivity block_actions payload for a button click, form-encoded as Slack sends it."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "patient"},
        "api_app_id": "A0CLINIC",
        "trigger_id": new_id("trig."),
        "team": {"id": "T0CLINIC"},
        "channel": {"id": channel},
        "container": {"type": "message", "channel_id": channel, "message_ts": "1.0"},
        "message": {"ts": "1.0", "text": "..."},
        "actions": [
            {
                "type": "button",
                "action_id": "option_2",
                "block_id": "b1",
                "value": value,
                "text": {"type": "plain_text", "text": title},
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def hub_signature(body: bytes, secret: str = FACEBOOK_APP_SECRET, algorithm: str = "sha1") -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()
    header = "X-Hub-Signature" if algorithm == "sha1" else "X-Hub-Signature-256"
    return {"Content-Type": "application/json", header: f"{algorithm}={digest}"}


def messenger_event(psid: str, text: str | None = None, quick_reply: str | None = None) -> dict[str, Any]:
    """A page webhook with one messaging event, as Meta documents it."""
    message: dict[str, Any] = {"mid": new_id("m_"), "text": text or ""}
    if quick_reply:
        message["quick_reply"] = {"payload": quick_reply}
    return {
        "object": "page",
        "entry": [
            {
                "id": "PAGE1",
                "time": int(time.time() * 1000),
                "messaging": [
                    {
                        "sender": {"id": psid},
                        "recipient": {"id": "PAGE1"},
                        "timestamp": int(time.time() * 1000),
                        "message": message,
                    }
                ],
            }
        ],
    }


def telegram_message(chat_id: int, text: str) -> dict[str, Any]:
    """A message Update as the Bot API documents it."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Pat", "language_code": "en"}
    return {
        "update_id": int(uuid.uuid4().int % 10**9),
        "message": {
            "message_id": 1,
            "from": user,
            "chat": {"id": chat_id, "type": "private", "first_name": "Pat"},
            "date": int(time.time()),
            "text": text,
        },
    }


def telegram_callback(chat_id: int, data: str) -> dict[str, Any]:
    """A callback_query Update (an inline keyboard button was tapped)."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Pat"}
    return {
        "update_id": int(uuid.uuid4().int % 10**9),
        "callback_query": {
            "id": new_id(),
            "from": user,
            "chat_instance": "42",
            "data": data,
            "message": {
                "message_id": 2,
                "from": {"id": 1, "is_bot": True, "first_name": "Clinic"},
                "chat": {"id": chat_id, "type": "private"},
                "date": int(time.time()),
                "text": "...",
            },
        },
    }


# What the assistant is expected to say ------------------------------------------------------------


def domain_text(response: str) -> str:
    """A domain response's first text with the clinic contacts filled in, as the patient reads it."""
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    text = " ".join(domain["responses"][response][0]["text"].split())
    for slot, spec in domain["slots"].items():
        if spec.get("initial_value") is not None:
            text = text.replace("{" + slot + "}", str(spec["initial_value"]))
    return text


def domain_buttons(response: str) -> list[tuple[str, str]]:
    """A domain response's buttons as Rasa sends them: doubled braces in a payload (domain.yml escapes them from
    Rasa's {slot} filling) go out as one."""
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return [
        (b["title"], b["payload"].replace("{{", "{").replace("}}", "}"))
        for b in domain["responses"][response][0].get("buttons", [])
    ]


EMERGENCY_MESSAGE = "I have a fever and my wound is leaking pus"  # symptoms happening now


def flat(texts: list[str]) -> str:
    """Messages joined back into one text (whitespace normalised): nothing may be lost in a split."""
    return " ".join(" ".join(texts).split())


def save_transcript(platform: str, lines: list[str]) -> None:
    """The conversation as the patient saw it (from the stub's captures), for reading after a run."""
    out = ROOT / ".run" / "channels" / "transcripts"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{platform}.txt").write_text("\n".join(lines) + "\n")
