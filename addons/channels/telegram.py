"""Telegram: Rasa's Telegram connector with a secret-token check, inline keyboards and a stub-able API.

Inbound: Telegram POSTs an Update to /webhooks/telegram/webhook with the header
X-Telegram-Bot-Api-Secret-Token set to the secret given to setWebhook; anything else gets a 403.
Rasa's own connector instead calls getMe on every update (which proves nothing about the sender) and
calls setWebhook with asyncio.run while the server is being built; here setWebhook (with the secret
and the URL from TELEGRAM_WEBHOOK_URL) runs once the server has started, and a failure is logged
rather than stopping the other channels.
Outbound: an aiogram Bot (Rasa's TelegramOutput) whose server is TELEGRAM_API_BASE; quick replies are
an inline keyboard, one button per row (titles are questions, too long to sit side by side).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels.formatting import TELEGRAM, Outgoing, Profile
from addons.channels.settings import TELEGRAM_API_DEFAULT
from addons.channels.state import shared_state
from addons.channels.turn import TurnOutput, run_turn
from addons.channels.verify import secret_token_valid
from addons.clinic_contacts import trouble_text
from addons.webhooks import webhook_blueprint

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram sends "/start" when a patient opens the bot; the assistant's greeting intent answers it.
COMMANDS = {"/start": "/greet", "/help": "/help"}


class TelegramTurnOutput(TurnOutput, TelegramOutput):
    profile: Profile = TELEGRAM

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, access_token: str, api_base: str = TELEGRAM_API_DEFAULT) -> None:
        # aiogram's Bot takes the API server as an argument; Rasa's TelegramOutput does not pass one.
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_base))

    async def send_outgoing(self, recipient_id: str, message: Outgoing) -> None:
        markup = None
        if message.buttons:
            state = shared_state()
            markup = InlineKeyboardMarkup(row_width=1)
            for option in message.buttons:
                markup.add(InlineKeyboardButton(option.title, callback_data=state.callback_data(option.payload)))
        await self.send_message(recipient_id, message.text, reply_markup=markup, disable_web_page_preview=True)

    async def end_turn(self) -> None:
        if self._session is not None:
            await self._session.close()


def parse_update(update: dict[str, Any]) -> tuple[str, str, str | None] | None:
    """(chat id, text for Rasa, callback query id) of an update, or None for updates to ignore."""
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = (query.get("message") or {}).get("chat") or query.get("from") or {}
        payload = shared_state().payload_for(str(query.get("data") or ""))
        if chat.get("id") is None or payload is None:
            return None
        return str(chat["id"]), payload, str(query.get("id"))
    message = update.get("message") or update.get("edited_message")
    if not isinstance(message, dict) or (message.get("chat") or {}).get("id") is None:
        return None  # channel posts, membership changes...
    text = str(message.get("text") or "")  # a photo or voice note: Rasa answers that it needs words
    command = text.split("@")[0].strip().lower() if text.startswith("/") else None
    if command in COMMANDS:
        text = COMMANDS[command]
    return str(message["chat"]["id"]), text, None


class TelegramInput(RasaTelegramInput):
    """Telegram: POST /webhooks/telegram/webhook."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials["access_token"],
            credentials["secret_token"],
            credentials.get("webhook_url"),
            credentials.get("api_base") or TELEGRAM_API_DEFAULT,
        )

    def __init__(
        self, access_token: str, secret_token: str, webhook_url: str | None = None, api_base: str = TELEGRAM_API_DEFAULT
    ) -> None:
        super().__init__(access_token, verify=None, webhook_url=webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.api_base = api_base

    async def register_webhook(self) -> bool:
        """Tell Telegram where to send updates, and the secret it must send with them."""
        bot = self.get_output_channel()
        try:
            await bot.request(
                "setWebhook",
                {
                    "url": self.webhook_url,
                    "secret_token": self.secret_token,
                    "allowed_updates": json.dumps(["message", "edited_message", "callback_query"]),
                },
            )
            logger.info("Telegram webhook set to %s", self.webhook_url)
            return True
        except (TelegramAPIError, OSError) as error:
            logger.error("Setting the Telegram webhook to %s failed: %s", self.webhook_url, error)
            return False
        finally:
            await bot.end_turn()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("telegram_channel_webhook")

        @webhook.listener("after_server_start")
        async def set_webhook(_: Sanic, __: Any) -> None:
            if self.webhook_url:
                await self.register_webhook()

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not secret_token_valid(self.secret_token, request.headers.get(SECRET_HEADER)):
                logger.warning("Refused a Telegram webhook without the right secret token")
                return response.text("invalid secret token", status=403)
            try:
                update = json.loads(request.body or b"null")
            except ValueError:
                update = None
            if not isinstance(update, dict):
                return response.text("body must be a Telegram Update", status=400)
            if not shared_state().first_time(self.name(), update.get("update_id")):
                return response.text("success")  # Telegram re-delivered an update already answered
            parsed = parse_update(update)
            if parsed is None:
                return response.text("success")
            chat_id, text, query_id = parsed
            output = self.get_output_channel()
            if query_id:
                try:  # stops the button's loading spinner on the patient's phone
                    await output.answer_callback_query(query_id)
                except (TelegramAPIError, OSError) as error:
                    logger.warning("answerCallbackQuery failed: %s", error)
            await run_turn(
                on_new_message,
                output,
                text,
                chat_id,
                self.name(),
                self.get_metadata(request),
                trouble_text(request.app),
            )
            return response.text("success")

        return webhook

    def get_output_channel(self) -> TelegramTurnOutput:
        # Rasa's version also calls setWebhook here, from outside the event loop; see register_webhook.
        return TelegramTurnOutput(self.access_token or "", self.api_base)
