"""The output channels in this process against the platform stub: long answers at the real limits.

The assistant's approved answers are all short, so the split of a long answer at each platform's real
limit (Telegram 4096, Slack 3000, Messenger 2000, WhatsApp 1600, SMS 320) is checked here by handing
each connector's output channel a long turn and reading what the platform's API received.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from addons.channels import state as state_module
from addons.channels import turn
from addons.channels.facebook import MessengerInput
from addons.channels.slack import SlackInput
from addons.channels.state import ChannelState
from addons.channels.telegram import TelegramInput
from addons.channels.twilio import TwilioSmsInput, TwilioWhatsAppInput
from addons.handoff.store import HandoffStore, TakenReader
from tests.channels.conftest import (
    FACEBOOK_APP_SECRET,
    SECRETS,
    SLACK_SIGNING_SECRET,
    TELEGRAM_SECRET,
    TWILIO_SMS_NUMBER,
    TWILIO_WHATSAPP_NUMBER,
    domain_text,
    flat,
    new_id,
)

SENTENCES = [f"Point {i}: walking a little more each day helps your recovery." for i in range(160)]
LONG = " ".join(SENTENCES)  # about 10,000 characters
LONG_PAYLOAD = '/ask_risk_factors_complexity{"aspect": "prevention", "note": "longer than sixty-four bytes"}'
TURN = [
    {
        "text": LONG,
        "buttons": [
            {"title": "How safe is it overall?", "payload": "/ask_risks_overview"},
            {"title": "Lowering my risk", "payload": LONG_PAYLOAD},
        ],
    },
    {"custom": {"topic": "recovery", "source": "Minimizing the risks - for patients"}},
    # An emergency later in the same turn must still reach the patient first.
    {"text": domain_text("utter_emergency"), "custom": {"topic": "emergency", "source": None}},
]


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch) -> ChannelState:
    shared = ChannelState(tmp_path / "state.sqlite")
    monkeypatch.setattr(state_module, "_shared", shared)
    return shared


def play(output: Any, recipient: str, messages: list[dict[str, Any]]) -> None:
    """One webhook turn: Rasa hands over the messages one by one, then the turn is delivered."""

    async def turn() -> None:
        output.begin_turn()
        for message in messages:
            await output.send_response(recipient, dict(message))
        try:
            await output.finish_turn(recipient, "trouble")
        finally:
            await output.end_turn()

    asyncio.run(turn())


def check_split(texts: list[str], limit: int) -> None:
    assert texts[0] == domain_text("utter_emergency")
    answer = texts[1:]
    assert len(answer) >= 2 and all(len(t) <= limit for t in answer)
    assert flat(answer).startswith(LONG) and "Source: Minimizing the risks - for patients" in answer[-1]
    assert all(t.split("\n\n")[0].endswith(".") for t in answer), "parts end at sentence boundaries"


def test_telegram_long_answer(stub, state):
    chat = "555000111"
    output = TelegramInput.from_credentials(
        {"access_token": SECRETS.telegram_token, "secret_token": TELEGRAM_SECRET, "api_base": stub.base}
    ).get_output_channel()
    play(output, chat, TURN)
    sent = [c.body for c in stub.sent("telegram", chat)]
    check_split([m["text"] for m in sent], 4096)
    assert all("reply_markup" not in m for m in sent[:-1])
    rows = json.loads(sent[-1]["reply_markup"])["inline_keyboard"]
    data = [row[0]["callback_data"] for row in rows]
    assert data[0] == "/ask_risks_overview" and len(data[1].encode()) <= 64
    assert state.payload_for(data[1]) == LONG_PAYLOAD  # a tap on it reaches Rasa as the full payload


def test_slack_long_answer(stub):
    channel = new_id("D")
    output = SlackInput.from_credentials(
        {
            "slack_token": SECRETS.slack_token,
            "slack_signing_secret": SLACK_SIGNING_SECRET,
            "api_base": f"{stub.base}/api/",
        }
    ).get_output_channel(channel)
    play(output, "U123", TURN)
    sent = [c.body for c in stub.sent("slack", channel)]
    check_split([m["blocks"][0]["text"]["text"] for m in sent], 3000)
    assert all(len(m["blocks"]) == 1 for m in sent[:-1])
    assert [e["value"] for e in sent[-1]["blocks"][1]["elements"]] == ["/ask_risks_overview", LONG_PAYLOAD]


def test_messenger_long_answer(stub):
    psid = new_id("PSID")
    output = MessengerInput.from_credentials(
        {
            "verify": "v",
            "secret": FACEBOOK_APP_SECRET,
            "page-access-token": SECRETS.facebook_token,
            "api_base": stub.base,
        }
    ).get_output_channel()
    play(output, psid, TURN)
    sent = [c.body["message"] for c in stub.sent("facebook", psid)]
    check_split([m["text"] for m in sent], 2000)
    assert all("quick_replies" not in m for m in sent[:-1])
    titles = [q["title"] for q in sent[-1]["quick_replies"]]
    assert titles == ["How safe is it\u2026", "Lowering my risk"] and all(len(t) <= 20 for t in titles)


@pytest.mark.parametrize("channel,limit", [(TwilioWhatsAppInput, 1600), (TwilioSmsInput, 320)])
def test_whatsapp_and_sms_long_answer_with_numbered_options(stub, state, channel, limit):
    number = TWILIO_WHATSAPP_NUMBER if channel is TwilioWhatsAppInput else TWILIO_SMS_NUMBER
    output = channel.from_credentials(
        {
            "account_sid": SECRETS.twilio_sid,
            "auth_token": SECRETS.twilio_token,
            "twilio_number": number,
            "api_base": stub.base,
        }
    ).get_output_channel()
    patient = ("whatsapp:" if channel is TwilioWhatsAppInput else "") + "+15557654321"
    play(output, patient, TURN)
    sent = [c.body["Body"] for c in stub.sent("twilio", patient)]
    answer = [t for t in sent if not t.startswith("Reply ")]
    check_split(answer, limit)
    assert "Reply 1 for How safe is it overall?\nReply 2 for Lowering my risk" in sent[-1]
    assert state.pick(channel.name(), patient, "2").payload == LONG_PAYLOAD


def test_a_turn_without_replies_gets_the_trouble_text(stub):
    psid = new_id("PSID")
    output = MessengerInput("v", FACEBOOK_APP_SECRET, SECRETS.facebook_token, api_base=stub.base).get_output_channel()
    play(output, psid, [])
    assert [c.body["message"]["text"] for c in stub.sent("facebook", psid)] == ["trouble"]


def test_outside_a_webhook_turn_each_message_is_sent_at_once(stub):
    psid = new_id("PSID")
    output = MessengerInput("v", FACEBOOK_APP_SECRET, SECRETS.facebook_token, api_base=stub.base).get_output_channel()
    asyncio.run(output.send_response(psid, {"text": "A reminder from the clinic."}))
    assert [c.body["message"]["text"] for c in stub.sent("facebook", psid)] == ["A reminder from the clinic."]


# Live handoff (docs/handoff.md): Rasa's HTTP API asks the input channel for an output (output_channel=latest)
# and sends a staff member's words through it, outside any webhook turn.
def _outputs(stub) -> dict[str, tuple[Any, str, str]]:
    """Each channel's output as Rasa's API gets it (get_output_channel(), no arguments): (output, platform in
    the stub, recipient)."""
    twilio = {"account_sid": SECRETS.twilio_sid, "auth_token": SECRETS.twilio_token, "api_base": stub.base}
    slack = SlackInput.from_credentials(
        {
            "slack_token": SECRETS.slack_token,
            "slack_signing_secret": SLACK_SIGNING_SECRET,
            "slack_channel": "C0SHARED",  # a clinic's shared channel: a patient's staff messages never go there
            "api_base": f"{stub.base}/api/",
        }
    )
    telegram = {"access_token": SECRETS.telegram_token, "secret_token": TELEGRAM_SECRET, "api_base": stub.base}
    sms = TwilioSmsInput.from_credentials({**twilio, "twilio_number": TWILIO_SMS_NUMBER})
    whatsapp = TwilioWhatsAppInput.from_credentials({**twilio, "twilio_number": TWILIO_WHATSAPP_NUMBER})
    return {
        "twilio": (sms.get_output_channel(), "twilio", "+15550001111"),
        "whatsapp": (whatsapp.get_output_channel(), "twilio", "whatsapp:+15550001111"),
        "telegram": (TelegramInput.from_credentials(telegram).get_output_channel(), "telegram", "555000222"),
        "slack": (slack.get_output_channel(), "slack", new_id("U")),
        "facebook": (
            MessengerInput("v", FACEBOOK_APP_SECRET, SECRETS.facebook_token, api_base=stub.base).get_output_channel(),
            "facebook",
            new_id("PSID"),
        ),
    }


def _text(platform: str, body: dict[str, Any]) -> str:
    field = {"twilio": "Body", "telegram": "text", "slack": "text"}.get(platform)
    return str(body[field] if field else body["message"]["text"])


@pytest.mark.parametrize("channel", ["twilio", "whatsapp", "telegram", "slack", "facebook"])
def test_rasas_api_output_sends_each_staff_message_through_the_platform_at_once(stub, channel):
    output, platform, recipient = _outputs(stub)[channel]
    staff = {"text": "eve (clinic staff): Is the redness spreading?", "handoff": "reply", "staff": "eve"}

    async def two_messages() -> None:
        await output.send_response(recipient, dict(staff))
        # Sent, and what it opened released; a second message (the next staff reply) opens it again.
        await output.send_response(recipient, {**staff, "text": "eve (clinic staff): Thank you."})

    asyncio.run(two_messages())
    texts = [_text(platform, c.body) for c in stub.sent(platform, recipient)]
    assert texts == ["eve (clinic staff): Is the redness spreading?", "eve (clinic staff): Thank you."]
    if channel == "slack":
        assert stub.sent("slack", "C0SHARED") == []


def test_a_turn_left_unanswered_while_staff_have_the_conversation_gets_no_trouble_text(stub, tmp_path, monkeypatch):
    handoffs = HandoffStore(tmp_path / "handoff.sqlite")
    taken, _ = handoffs.request("PSID-taken", "facebook", "asked", 120)
    handoffs.take(taken.id, "eve")
    handoffs.request("PSID-waiting", "facebook", "asked", 120)  # waiting: nobody has it yet
    monkeypatch.setattr(turn, "handoffs", TakenReader(handoffs.location))
    output = MessengerInput("v", FACEBOOK_APP_SECRET, SECRETS.facebook_token, api_base=stub.base).get_output_channel()
    play(output, "PSID-taken", [])
    play(output, "PSID-waiting", [])
    assert stub.sent("facebook", "PSID-taken") == []  # quiet on purpose: a person is writing
    assert [c.body["message"]["text"] for c in stub.sent("facebook", "PSID-waiting")] == ["trouble"]


@pytest.mark.parametrize("channel", ["twilio", "whatsapp"])
def test_a_staff_message_clears_the_numbered_options_of_an_older_reply(stub, state, channel):
    output, _, recipient = _outputs(stub)[channel]
    offered = [{"text": "Which one?", "buttons": [{"title": "Infection", "payload": "/ask_infection"}]}]
    play(output, recipient, offered)
    assert state.pick(channel, recipient, "1") is not None  # "1" would pick the assistant's option
    staff = {"text": "eve (clinic staff): On a scale of 1 to 3, how bad is the pain?", "handoff": "reply"}
    asyncio.run(output.send_response(recipient, staff))
    assert state.pick(channel, recipient, "1") is None  # now "1" is the patient's answer to the member of staff
