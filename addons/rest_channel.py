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
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.rate_limit import reject as over_rate_limit
from addons.redelivery import resend_if_handled
from addons.webhooks import webhook_blueprint

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 128 * 1024
MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 128
MAX_ID_CHARS = 64
TROUBLE_TEXT = (
    "Sorry, I'm having trouble answering right now. Please try again in a moment, or call the clinic "
    "at {clinic_phone}. If you think this is an emergency, call {emergency_number} now."
)


def parse_body(raw: bytes) -> tuple[dict[str, Any] | None, tuple[int, str] | None]:
    """The validated request fields, or (None, (status, problem))."""
    if len(raw) > MAX_BODY_BYTES:
        return None, (413, f"request body over {MAX_BODY_BYTES} bytes")
    try:
        body = json.loads(raw.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError):
        return None, (400, "body is not valid JSON")
    if not isinstance(body, dict):
        return None, (400, 'body must be a JSON object like {"sender": "...", "message": "..."}')
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return None, (400, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    if message is None:
        message = ""
    if not isinstance(message, str):
        return None, (400, "'message' must be a string")
    if len(message) > MAX_MESSAGE_CHARS:
        return None, (413, f"'message' over {MAX_MESSAGE_CHARS} characters")
    if metadata is not None and not isinstance(metadata, dict):
        return None, (400, "'metadata' must be an object")
    message_id = body.get("message_id")
    if message_id is not None and (not isinstance(message_id, str) or not 0 < len(message_id) <= MAX_ID_CHARS):
        return None, (400, f"'message_id' must be a string of 1 to {MAX_ID_CHARS} characters")
    return {"sender": sender.strip(), "message": message, "metadata": metadata, "message_id": message_id}, None


def contact_numbers(request: Request) -> dict[str, str]:
    """The clinic contacts configured as slot initial values in domain.yml (no tracker needed)."""
    return app_contact_numbers(request.app)


def app_contact_numbers(app: Sanic) -> dict[str, str]:
    """The clinic contacts of the Rasa server running as `app` (its agent's domain)."""
    numbers = {"clinic_phone": "the clinic", "emergency_number": "911"}
    agent = getattr(app.ctx, "agent", None)
    domain = getattr(agent, "domain", None)
    for slot in getattr(domain, "slots", []) or []:
        if slot.name in numbers and slot.initial_value:
            numbers[slot.name] = str(slot.initial_value)
    return numbers


class GuardedRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("guarded_rest_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            too_fast = over_rate_limit(request, contact_numbers)  # 429 before any work (addons/rate_limit.py)
            if too_fast is not None:
                return too_fast
            fields, problem = parse_body(request.body or b"")
            if problem:
                return response.json({"error": problem[1]}, status=problem[0])
            assert fields is not None  # parse_body returns either the fields or a problem
            collector = CollectingOutputChannel()
            try:
                agent = getattr(request.app.ctx, "agent", None)
                if not (
                    fields["message_id"]
                    and await resend_if_handled(agent, fields["sender"], fields["message_id"], collector)
                ):
                    await on_new_message(
                        UserMessage(
                            fields["message"],
                            collector,
                            fields["sender"],
                            input_channel=self.name(),
                            message_id=fields["message_id"],
                            metadata=fields["metadata"],
                        )
                    )
            except Exception:  # never a 500 for the patient; the reason goes to the log
                logger.exception("Handling a REST message failed")
            if not collector.messages:
                collector.messages.append(
                    {"recipient_id": fields["sender"], "text": TROUBLE_TEXT.format(**contact_numbers(request))}
                )
            return response.json(collector.messages)

        return webhook
