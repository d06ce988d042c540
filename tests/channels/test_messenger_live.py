"""Facebook Messenger end to end: signed page webhooks in, the Send API (stub Graph API) out."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.channels.conftest import (
    EMERGENCY_MESSAGE,
    FACEBOOK_APP_SECRET,
    FACEBOOK_VERIFY_TOKEN,
    domain_buttons,
    domain_text,
    get,
    hub_signature,
    messenger_event,
    new_id,
    post,
    save_transcript,
)

pytestmark = pytest.mark.live


def url(servers) -> str:
    return f"{servers.base}/webhooks/facebook/webhook"


def event_in(
    servers, stub, psid: str, event: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, list[dict[str, Any]]]:
    body = json.dumps(event).encode()
    before = len(stub.sent("facebook", psid))
    status, _, _ = post(url(servers), body, headers if headers is not None else hub_signature(body))
    return status, [c.body for c in stub.sent("facebook", psid)[before:]]


def quick_replies(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [(q["title"], q["payload"]) for q in message["message"].get("quick_replies", [])]


def test_the_subscription_handshake_needs_the_verify_token(servers):
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": FACEBOOK_VERIFY_TOKEN}
    assert get(f"{url(servers)}?{urlencode(query)}") == (200, b"1158201444")
    status, _ = get(f"{url(servers)}?{urlencode({**query, 'hub.verify_token': 'wrong'})}")
    assert status == 403


def test_messenger_conversation_with_quick_replies_and_source(servers, stub):
    psid, transcript = new_id("PSID"), []
    status, hello = event_in(servers, stub, psid, messenger_event(psid, "hi"))
    assert status == 200 and len(hello) == 1
    assert hello[0]["message"]["text"] == domain_text("utter_greet")
    assert hello[0]["messaging_type"] == "RESPONSE"
    replies = quick_replies(hello[0])
    assert [p for _, p in replies] == [p for _, p in domain_buttons("utter_greet")]
    assert all(len(title) <= 20 for title, _ in replies)
    assert replies[0][0] == "How safe is it\u2026"  # "How safe is it overall?" is 23 characters
    # The page token and the app secret proof go with every call.
    assert stub.sent("facebook", psid)[-1].query["appsecret_proof"]
    transcript += [
        "Patient: hi",
        f"Assistant: {hello[0]['message']['text']}",
        *[f"  [quick reply] {t}" for t, _ in replies],
    ]

    _, dural = event_in(servers, stub, psid, messenger_event(psid, "Dural tear", quick_reply="/ask_dural_tear"))
    assert "dura" in dural[0]["message"]["text"].lower()
    assert dural[-1]["message"]["text"].endswith("Source: Procedure-specific Risks")
    assert [t for t, _ in quick_replies(dural[-1])] == ["What is the dura?", "What happens next?", "Tell me more"]
    transcript += [
        "Patient: [quick reply] Dural tear",
        f"Assistant: {dural[0]['message']['text']}",
        *[f"  [quick reply] {t}" for t, _ in quick_replies(dural[-1])],
    ]

    _, next_steps = event_in(servers, stub, psid, messenger_event(psid, "what happens next?"))
    assert "Source: Procedure-specific Risks" in next_steps[-1]["message"]["text"]
    transcript += [
        "Patient: what happens next?",
        f"Assistant: {next_steps[0]['message']['text']}",
        *[f"  [quick reply] {t}" for t, _ in quick_replies(next_steps[-1])],
    ]
    save_transcript("messenger", transcript)


def test_messenger_emergency_comes_first_and_whole(servers, stub):
    psid = new_id("PSID")
    _, reply = event_in(servers, stub, psid, messenger_event(psid, EMERGENCY_MESSAGE))
    assert reply[0]["message"]["text"] == domain_text("utter_emergency")
    assert "quick_replies" not in reply[0]["message"]


def test_the_newer_sha256_signature_is_accepted(servers, stub):
    psid = new_id("PSID")
    event = messenger_event(psid, "what is a dural tear?")
    headers = hub_signature(json.dumps(event).encode(), algorithm="sha256")
    status, reply = event_in(servers, stub, psid, event, headers)
    assert status == 200 and reply


@pytest.mark.parametrize("problem", ["unsigned", "wrong-secret", "md5"])
def test_messenger_without_a_valid_signature_is_refused_and_not_answered(servers, stub, problem):
    psid = new_id("PSID")
    event = messenger_event(psid, "what is a dural tear?")
    body = json.dumps(event).encode()
    md5 = hmac.new(FACEBOOK_APP_SECRET.encode(), body, hashlib.md5).hexdigest()  # right secret, weak hash
    headers = {
        "unsigned": {"Content-Type": "application/json"},
        "wrong-secret": hub_signature(body, secret="not-the-app-secret"),
        "md5": {"Content-Type": "application/json", "X-Hub-Signature": f"md5={md5}"},
    }[problem]
    status, sent = event_in(servers, stub, psid, event, headers)
    assert status == 403
    time.sleep(0.5)
    assert sent == [] and stub.sent("facebook", psid) == []
