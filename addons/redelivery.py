"""Answer a redelivered message from the stored conversation instead of handling it twice.

Behind a load balancer a message can arrive twice: when a Rasa replica dies after saving a turn but
before its reply got out, nginx sends the same request to another replica (docs/scaling.md), and
clients retry after a dropped connection. A client that gives each message an id ("message_id" in the
REST body) gets exactly-once handling: if the conversation already holds a user message with that id,
the replies stored after it are sent again and nothing is added to the conversation.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.shared.core.events import BotUttered, Event, UserUttered


def replies_after(events: list[Event], message_id: str) -> list[BotUttered] | None:
    """The bot messages that answered the user message `message_id`, or None if it was never handled."""
    for index, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            replies = []
            for later in events[index + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    replies.append(later)
            return replies
    return None


async def resend_if_handled(agent: Any, sender_id: str, message_id: str, output: OutputChannel) -> bool:
    """Send the stored replies to `output` if `message_id` was already handled; True if it was."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return False
    tracker = await store.retrieve(sender_id)
    if tracker is None:
        return False
    replies = replies_after(list(tracker.events), message_id)
    if replies is None:
        return False
    for reply in replies:
        await output.send_response(sender_id, reply.message())
    return True
