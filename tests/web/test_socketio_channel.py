"""The socket.io channel (addons/channels/web_socketio.py): unit tests of its output, and a real python-socketio client
against the running Rasa server. The client test is the guard against the python-socketio 5.10+ trap
(RasaHQ/rasa#13027): there, session_request "succeeds" but every bot_uttered goes to an empty room."""

from __future__ import annotations

import asyncio
import importlib.metadata
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import socketio

from addons.channels.web_socketio import INLINE, PAYLOAD, WebOutput, _enter_room, allowed_origins, markdown_literal


class FakeSio:
    def __init__(self) -> None:
        self.emitted: list[dict[str, Any]] = []
        self.rooms: list[tuple] = []

    async def emit(self, event: str, data: Any = None, room: str | None = None, **_: Any) -> None:
        self.emitted.append({"event": event, "data": data, "room": room})


def run(coroutine: Any) -> Any:
    """asyncio.run in its own thread: Playwright's sync API keeps an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _answer(output: WebOutput) -> None:
    # What Rasa does for a knowledge answer: text with buttons, then the {"topic", "source"} message.
    await output.send_response(
        "conv", {"text": "A dural tear is a tear.", "buttons": [{"title": "How common?", "payload": "/ask_likelihood"}]}
    )
    await output.send_response("conv", {"custom": {"topic": "dural_tear", "source": "Procedure-specific Risks"}})
    await output.flush()


def test_inline_sources_join_the_answer_text_for_rasa_webchat():
    sio = FakeSio()
    run(_answer(WebOutput(sio, "bot_uttered", INLINE)))
    assert len(sio.emitted) == 1
    message = sio.emitted[0]
    assert message["room"] == "conv" and message["event"] == "bot_uttered"
    assert message["data"]["text"] == "A dural tear is a tear.\n\n*Source: Procedure-specific Risks*"
    assert message["data"]["quick_replies"][0]["title"] == "How common?"


def test_payload_mode_sends_the_custom_message_as_its_own_event_for_the_kiosk():
    sio = FakeSio()
    run(_answer(WebOutput(sio, "bot_uttered", PAYLOAD)))
    assert [m["data"] for m in sio.emitted][1] == {
        "custom": {"topic": "dural_tear", "source": "Procedure-specific Risks"}
    }
    assert sio.emitted[0]["data"]["text"] == "A dural tear is a tear."


def test_an_emergency_is_sent_in_bold_inline_and_without_a_source_line():
    sio = FakeSio()

    async def emergency() -> None:
        output = WebOutput(sio, "bot_uttered", INLINE)
        await output.send_response(
            "conv", {"text": "This could be an emergency.", "custom": {"topic": "emergency", "source": None}}
        )
        await output.flush()

    run(emergency())
    assert [m["data"]["text"] for m in sio.emitted] == ["**This could be an emergency.**"]


def test_several_texts_in_one_turn_all_arrive_in_order():
    sio = FakeSio()

    async def two() -> None:
        output = WebOutput(sio, "bot_uttered", INLINE)
        await output.send_response("conv", {"text": "First.\n\nSecond."})
        await output.send_response("conv", {"text": "Third."})
        await output.flush()

    run(two())
    assert [m["data"]["text"] for m in sio.emitted] == ["First.", "Second.", "Third."]


def test_an_unknown_sources_mode_falls_back_to_inline():
    assert WebOutput(FakeSio(), "bot_uttered", "html").sources == INLINE


def test_markdown_literal_escapes_what_rasa_webchat_would_format():
    assert markdown_literal("a *b* _c_ <img> [x](y)") == "a \\*b\\* \\_c\\_ \\<img\\> \\[x\\]\\(y\\)"


def test_allowed_origins_come_from_credentials_then_environment_then_default(monkeypatch):
    monkeypatch.delenv("MISS_WEB_ORIGINS", raising=False)
    assert allowed_origins(None) == ["http://localhost:8080"]
    monkeypatch.setenv("MISS_WEB_ORIGINS", "https://clinic.example/, https://kiosk.example")
    assert allowed_origins(None) == ["https://clinic.example", "https://kiosk.example"]
    assert allowed_origins(["https://only.example"]) == ["https://only.example"]
    assert "*" not in allowed_origins(None)


def test_entering_a_room_works_with_the_old_and_the_new_python_socketio_api():
    entered: list[str] = []

    class Sync:  # python-socketio <= 5.9
        def enter_room(self, sid: str, room: str) -> None:
            entered.append(room)

    class Async:  # python-socketio >= 5.10: a coroutine that must be awaited
        async def enter_room(self, sid: str, room: str) -> None:
            entered.append(room)

    run(_enter_room(Sync(), "sid", "old"))
    run(_enter_room(Async(), "sid", "new"))
    assert entered == ["old", "new"]


# --- against the running servers -----------------------------------------------------------------


async def _converse(
    base: str, messages: list[str], sources: str = PAYLOAD, headers: dict[str, str] | None = None
) -> list[list[dict[str, Any]]]:
    """One socket.io conversation; the bot_uttered messages received after each message."""
    # Polling transport: python-engineio 4.15's websocket client needs a newer aiohttp than Rasa's.
    client = socketio.AsyncClient(reconnection=False)
    received: list[dict[str, Any]] = []
    confirmed = asyncio.Event()
    session_id = "web-test-" + uuid.uuid4().hex[:12]
    client.on("session_confirm", lambda data: confirmed.set())
    client.on("bot_uttered", lambda data: received.append(data))
    await client.connect(base, socketio_path="/socket.io", transports=["polling"], headers=headers or {})
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 10)
        turns = []
        for message in messages:
            received.clear()
            await client.emit(
                "user_uttered", {"message": message, "session_id": session_id, "customData": {"sources": sources}}
            )
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 15
            while not received and loop.time() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # the rest of the turn (custom messages) follows at once
            turns.append(list(received))
        return turns
    finally:
        await client.disconnect()


def _topics(turn: list[dict[str, Any]]) -> list[str]:
    return [m["custom"]["topic"] for m in turn if isinstance(m.get("custom"), dict)]


def test_a_socketio_session_gets_its_replies_with_sources_and_keeps_context(servers):
    answer, follow_up = run(_converse(servers.base, ["what is a dural tear?", "how common is that?"]))
    assert answer, "no bot_uttered after session_request + user_uttered (python-socketio 5.10+ trap?)"
    assert "dura" in answer[0]["text"].lower()
    assert {"topic": "dural_tear", "source": "Procedure-specific Risks"} in [m.get("custom") for m in answer]
    assert 2 <= len(answer[0]["quick_replies"]) <= 4
    assert _topics(follow_up)[0] == "dural_tear"  # the turn was saved: the topic stayed in focus


def test_inline_mode_puts_the_source_line_into_the_text(servers):
    (answer,) = run(_converse(servers.base, ["what is a dural tear?"], sources=INLINE))
    assert answer[0]["text"].endswith("*Source: Procedure-specific Risks*")
    assert not any("custom" in m for m in answer)


def test_a_page_from_another_origin_cannot_open_a_socket(servers):
    with pytest.raises(socketio.exceptions.ConnectionError):
        run(_converse(servers.base, ["hello"], headers={"Origin": "https://evil.example"}))


def test_python_socketio_stays_pinned_below_5_10():
    # Rasa 3.6.21's own socketio channel breaks with 5.10+ (RasaHQ/rasa#13027); ours copes, but the
    # rest of Rasa's socket.io code is only known to work with the pinned 5.9.0.
    lock = (Path(__file__).resolve().parents[2] / "requirements.lock").read_text().splitlines()
    assert "python-socketio==5.9.0" in lock
    assert importlib.metadata.version("python-socketio") == "5.9.0"
