"""Slack end to end: signed Events API and Interactivity requests in, chat.postMessage (stub) out."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.channels.conftest import (
    EMERGENCY_MESSAGE,
    domain_buttons,
    domain_text,
    new_id,
    post,
    save_transcript,
    slack_click,
    slack_event,
    slack_headers,
)

pytestmark = pytest.mark.live

FORM = "application/x-www-form-urlencoded"


def url(servers) -> str:
    return f"{servers.base}/webhooks/slack/webhook"


def say(servers, stub, user: str, channel: str, text: str) -> list[dict[str, Any]]:
    """A patient's DM as Slack delivers it; the reply is built in the background, so wait for it."""
    before = len(stub.sent("slack", channel))
    body = json.dumps(slack_event(user, channel, text)).encode()
    status, _, _ = post(url(servers), body, slack_headers(body))
    assert status == 200
    return [c.body for c in stub.wait_sent("slack", channel, at_least=before + 1)[before:]]


def click(servers, stub, user: str, channel: str, value: str, title: str) -> list[dict[str, Any]]:
    before = len(stub.sent("slack", channel))
    body = slack_click(user, channel, value, title)
    status, _, _ = post(url(servers), body, slack_headers(body, content_type=FORM))
    assert status == 200
    return [c.body for c in stub.wait_sent("slack", channel, at_least=before + 1)[before:]]


def section_text(message: dict[str, Any]) -> str:
    return " ".join(b["text"]["text"] for b in message["blocks"] if b["type"] == "section")


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["text"]["text"], e["value"]) for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_url_verification_is_answered_only_when_signed(servers):
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    body = json.dumps({"token": "x", "challenge": challenge, "type": "url_verification"}).encode()
    status, answer, _ = post(url(servers), body, slack_headers(body))
    assert status == 200 and json.loads(answer) == {"challenge": challenge}
    status, _, _ = post(url(servers), body, {"Content-Type": "application/json"})
    assert status == 401


def test_slack_conversation_with_buttons_and_source(servers, stub):
    user, channel, transcript = new_id("U"), new_id("D"), []
    hello = say(servers, stub, user, channel, "hi")
    assert len(hello) == 1 and section_text(hello[0]) == domain_text("utter_greet")
    assert buttons(hello[0]) == domain_buttons("utter_greet")
    assert hello[0]["text"] == domain_text("utter_greet")  # what the notification shows
    transcript += [
        "Patient: hi",
        f"Assistant: {section_text(hello[0])}",
        *[f"  [button] {t}" for t, _ in buttons(hello[0])],
    ]

    value = dict(buttons(hello[0]))["Dural tear"]
    dural = click(servers, stub, user, channel, value, "Dural tear")
    assert "dura" in section_text(dural[0]).lower()
    assert section_text(dural[-1]).endswith("Source: Procedure-specific Risks")
    assert [t for t, _ in buttons(dural[-1])] == ["What is the dura?", "What happens next?", "Tell me more"]
    transcript += [
        "Patient: [clicks] Dural tear",
        f"Assistant: {section_text(dural[0])}",
        *[f"  [button] {t}" for t, _ in buttons(dural[-1])],
    ]

    emergency = say(servers, stub, user, channel, EMERGENCY_MESSAGE)
    assert section_text(emergency[0]) == domain_text("utter_emergency")
    assert buttons(emergency[0]) == []
    transcript += [f"Patient: {EMERGENCY_MESSAGE}", f"Assistant: {section_text(emergency[0])}"]
    save_transcript("slack", transcript)


def test_a_retry_of_an_answered_event_gets_no_second_answer(servers, stub):
    user, channel = new_id("U"), new_id("D")
    body = json.dumps(slack_event(user, channel, "what is a dural tear?")).encode()
    status, _, _ = post(url(servers), body, slack_headers(body))
    assert status == 200
    first = stub.wait_sent("slack", channel, at_least=1)
    assert first
    for attempt, reason in ((1, "http_timeout"), (2, "http_error")):
        headers = {**slack_headers(body), "X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": reason}
        status, _, response_headers = post(url(servers), body, headers)
        assert status == 200 and response_headers.get("X-Slack-No-Retry") == "1"
    time.sleep(1.5)
    assert len(stub.sent("slack", channel)) == len(first)


@pytest.mark.parametrize("problem", ["unsigned", "wrong-secret", "old-timestamp"])
def test_slack_without_a_valid_recent_signature_is_refused_and_not_answered(servers, stub, problem):
    user, channel = new_id("U"), new_id("D")
    body = json.dumps(slack_event(user, channel, "what is a dural tear?")).encode()
    headers = {
        "unsigned": {"Content-Type": "application/json"},
        "wrong-secret": slack_headers(body, secret="not-the-signing-secret"),
        "old-timestamp": slack_headers(body, timestamp=int(time.time()) - 10 * 60),
    }[problem]
    status, _, _ = post(url(servers), body, headers)
    assert status == 401
    time.sleep(1.0)
    assert stub.sent("slack", channel) == []
