"""A staff member's words into the patient's chat, through Rasa's own HTTP API.

    POST {rasa}/conversations/{id}/tracker/events?output_channel=latest&execute_side_effects=true

with one `bot` event. Rasa appends it to the conversation under the conversation's lock, saves it through
the tracker store (scrubbed and kept like every other message, and published to the event stream the
console reads) and, because of `execute_side_effects`, sends it through the output channel of the
patient's latest message: for the web widget the socket.io room of the conversation
(addons/channels/web_socketio.py sends a message outside a patient's turn at once). Nothing of ours runs
inside Rasa for this, and no action server round trip is needed.

Needs Rasa's HTTP API on (`MISS_API_TOKEN`, scripts/rasa_run.py); the web server reads the same variable,
and `MISS_RASA_API_URL` if the API is reached at another address than the pages reach Rasa (--rasa-url).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass

import aiohttp

TOKEN_ENV = "MISS_API_TOKEN"
URL_ENV = "MISS_RASA_API_URL"
TIMEOUT_SECONDS = 10
# Rasa's routes (Sanic, without `unquote`) take the conversation id from the path as sent: a percent-encoded
# id would be another conversation ("%2B1555..." is not the SMS patient "+1555..."), and Rasa would append
# the message to it and answer 200 without sending it anywhere. So ids go into the path unencoded, and only
# ids made of characters a URL path carries as they are can be addressed: phone numbers (+, whatsapp:),
# chat and user ids, the widget's and the kiosk's ids all are.
PATH_SAFE_ID = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@-]+")


class RelayError(RuntimeError):
    """The message could not be handed to Rasa (the API off, Rasa down, an error answer)."""


def conversation_path(conversation_id: str) -> str:
    """The conversation's part of Rasa's API paths (see PATH_SAFE_ID)."""
    if not PATH_SAFE_ID.fullmatch(conversation_id):
        raise RelayError("This conversation's id cannot be addressed through Rasa's HTTP API.")
    return conversation_id


@dataclass(frozen=True)
class RasaRelay:
    base_url: str
    token: str

    @classmethod
    def from_env(cls, default_url: str) -> RasaRelay:
        return cls((os.environ.get(URL_ENV) or default_url).rstrip("/"), os.environ.get(TOKEN_ENV, "").strip())

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.token)

    async def send(self, conversation_id: str, text: str, staff: str, kind: str) -> None:
        """Append `text` to the conversation as a message from `staff` and send it to the patient's channel.
        `kind`: joined, reply, handed_back, closed (kept in the event's metadata: the transcript shows who wrote)."""
        if not self.configured:
            raise RelayError(f"Rasa's HTTP API is not configured for the console (set {TOKEN_ENV}).")
        url = f"{self.base_url}/conversations/{conversation_path(conversation_id)}/tracker/events"
        # Rasa's token auth reads the query string only; the token never reaches a browser.
        params = {"output_channel": "latest", "execute_side_effects": "true", "token": self.token}
        event = {
            "event": "bot",
            "text": text,
            "timestamp": time.time(),
            "metadata": {"handoff": kind, "staff": staff},
        }
        await self._post(url, event, params)

    async def utter(self, conversation_id: str, response: str) -> None:
        """Have Rasa send one of the domain's responses (e.g. utter_handoff: the clinic's number, with the
        numbers approved in the console) to the patient's channel: `POST .../execute`, no prediction after."""
        if not self.configured:
            raise RelayError(f"Rasa's HTTP API is not configured for the console (set {TOKEN_ENV}).")
        url = f"{self.base_url}/conversations/{conversation_path(conversation_id)}/execute"
        await self._post(url, {"name": response}, {"output_channel": "latest", "token": self.token})

    async def trigger(self, conversation_id: str, intent: str) -> None:
        """Have Rasa handle `intent` in the conversation as if the patient had sent it (what a Rasa reminder
        does when it fires), the replies to the patient's channel: `POST .../trigger_intent`."""
        if not self.configured:
            raise RelayError(f"Rasa's HTTP API is not configured for the console (set {TOKEN_ENV}).")
        url = f"{self.base_url}/conversations/{conversation_path(conversation_id)}/trigger_intent"
        await self._post(url, {"name": intent, "entities": {}}, {"output_channel": "latest", "token": self.token})

    async def _post(self, url: str, body: object, params: dict[str, str]) -> None:
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as session,
                session.post(url, json=body, params=params) as response,
            ):
                if response.status != 200:
                    raise RelayError(f"Rasa answered {response.status} to the message for the patient.")
        except (aiohttp.ClientError, TimeoutError) as err:
            raise RelayError(f"Rasa could not be reached ({type(err).__name__}).") from None
