"""Facebook Messenger: Rasa's Facebook connector with a refusing signature check and quick replies.

Inbound: Meta POSTs page events to /webhooks/facebook/webhook signed with the app secret
(X-Hub-Signature-256, or the older X-Hub-Signature). A request without a valid signature gets a 403
and no answer (Rasa's connector answers 200 "not validated"). Every messaging event of a delivery is
handled (Rasa's handles only the first) and each message id ("mid") only once, as Meta re-delivers.
The GET subscription handshake answers hub.challenge when hub.verify_token matches, else 403.
Outbound: fbmessenger's MessengerClient (Rasa's MessengerBot) with its graph URL moved to
FACEBOOK_API_BASE (and FACEBOOK_API_VERSION, unversioned by default: the app's default version), the
app secret proof added, and the blocking requests call run in a worker thread so the server keeps
serving. Quick replies: at most 13, titles at most 20 characters.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fbmessenger import MessengerClient
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels.formatting import MESSENGER, Outgoing, Profile
from addons.channels.settings import FACEBOOK_API_DEFAULT
from addons.channels.state import shared_state
from addons.channels.turn import TurnOutput, run_turn
from addons.channels.verify import hub_signature_valid, secret_token_valid
from addons.clinic_contacts import trouble_text
from addons.webhooks import webhook_blueprint

logger = logging.getLogger(__name__)


class MessengerSendError(RuntimeError):
    pass


class MessengerTurnOutput(TurnOutput, MessengerBot):
    profile: Profile = MESSENGER

    @classmethod
    def name(cls) -> str:
        return "facebook"

    def __init__(
        self,
        page_access_token: str,
        app_secret: str | None = None,
        api_base: str = FACEBOOK_API_DEFAULT,
        api_version: str | None = None,
    ) -> None:
        client = MessengerClient(page_access_token, app_secret=app_secret)
        version = (api_version or "").strip("/")
        client.graph_url = api_base.rstrip("/") + (f"/{version}" if version else "")
        super().__init__(client)

    async def send_outgoing(self, recipient_id: str, message: Outgoing) -> None:
        payload: dict[str, Any] = {"text": message.text}
        if message.buttons:
            payload["quick_replies"] = [
                {"content_type": "text", "title": option.title, "payload": option.payload} for option in message.buttons
            ]
        result = await asyncio.to_thread(self.messenger_client.send, payload, recipient_id, "RESPONSE")
        if not isinstance(result, dict) or "error" in result:
            raise MessengerSendError(f"Messenger refused the message: {result!r}")

    async def end_turn(self) -> None:
        self.messenger_client.session.close()  # a requests session per turn: release its connections


def messaging_events(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or body.get("object") != "page":
        return []
    return [
        event
        for entry in body.get("entry") or []
        if isinstance(entry, dict)
        for event in entry.get("messaging") or []
        if isinstance(event, dict)
    ]


def event_text(event: dict[str, Any]) -> tuple[str, str, str | None] | None:
    """(sender PSID, text for Rasa, message id) of a patient's message or postback, else None."""
    sender = (event.get("sender") or {}).get("id")
    if not sender:
        return None
    if isinstance(event.get("postback"), dict):
        payload = event["postback"].get("payload")
        return (str(sender), str(payload), event["postback"].get("mid")) if payload else None
    message = event.get("message")
    if not isinstance(message, dict) or message.get("is_echo"):
        return None  # delivery and read receipts, and the page's own messages echoed back
    if Messenger._is_quick_reply_message(event):
        return str(sender), str(message["quick_reply"]["payload"]), message.get("mid")
    # Text, or an attachment (a photo, a voice note): Rasa answers that it needs words.
    return str(sender), str(message.get("text") or ""), message.get("mid")


class MessengerInput(FacebookInput):
    """Facebook Messenger: GET (subscription handshake) and POST /webhooks/facebook/webhook."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["verify"],
            credentials["secret"],
            credentials["page-access-token"],
            api_base=credentials.get("api_base") or FACEBOOK_API_DEFAULT,
            api_version=credentials.get("api_version"),
        )

    def __init__(
        self,
        fb_verify: str,
        fb_secret: str,
        fb_access_token: str,
        api_base: str = FACEBOOK_API_DEFAULT,
        api_version: str | None = None,
    ) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.api_base = api_base
        self.api_version = api_version

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("facebook_channel_webhook")

        @webhook.route("/webhook", methods=["GET"])
        async def subscribe(request: Request) -> HTTPResponse:
            if request.args.get("hub.mode") == "subscribe" and secret_token_valid(
                self.fb_verify, request.args.get("hub.verify_token")
            ):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("Refused a Messenger subscription with a wrong verify token")
            return response.text("invalid verify token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not hub_signature_valid(self.fb_secret, request.body or b"", request.headers):
                logger.warning("Refused a Messenger webhook without a valid X-Hub-Signature")
                return response.text("invalid signature", status=403)
            try:
                body = json.loads(request.body or b"null")
            except ValueError:
                return response.text("body is not JSON", status=400)
            state = shared_state()
            metadata = self.get_metadata(request)
            for event in messaging_events(body):
                parsed = event_text(event)
                if parsed is None or not state.first_time(self.name(), parsed[2]):
                    continue
                sender, text, _ = parsed
                await run_turn(
                    on_new_message,
                    self.get_output_channel(),
                    text,
                    sender,
                    self.name(),
                    metadata,
                    trouble_text(request.app),
                )
            return response.text("EVENT_RECEIVED")

        return webhook

    def get_output_channel(self) -> MessengerTurnOutput:
        return MessengerTurnOutput(self.fb_access_token, self.fb_secret, self.api_base, self.api_version)
