"""Slack: Rasa's Slack connector with retry de-duplication, a proper url_verification answer, buttons.

Inbound: Slack POSTs Events API JSON (messages, app mentions) and form-encoded interactivity payloads
(button clicks) to /webhooks/slack/webhook, signed with the signing secret (Rasa's own check: v0 HMAC
and a timestamp at most five minutes old); unsigned or badly signed requests get a 401. The signed
url_verification challenge is answered with {"challenge": ...}. Slack retries a delivery it thinks
failed (X-Slack-Retry-Num); every event_id is answered once: a retry of one already seen is
acknowledged with X-Slack-No-Retry and nothing else. (Rasa's connector drops retries by reason
instead, which loses the message when the first attempt never arrived, and answers other retries twice.)
The reply is built in the background, as Slack wants an answer within three seconds.
Outbound: slack_sdk's AsyncWebClient with base_url SLACK_API_BASE; each message is a section block
(at most 3000 characters) and, on the last part of a reply, an actions block of buttons.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from addons.channels.formatting import SLACK, Outgoing, Profile
from addons.channels.settings import SLACK_API_DEFAULT
from addons.channels.state import shared_state
from addons.channels.turn import TurnOutput, run_turn
from addons.clinic_contacts import trouble_text
from addons.webhooks import webhook_blueprint

logger = logging.getLogger(__name__)


class SlackTurnOutput(TurnOutput, SlackBot):
    profile: Profile = SLACK

    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        api_base: str = SLACK_API_DEFAULT,
    ) -> None:
        super().__init__(token, slack_channel, thread_id)
        self.client = AsyncWebClient(token=token, base_url=api_base)

    async def send_outgoing(self, recipient_id: str, message: Outgoing) -> None:
        blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "plain_text", "text": message.text}}]
        if message.buttons:
            blocks.append(
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": f"option_{number}",
                            "value": option.payload,
                            "text": {"type": "plain_text", "text": option.title},
                        }
                        for number, option in enumerate(message.buttons, 1)
                    ],
                }
            )
        # `text` is what notifications show; the blocks are what the conversation shows.
        await self._post_message(channel=self.slack_channel or recipient_id, text=message.text, blocks=blocks)


class SlackInput(RasaSlackInput):
    """Slack: POST /webhooks/slack/webhook (Event Subscriptions and Interactivity request URL)."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["slack_token"],
            credentials["slack_signing_secret"],
            slack_channel=credentials.get("slack_channel"),
            api_base=credentials.get("api_base") or SLACK_API_DEFAULT,
        )

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        slack_channel: str | None = None,
        api_base: str = SLACK_API_DEFAULT,
    ) -> None:
        super().__init__(slack_token, slack_channel, slack_signing_secret=slack_signing_secret)
        self.api_base = api_base

    def _answer_in_background(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str,
        metadata: dict[str, Any],
        fallback: str,
    ) -> None:
        output = self.get_output_channel(metadata.get("out_channel"), None)
        task = asyncio.create_task(run_turn(on_new_message, output, text, sender_id, self.name(), metadata, fallback))
        self._background_tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(self._background_tasks.discard)

    def _event_message(self, request: Request, body: dict[str, Any]) -> dict[str, Any] | None:
        """Text, sender and metadata of a patient's message event, or None for events to ignore."""
        if not self._is_user_message(body):
            return None  # the bot's own posts, edits, joins...
        metadata = self.get_metadata(request)
        if not self._is_supported_channel(body, metadata):
            return None
        event = body["event"]
        sender = self._get_conversation_id(event.get("user"), metadata.get("out_channel"), metadata.get("thread_id"))
        text = self._sanitize_user_message(event.get("text", ""), metadata.get("users"))
        return {"text": text, "sender": sender, "metadata": metadata}

    def _click(self, request: Request, payload: Any) -> dict[str, Any] | None:
        """The payload of a clicked button, as a message, or None."""
        if not isinstance(payload, dict) or not self._is_interactive_message(payload):
            return None
        text = self._get_interactive_response(payload["actions"][0])
        if text is None:
            return None
        metadata = self.get_metadata(request)
        sender = self._get_conversation_id(
            (payload.get("user") or {}).get("id"), metadata.get("out_channel"), metadata.get("thread_id")
        )
        return {"text": text, "sender": sender, "metadata": metadata}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("slack_channel_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Refused a Slack request without a valid, recent X-Slack-Signature")
                return response.text("invalid signature", status=401)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            state = shared_state()
            if content_type == "application/json":
                body = request.json if isinstance(request.json, dict) else {}
                if body.get("type") == "url_verification":
                    return response.json({"challenge": body.get("challenge", "")})
                if not state.first_time(self.name(), body.get("event_id")):
                    logger.info(
                        "Slack retry #%s of %s: already answered",
                        request.headers.get("X-Slack-Retry-Num"),
                        body.get("event_id"),
                    )
                    return response.text("", headers={"X-Slack-No-Retry": "1"})
                message = self._event_message(request, body)
            elif content_type == "application/x-www-form-urlencoded":
                try:
                    payload = json.loads(request.form.get("payload") or "null")
                except ValueError:
                    return response.text("payload is not JSON", status=400)
                click_id = payload.get("trigger_id") if isinstance(payload, dict) else None
                if not state.first_time(self.name(), click_id):
                    return response.text("", headers={"X-Slack-No-Retry": "1"})
                message = self._click(request, payload)
            else:
                return response.text("unsupported content type", status=415)
            if message and message["sender"]:
                self._answer_in_background(
                    on_new_message, message["text"], message["sender"], message["metadata"], trouble_text(request.app)
                )
            return response.text("")

        return webhook

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> SlackTurnOutput:
        """In a turn, the Slack channel the patient wrote in (the event's). Without one -- Rasa's HTTP API
        asking for an output outside a turn (a live handoff's staff messages, docs/handoff.md) -- the
        recipient, which is the patient's user id (the conversation id, per sender): chat.postMessage to a
        user id posts in the app's direct messages with them. Never SLACK_CHANNEL there: a clinic's shared
        channel must not get a member of staff's words to one patient."""
        return SlackTurnOutput(self.slack_token, channel, thread_id, self.api_base)
