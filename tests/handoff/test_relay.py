"""The console's relay addresses a conversation in Rasa's API paths exactly as Rasa reads it.

Rasa's routes take the id from the path without unquoting it: "%2B15550100000" would be a conversation of
its own, and a staff reply to an SMS patient would be appended there, answered 200 and sent nowhere (found
by tests/channels/test_handoff_live.py). A stand-in for Rasa's API (tests/handoff/rasa_api_stub.py) records the
raw paths the relay asks for.
"""

from __future__ import annotations

import asyncio

import pytest

from console.handoff_relay import RasaRelay, RelayError, conversation_path
from tests.handoff.rasa_api_stub import rasa_api

IDS = ["+15550100000", "whatsapp:+15550100001", "-1001234567890", "U0PATIENT", "kiosk-" + "ab" * 16, "PSID.42_x~y"]


@pytest.mark.parametrize("conversation", IDS)
def test_the_ids_of_every_channel_go_into_the_path_as_they_are(conversation: str):
    async def scenario() -> list[str]:
        async with rasa_api() as (url, calls):
            relay = RasaRelay(url, "a-token-of-sixteen+")
            await relay.send(conversation, "eve (clinic staff): hello", "eve", "reply")
            await relay.utter(conversation, "utter_handoff")
        return [call["path"] for call in calls]

    seen = asyncio.run(scenario())
    assert seen == [f"/conversations/{conversation}/tracker/events", f"/conversations/{conversation}/execute"]


@pytest.mark.parametrize("conversation", ["a b", "x/y", "50%", "q?x", "é", ""])
def test_an_id_rasa_would_read_as_another_conversation_is_refused(conversation: str):
    with pytest.raises(RelayError):
        conversation_path(conversation)
