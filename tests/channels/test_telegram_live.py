"""Telegram end to end: Updates with the secret-token header in, the Bot API (stub) out."""

from __future__ import annotations

import json
import random
import time
from typing import Any

import pytest

from tests.channels.conftest import (
    EMERGENCY_MESSAGE,
    PUBLIC,
    TELEGRAM_SECRET,
    domain_buttons,
    domain_text,
    post,
    save_transcript,
    telegram_callback,
    telegram_message,
)

pytestmark = pytest.mark.live


def update_in(
    servers, stub, chat_id: int, update: dict[str, Any], secret: str = TELEGRAM_SECRET
) -> tuple[int, list[dict[str, Any]]]:
    """Deliver one Update as Telegram would; return the status and the messages sent to the chat."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    before = len(stub.sent("telegram", str(chat_id)))
    status, _, _ = post(f"{servers.base}/webhooks/telegram/webhook", json.dumps(update).encode(), headers)
    return status, [c.body for c in stub.sent("telegram", str(chat_id))[before:]]


def keyboard(message: dict[str, Any]) -> list[tuple[str, str]]:
    """The inline keyboard's (text, callback_data), one button per row."""
    if "reply_markup" not in message:
        return []
    rows = json.loads(message["reply_markup"])["inline_keyboard"]
    assert all(len(row) == 1 for row in rows)
    return [(row[0]["text"], row[0]["callback_data"]) for row in rows]


def chat() -> int:
    return random.randint(10**8, 10**9)


def test_the_webhook_is_registered_with_the_secret_token(servers, stub):
    deadline = time.time() + 10
    while not stub.calls_to("telegram", "setWebhook") and time.time() < deadline:
        time.sleep(0.1)
    call = stub.calls_to("telegram", "setWebhook")[-1]
    assert call.body["url"] == f"{PUBLIC}/webhooks/telegram/webhook"
    assert call.body["secret_token"] == TELEGRAM_SECRET


def test_telegram_conversation_with_inline_keyboard_and_source(servers, stub):
    chat_id, transcript = chat(), []
    status, hello = update_in(servers, stub, chat_id, telegram_message(chat_id, "/start"))
    assert status == 200 and len(hello) == 1
    assert hello[0]["text"] == domain_text("utter_greet")
    assert keyboard(hello[0]) == domain_buttons("utter_greet")
    transcript += [
        "Patient: /start",
        f"Assistant: {hello[0]['text']}",
        *[f"  [button] {t}" for t, _ in keyboard(hello[0])],
    ]

    tapped = dict(keyboard(hello[0]))["Dural tear"]
    calls_before = len(stub.calls_to("telegram", "answerCallbackQuery"))
    _, dural = update_in(servers, stub, chat_id, telegram_callback(chat_id, tapped))
    assert len(stub.calls_to("telegram", "answerCallbackQuery")) == calls_before + 1  # spinner stopped
    assert "dura" in dural[0]["text"].lower()
    assert dural[-1]["text"].endswith("Source: Procedure-specific Risks")
    follow_ups = keyboard(dural[-1])
    assert [t for t, _ in follow_ups] == ["What is the dura?", "What happens next?", "Tell me more"]
    assert all(len(data.encode()) <= 64 for _, data in follow_ups)
    transcript += [
        "Patient: [taps] Dural tear",
        f"Assistant: {dural[0]['text']}",
        *[f"  [button] {t}" for t, _ in follow_ups],
    ]

    _, next_steps = update_in(servers, stub, chat_id, telegram_message(chat_id, "what happens next?"))
    assert "Source: Procedure-specific Risks" in next_steps[-1]["text"]
    assert "surgery" in next_steps[0]["text"].lower()
    transcript += [
        "Patient: what happens next?",
        f"Assistant: {next_steps[0]['text']}",
        *[f"  [button] {t}" for t, _ in keyboard(next_steps[-1])],
    ]
    save_transcript("telegram", transcript)


def test_telegram_emergency_comes_first_and_whole(servers, stub):
    chat_id = chat()
    _, reply = update_in(servers, stub, chat_id, telegram_message(chat_id, EMERGENCY_MESSAGE))
    assert reply[0]["text"] == domain_text("utter_emergency")
    assert "reply_markup" not in reply[0]


@pytest.mark.parametrize("secret", ["", "a-wrong-secret"])
def test_telegram_without_the_secret_token_is_refused_and_not_answered(servers, stub, secret):
    chat_id = chat()
    status, sent = update_in(servers, stub, chat_id, telegram_message(chat_id, "what is a dural tear?"), secret)
    assert status == 403
    time.sleep(0.5)
    assert sent == [] and stub.sent("telegram", str(chat_id)) == []


def test_a_redelivered_update_is_answered_once(servers, stub):
    chat_id = chat()
    update = telegram_message(chat_id, "what is a dural tear?")
    _, first = update_in(servers, stub, chat_id, update)
    _, again = update_in(servers, stub, chat_id, update)
    assert first and again == []
