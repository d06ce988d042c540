"""The console's relay addresses a conversation in Rasa's API paths exactly as Rasa reads it.

Rasa's routes take the id from the path without unquoting it: "%2B15550100000" would be a conversation of
its own, and a staff reply to an SMS patient would be appended there, answered 200 and sent nowhere (found
by tests/channels/test_handoff_live.py). A small HTTP server here records the raw paths the relay asks for.
"""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from console.handoff_relay import RasaRelay, RelayError, conversation_path

IDS = ["+15550100000", "whatsapp:+15550100001", "-1001234567890", "U0PATIENT", "kiosk-" + "ab" * 16, "PSID.42_x~y"]


@pytest.mark.parametrize("conversation", IDS)
def test_the_ids_of_every_channel_go_into_the_path_as_they_are(conversation: str):
    seen: list[str] = []

    async def record(request: web.Request) -> web.Response:
        seen.append(request.raw_path.split("?")[0])
        return web.json_response({})

    async def scenario() -> None:
        app = web.Application()
        app.router.add_post("/{tail:.*}", record)
        server = TestServer(app)
        await server.start_server()
        try:
            relay = RasaRelay(str(server.make_url("")).rstrip("/"), "a-token-of-sixteen+")
            await relay.send(conversation, "eve (clinic staff): hello", "eve", "reply")
            await relay.utter(conversation, "utter_handoff")
        finally:
            await server.close()

    asyncio.run(scenario())
    assert seen == [f"/conversations/{conversation}/tracker/events", f"/conversations/{conversation}/execute"]


@pytest.mark.parametrize("conversation", ["a b", "x/y", "50%", "q?x", "é", ""])
def test_an_id_rasa_would_read_as_another_conversation_is_refused(conversation: str):
    with pytest.raises(RelayError):
        conversation_path(conversation)
