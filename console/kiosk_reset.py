"""The kiosk's Start over (by the button, or after the screen was left untouched) ends the patient's open
handoff: POST /kiosk/start-over {"conversation_id": "kiosk-<32 hex digits>"}.

The kiosk clears the screen and starts a new conversation id for the next patient (web/kiosk/kiosk.js).
Without this the old conversation's request for a person would wait in the inbox until it timed out, and a
member of staff who had taken it would go on writing to a screen that no longer shows it. The record is
closed (outcome `closed`, closed by `kiosk`: the inbox says "the kiosk started over") and the pickup
timeout's reminder then finds nothing to do. The patient is not told: the next patient is at the screen.

No session: the kiosk is a patient page. What it may close is narrow: only a kiosk's conversation (the id the
kiosk makes, 128 random bits, known to that screen and to staff), only its open handoff. A JSON body only, so
a page of another site cannot send it as a simple cross-site form. The answer is 204 whether or not there was
a handoff to close, so it tells nothing about a conversation either. Mounted by scripts/web_server.py beside
the staff console, whose handoff store (MISS_HANDOFF_STORE) it writes to.
"""

from __future__ import annotations

import asyncio
import logging
import re

from aiohttp import web

from console import audit
from console.handoff_pages import STORE
from console.web import client_ip, state

logger = logging.getLogger(__name__)

PATH = "/kiosk/start-over"
KIOSK = "kiosk"  # the handoff's closed_by, and the audit entry's actor
# The kiosk's conversation ids (web/kiosk/connection.js, newConversationId): the widget's and the messaging
# channels' conversations can never be closed this way.
KIOSK_CONVERSATION = re.compile(r"kiosk-[0-9a-f]{32}")


async def start_over(request: web.Request) -> web.Response:
    if request.content_type != "application/json":
        raise web.HTTPUnsupportedMediaType(text="send JSON")
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body is not JSON") from None
    conversation = body.get("conversation_id") if isinstance(body, dict) else None
    if not isinstance(conversation, str) or not KIOSK_CONVERSATION.fullmatch(conversation):
        raise web.HTTPBadRequest(text="conversation_id")
    closed = await asyncio.to_thread(request.config_dict[STORE].patient_left, conversation, KIOSK)
    if closed is not None:
        logger.info(f"handoff {closed.id}: closed, the kiosk started over for the next patient")
        was = "taken" if closed.taken_by else "waiting"
        detail = {"handoff_id": closed.id, "was": was, "taken_by": closed.taken_by}
        ip = client_ip(request)
        audit.log(state(request).store, "handoff_close", KIOSK, target=conversation, detail=detail, ip=ip)
    return web.Response(status=204)


def install(app: web.Application) -> None:
    """After the console's install (its handoff store and audit log)."""
    app.router.add_post(PATH, start_over)
