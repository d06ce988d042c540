"""SMS and WhatsApp through Twilio: Rasa's Twilio connector with signature checks and numbered options.

Inbound: Twilio POSTs a form (From, To, Body, MessageSid...) signed with X-Twilio-Signature. Requests
without a valid signature get a 403 and no answer. A reply of just a number picks that option of the
sender's last message (state.ChannelState) and reaches Rasa as the option's payload.
Outbound: Rasa's TwilioOutput (a twilio Client) with the asynchronous HTTP client, so sending does not
block the server, and with the API base URL configurable (TWILIO_API_BASE) so tests can capture it.
SMS and WhatsApp are two channels with their own webhook URLs (/webhooks/twilio/webhook and
/webhooks/whatsapp/webhook) and sender numbers; they share the account SID and auth token.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response

from addons.channels.formatting import SMS, WHATSAPP, Outgoing, Profile
from addons.channels.settings import TWILIO_API_DEFAULT
from addons.channels.state import shared_state
from addons.channels.turn import TurnOutput, run_turn
from addons.channels.verify import request_url, twilio_signature_valid
from addons.clinic_contacts import trouble_text
from addons.webhooks import webhook_blueprint

logger = logging.getLogger(__name__)

# Twilio only needs a 2xx; an empty TwiML document also keeps Twilio's debugger quiet.
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class _RebasedHttpClient(AsyncTwilioHttpClient):
    """The twilio SDK builds absolute https://api.twilio.com URLs; send them to another base instead."""

    def __init__(self, api_base: str) -> None:
        super().__init__(pool_connections=False)  # a session per request: no session outlives its loop
        self.api_base = urlsplit(api_base)

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if self.api_base.netloc and urlunsplit(self.api_base).rstrip("/") != TWILIO_API_DEFAULT:
            parts = urlsplit(url)
            prefix = self.api_base.path.rstrip("/")
            url = urlunsplit((self.api_base.scheme, self.api_base.netloc, prefix + parts.path, parts.query, ""))
        return await super().request(method, url, *args, **kwargs)


class TwilioSmsOutput(TurnOutput, TwilioOutput):
    profile: Profile = SMS

    @classmethod
    def name(cls) -> str:
        return "twilio"

    def __init__(
        self, account_sid: str, auth_token: str, twilio_number: str, api_base: str, profile: Profile | None = None
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.http_client = _RebasedHttpClient(api_base)
        if profile:
            self.profile = profile

    async def send_outgoing(self, recipient_id: str, message: Outgoing) -> None:
        # Awaited one by one: Twilio has accepted a message before the next is sent (emergency first).
        await self.messages.create_async(to=recipient_id, from_=self.twilio_number, body=message.text)


class TwilioWhatsAppOutput(TwilioSmsOutput):
    profile: Profile = WHATSAPP

    @classmethod
    def name(cls) -> str:
        return "whatsapp"


def form_fields(request: Request) -> dict[str, list[str]]:
    """The POSTed form with empty values kept: Twilio signs every parameter, empty ones too, and
    Sanic's request.form drops them (the signature would never match)."""
    try:
        return parse_qs((request.body or b"").decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return {}


def _first(form: dict[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[0] if values else None


def whatsapp_address(number: str) -> str:
    return number if number.startswith("whatsapp:") else f"whatsapp:{number}"


class TwilioSmsInput(TwilioInput):
    """SMS through Twilio: POST /webhooks/twilio/webhook."""

    output_class = TwilioSmsOutput
    profile: Profile = SMS

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        max_chars = credentials.get("max_chars")
        return cls(
            credentials["account_sid"],
            credentials["auth_token"],
            str(credentials["twilio_number"]),
            webhook_url=credentials.get("webhook_url"),
            api_base=credentials.get("api_base") or TWILIO_API_DEFAULT,
            max_chars=int(max_chars) if max_chars else None,
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        twilio_number: str,
        webhook_url: str | None = None,
        api_base: str = TWILIO_API_DEFAULT,
        max_chars: int | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, self.sender_number(twilio_number), debug_mode=False)
        self.webhook_url = webhook_url
        self.api_base = api_base
        self.profile = self.profile.with_max_chars(max_chars)

    @staticmethod
    def sender_number(number: str) -> str:
        return number

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint(f"{self.name()}_channel_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            url = request_url(request, self.webhook_url)
            form = form_fields(request)
            signature = request.headers.get("X-Twilio-Signature")
            if not twilio_signature_valid(self.auth_token or "", url, form, signature):
                logger.warning(
                    "Refused a %s webhook without a valid X-Twilio-Signature (checked for %s)", self.name(), url
                )
                return response.text("invalid signature", status=403)
            sender = _first(form, "From")
            if not sender:
                return response.text("missing From", status=400)
            state = shared_state()
            if not state.first_time(self.name(), _first(form, "MessageSid")):
                return response.text(EMPTY_TWIML, content_type="text/xml")
            text = _first(form, "Body") or ""
            picked = state.pick(self.name(), sender, text)
            if picked:  # "2" -> the payload of option 2 of this sender's last message
                text = picked.payload
            await run_turn(
                on_new_message,
                self.get_output_channel(),
                text,
                sender,
                self.name(),
                self.get_metadata(request),
                trouble_text(request.app),
            )
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook

    def get_output_channel(self) -> TwilioSmsOutput:
        return self.output_class(
            self.account_sid or "", self.auth_token or "", self.twilio_number or "", self.api_base, self.profile
        )


class TwilioWhatsAppInput(TwilioSmsInput):
    """WhatsApp through Twilio: POST /webhooks/whatsapp/webhook; senders look like whatsapp:+1555..."""

    output_class = TwilioWhatsAppOutput
    profile: Profile = WHATSAPP

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @staticmethod
    def sender_number(number: str) -> str:
        return whatsapp_address(number)
