"""Collect a turn, render it for the platform, deliver it in order.

`TurnOutput` goes in front of a Rasa output channel class (e.g. `class X(TurnOutput, TelegramOutput)`).
Inside a webhook turn it only collects what Rasa sends; `finish_turn` then renders the whole turn
(formatting.render_turn) and sends the messages one after another, each awaited, so the platform gets
them in order (emergency first). Outside a turn (a message Rasa's API pushes to a conversation) each
message is rendered and delivered at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from addons.channels.formatting import Outgoing, Profile, render_turn, replies_from_messages
from addons.channels.state import shared_state
from addons.handoff.store import TakenReader

logger = logging.getLogger(__name__)
# MISS_HANDOFF_STORE, read-only: is a member of staff in this conversation? (docs/handoff.md)
handoffs = TakenReader()


class TurnOutput(OutputChannel):
    """Mixin: a platform output channel that renders whole turns. Subclasses set `profile` and
    implement `send_outgoing`; it goes before the platform's own Rasa output channel class, which
    gives `name()` and the rest."""

    profile: Profile
    _turn: list[dict[str, Any]] | None = None

    def begin_turn(self) -> None:
        self._turn = []

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if self._turn is not None:
            self._turn.append(dict(message))
            return
        try:  # outside a webhook turn: a staff message, a reminder's reply
            await self.deliver(recipient_id, [message])
        finally:
            await self.end_turn()  # nothing else would close what sending opened (an HTTP session)

    async def finish_turn(self, recipient_id: str, fallback_text: str) -> list[Outgoing]:
        """Deliver the collected turn; a turn that produced nothing (e.g. the action server is down)
        gets the "having trouble" reply with the clinic's number rather than silence -- unless a member of
        staff has the conversation, when the assistant's silence is meant."""
        messages, self._turn = self._turn, None
        if not messages:
            if await asyncio.to_thread(handoffs.taken, recipient_id):
                return []
            messages = [{"text": fallback_text}]
        return await self.deliver(recipient_id, messages)

    async def deliver(self, recipient_id: str, messages: list[dict[str, Any]]) -> list[Outgoing]:
        outgoing, numbered = render_turn(replies_from_messages(messages), self.profile)
        for message in outgoing:
            try:
                await self.send_outgoing(recipient_id, message)
            except Exception:  # the next message may still get through; the reason goes to the log
                logger.exception("Sending a %s message to %s failed", self.profile.name, recipient_id)
        if self.profile.numbered_options:
            shared_state().save_options(self.name(), recipient_id, numbered)
        return outgoing

    async def send_outgoing(self, recipient_id: str, message: Outgoing) -> None:
        raise NotImplementedError

    async def end_turn(self) -> None:
        """Release what the turn opened (e.g. an HTTP session)."""


async def run_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    output: TurnOutput,
    text: str,
    sender_id: str,
    input_channel: str,
    metadata: dict[str, Any] | None,
    fallback_text: str,
) -> None:
    """Hand one patient message to Rasa and deliver the whole reply."""
    output.begin_turn()
    try:
        message = UserMessage(text, output, sender_id, input_channel=input_channel, metadata=metadata)
        await on_new_message(message)
    except Exception:
        logger.exception("Handling a %s message failed", input_channel)
    try:
        await output.finish_turn(sender_id, fallback_text)
    finally:
        await output.end_turn()
