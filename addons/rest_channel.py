"""The REST channel, guarded: bad requests get a 4xx and every accepted message gets a reply.

Same URL and reply format as Rasa's own REST channel (POST /webhooks/rest/webhook with
{"sender", "message", "metadata"} -> list of messages), plus:
- malformed JSON, a non-object body, or fields of the wrong type -> 400 with a JSON error;
- a body or message over the size limits -> 413;
- if handling fails or produces nothing (e.g. the action server is down), a short "having trouble"
  reply with the clinic's phone number instead of an empty list or a 500;
- an optional "message_id" makes a redelivered message (a retry, or nginx re-sending it after a replica
  died) get the stored replies again instead of being handled twice (addons/redelivery.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons import rate_limit
from addons.clinic_contacts import trouble_text
from addons.redelivery import resend_if_handled
from addons.webhooks import webhook_blueprint

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 128 * 1024
MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 128
MAX_ID_CHARS = 64


@dataclass(frozen=True)
class RestRequest:
    """A request body, read once: the rate limit and the handler both use what was read here."""

    # The sender the body names, also when the body is refused for another field: such a request still
    # counts against its sender's rate limit. None when the body is too large, not JSON or names none.
    sender: str | None
    message: str = ""
    metadata: dict[str, Any] | None = None
    message_id: str | None = None
    problem: tuple[int, str] | None = None  # (HTTP status, what is wrong) of a refused body


def _sender(body: dict[str, Any]) -> tuple[str | None, int]:
    """The sender id a body names (a number is taken as its text), and the length it was sent with."""
    sender = body.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        return None, 0
    return sender.strip(), len(sender)


def parse_body(raw: bytes) -> RestRequest:
    """The request's fields, or the 4xx it gets (`problem`)."""
    if len(raw) > MAX_BODY_BYTES:
        return RestRequest(None, problem=(413, f"request body over {MAX_BODY_BYTES} bytes"))
    try:
        body = json.loads(raw.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError):
        return RestRequest(None, problem=(400, "body is not valid JSON"))
    if not isinstance(body, dict):
        return RestRequest(None, problem=(400, 'body must be a JSON object like {"sender": "...", "message": "..."}'))
    sender, sent_length = _sender(body)
    message, metadata, message_id = body.get("message"), body.get("metadata"), body.get("message_id")
    if sender is None or sent_length > MAX_SENDER_CHARS:
        return RestRequest(
            sender, problem=(400, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
        )
    if message is None:
        message = ""
    if not isinstance(message, str):
        return RestRequest(sender, problem=(400, "'message' must be a string"))
    if len(message) > MAX_MESSAGE_CHARS:
        return RestRequest(sender, problem=(413, f"'message' over {MAX_MESSAGE_CHARS} characters"))
    if metadata is not None and not isinstance(metadata, dict):
        return RestRequest(sender, problem=(400, "'metadata' must be an object"))
    if message_id is not None and (not isinstance(message_id, str) or not 0 < len(message_id) <= MAX_ID_CHARS):
        return RestRequest(sender, problem=(400, f"'message_id' must be a string of 1 to {MAX_ID_CHARS} characters"))
    return RestRequest(sender, message, metadata, message_id)


class GuardedRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("guarded_rest_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = parse_body(request.body or b"")
            too_fast = rate_limit.reject(request, body.sender)  # 429 before any work, even for a bad body
            if too_fast is not None:
                return too_fast
            if body.problem:
                return response.json({"error": body.problem[1]}, status=body.problem[0])
            assert body.sender is not None  # a body without a problem names its sender
            collector = CollectingOutputChannel()
            try:
                agent = getattr(request.app.ctx, "agent", None)
                if not (body.message_id and await resend_if_handled(agent, body.sender, body.message_id, collector)):
                    await on_new_message(
                        UserMessage(
                            body.message,
                            collector,
                            body.sender,
                            input_channel=self.name(),
                            message_id=body.message_id,
                            metadata=body.metadata,
                        )
                    )
            except Exception:  # never a 500 for the patient; the reason goes to the log
                logger.exception("Handling a REST message failed")
            if not collector.messages:
                collector.messages.append({"recipient_id": body.sender, "text": trouble_text(request.app)})
            return response.json(collector.messages)

        return webhook
