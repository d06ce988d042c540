"""The socket.io channel for the website widget and the kiosk.

Rasa 3.6.21's own `socketio` channel cannot carry this assistant's replies:
- every knowledge answer ends with a custom message {"topic", "source"}, and the stock channel emits a
  custom message as `sio.emit(event, **payload)`, so python-socketio raises
  `TypeError: emit() got an unexpected keyword argument 'topic'`. The source never arrives and, worse,
  the turn aborts before the tracker is saved, so "how common is that?" loses its topic;
- it checks no Origin at all: CORS headers come only from `rasa run --cors` (Sanic-CORS, for the
  polling transport) and browsers do not apply CORS to websockets, so any site could open one;
- python-socketio 5.10+ made `enter_room` a coroutine that it never awaits (RasaHQ/rasa#13027), which
  silently sends every reply to an empty room.

This channel keeps the stock protocol (session_request -> session_confirm, user_uttered, bot_uttered,
text / quick_replies messages) and the same URL (/socket.io), and changes only what is listed above.

How answers' sources reach the page is chosen per message by the client, in its metadata
(`customData` for rasa-webchat) as "sources":
- "inline" (default; rasa-webchat, which ignores custom messages): the source is added to the answer's
  own text as a last paragraph `*Source: <section>*`, and an emergency reply is sent in bold.
- "payload" (the kiosk): the text is untouched and each custom message arrives as its own
  `bot_uttered` event {"custom": {"topic", "source"}}, like the REST channel's list items.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic
from socketio import AsyncRedisManager, AsyncServer

from addons.clinic_contacts import trouble_text
from addons.handoff.store import TakenReader
from addons.rest_channel import MAX_MESSAGE_CHARS
from addons.webhooks import with_health_route

logger = logging.getLogger(__name__)

ORIGINS_ENV = "MISS_WEB_ORIGINS"
DEFAULT_ORIGINS = ["http://localhost:8080"]
DEFAULT_SOCKETIO_PATH = "/socket.io"
DEFAULT_JWT_METHOD = "HS256"
SOCKETIO_REDIS_ENV = "MISS_SOCKETIO_REDIS_URL"
INLINE, PAYLOAD = "inline", "payload"
# The steps of a live handoff that a staff message can carry in its metadata (console/handoff_relay.py).
HANDOFF_STEPS = frozenset({"joined", "reply", "handed_back", "closed"})
HANDOFF_EVENT = "miss_handoff"  # the socket.io event telling the page a staff step (rasa-webchat ignores it)
# The assistant's own handoff steps, marked by the action server (actions/handoff.py): the patient now waits for
# a person (with the wait's seconds left), or nobody came in time. Told to the page with the same event, so the
# kiosk keeps its screen while a person is awaited (web/kiosk/idle.js).
ASSISTANT_STEPS = frozenset({"waiting", "timeout"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def allowed_origins(configured: Any = None) -> list[str]:
    """Origins allowed to open a socket: the credentials' list, else $MISS_WEB_ORIGINS, else the demo page.

    A list (never "*") so that another site cannot embed the assistant and talk to it from a
    patient's browser. `rasa run --cors` must get the same list: it sends the CORS headers the
    polling transport needs (engine.io's own CORS handling stays off, as in Rasa, or every response
    would carry the header twice and browsers would refuse it).
    """
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    if configured:
        return [str(o).rstrip("/") for o in configured]
    from_env = os.environ.get(ORIGINS_ENV, "").replace(",", " ").split()
    return [o.rstrip("/") for o in from_env] or list(DEFAULT_ORIGINS)


def client_manager() -> AsyncRedisManager | None:
    """With several Rasa replicas, socket.io messages go through Redis ($MISS_SOCKETIO_REDIS_URL, set by
    scripts/local_servers.py for replicas): a message sent on one replica -- a staff reply through Rasa's HTTP
    API, which nginx may send to either (live handoff, docs/handoff.md) -- reaches the patient's socket on the
    replica that holds it. None (one server): rooms in memory, as before. python-socketio 5.9 pickles what it
    puts in Redis, so this Redis must be reachable by the replicas only (as the lock store's already is)."""
    url = os.environ.get(SOCKETIO_REDIS_ENV, "").strip()
    if not url:
        return None
    password = os.environ.get("MISS_REDIS_PASSWORD") or None
    return AsyncRedisManager(url, channel="miss-socketio", redis_options={"password": password} if password else None)


def markdown_literal(text: str) -> str:
    """Text that rasa-webchat's markdown renderer shows exactly as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@dataclass
class _HeldText:
    """A text message kept back until the turn's custom messages say what to add to it."""

    room: str
    message: dict[str, Any]
    sources: list[str] = field(default_factory=list)
    emergency: bool = False

    def rendered(self) -> dict[str, Any]:
        text = str(self.message.get("text", ""))
        if self.emergency:
            text = f"**{text}**"
        if self.sources:
            label = "Source" if len(self.sources) == 1 else "Sources"
            text += f"\n\n*{label}: {markdown_literal('; '.join(self.sources))}*"
        return {**self.message, "text": text}


class WebOutput(SocketIOOutput):
    """Sends one turn's replies to one conversation's room, with sources as the client asked."""

    def __init__(self, sio: AsyncServer, bot_message_evt: str, sources: str = INLINE, in_turn: bool = True) -> None:
        super().__init__(sio, bot_message_evt)
        self.sources = sources if sources in (INLINE, PAYLOAD) else INLINE
        self.sent = 0
        self._held: _HeldText | None = None
        # In a patient's turn the channel flushes once the turn is done (handle_message). Outside one -- a
        # staff member's reply through Rasa's HTTP API, a reminder firing later (live handoff,
        # docs/handoff.md) -- nothing else would: each response is sent whole as soon as it is complete.
        self.in_turn = in_turn

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        step = kwargs.get("handoff")
        if step not in HANDOFF_STEPS:
            await self._tell_assistant_step(recipient_id, kwargs)
            await super().send_text_message(recipient_id, text, **kwargs)
            return
        # A member of staff's words (live handoff, console/handoff_relay.py): one bubble, shown as typed (no
        # markdown). The step goes first as an event of its own, so the widget knows whether a person has the
        # chat (web/widget/miss-widget.js): rasa-webchat draws a message with any key beside "text" as nothing.
        await self.sio.emit(HANDOFF_EVENT, {"step": step}, room=recipient_id)
        await self._send_message(recipient_id, {"text": markdown_literal(text)})

    async def _tell_assistant_step(self, recipient_id: str, marks: dict[str, Any]) -> None:
        step = marks.get("handoff_step")
        if step not in ASSISTANT_STEPS:
            return
        data: dict[str, Any] = {"step": step}
        seconds = marks.get("wait_seconds")
        if step == "waiting" and isinstance(seconds, int | float) and seconds > 0:
            data["seconds"] = seconds
        await self.sio.emit(HANDOFF_EVENT, data, room=recipient_id)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await super().send_response(recipient_id, message)
        if not self.in_turn:
            await self.flush()

    async def _emit(self, room: str, message: dict[str, Any]) -> None:
        await self.sio.emit(self.bot_message_evt, message, room=room)
        self.sent += 1

    async def _send_message(self, socket_id: str, response: Any) -> None:
        await self.flush()
        if self.sources == INLINE and isinstance(response, dict) and "text" in response:
            self._held = _HeldText(socket_id, dict(response))
            return
        await self._emit(socket_id, response)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        payload = {k: v for k, v in json_message.items() if k != "room"}
        if self.sources == PAYLOAD:
            await self._send_message(recipient_id, {"custom": payload})
            return
        # Inline: the payload decorates the text it follows; alone it has nothing a widget can show.
        if self._held is not None:
            source = payload.get("source")
            if source and source not in self._held.sources:
                self._held.sources.append(str(source))
            if payload.get("topic") == "emergency":
                self._held.emergency = True

    async def flush(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            await self._emit(held.room, held.rendered())


async def _enter_room(sio: AsyncServer, sid: str, room: str) -> None:
    """python-socketio <= 5.9 enters a room synchronously, 5.10+ returns a coroutine: handle both."""
    entered = sio.enter_room(sid, room)
    if inspect.isawaitable(entered):
        await entered


class _AppRememberingBlueprint(SocketBlueprint):
    """Remembers the Sanic app it is registered on: the trouble reply reads the clinic's numbers from it."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)


class WebSocketIOInput(SocketIOInput):
    """socket.io for the clinic's web pages; configured under this class's path in credentials.yml."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", DEFAULT_SOCKETIO_PATH),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", DEFAULT_JWT_METHOD),
            credentials.get("metadata_key", "metadata"),
        )
        channel.origins = allowed_origins(credentials.get("cors_allowed_origins"))
        return channel

    origins: Sequence[str] = tuple(DEFAULT_ORIGINS)
    handoffs = TakenReader()  # MISS_HANDOFF_STORE: is a member of staff in this conversation? (docs/handoff.md)

    def get_output_channel(self) -> WebOutput | None:
        # Rasa asks for this output outside a patient's turn (its HTTP API: a staff reply, docs/handoff.md).
        return WebOutput(self.sio, self.bot_message_evt, in_turn=False) if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # headers: `rasa run --cors`; with replicas, messages between them through Redis (client_manager)
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], client_manager=client_manager())
        webhook = with_health_route(
            _AppRememberingBlueprint(sio, self.socketio_path or DEFAULT_SOCKETIO_PATH, "web_socketio_webhook", __name__)
        )
        self.sio = sio
        logger.info(f"socket.io accepts pages from: {', '.join(self.origins)}")

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            origin = (environ.get("HTTP_ORIGIN") or "").rstrip("/")
            if origin and origin not in self.origins:  # no Origin: not a browser (tests, server code)
                logger.warning(f"socket.io connection from a page at {origin} refused (not in {ORIGINS_ENV})")
                return False
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            algorithm = self.jwt_algorithm or DEFAULT_JWT_METHOD
            return bool(token and decode_bearer_token(token, self.jwt_key, algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not session_id.strip():
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await _enter_room(sio, sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                sender = data.get("session_id")
                if not isinstance(sender, str) or not sender.strip():
                    logger.warning("socket.io message without a session_id ignored (send session_request first)")
                    return
            else:
                sender = sid
            message = data.get("message")
            text = message if isinstance(message, str) else ""
            metadata = data.get(self.metadata_key)
            metadata = metadata if isinstance(metadata, dict) else {}
            output = WebOutput(sio, self.bot_message_evt, str(metadata.get("sources", INLINE)))
            try:
                await on_new_message(
                    UserMessage(text[:MAX_MESSAGE_CHARS], output, sender, input_channel=self.name(), metadata=metadata)
                )
            except Exception:  # the patient gets the trouble reply below, the reason goes to the log
                logger.exception("Handling a socket.io message failed")
            await output.flush()
            # Rasa keeps this output for the turn's reminders (the handoff's pickup timeout): they come later.
            output.in_turn = False
            if output.sent == 0 and not await asyncio.to_thread(self.handoffs.taken, sender):
                # Same promise as the REST channel: every message gets an answer, even with actions down --
                # unless a member of staff has the conversation: then the assistant is meant to be quiet.
                await output._emit(sender, {"text": trouble_text(getattr(webhook.ctx, "app", None))})

        return webhook
