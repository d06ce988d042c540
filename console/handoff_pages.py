"""The staff inbox (/console/inbox): live handoffs waiting for a person, taken, closed.

Every role reads (handoff.read); editors and approvers take a conversation, write to the patient, hand it
back to the assistant or close it (handoff.reply). The middleware of web.py checks the session, the CSRF
token and the permission before any handler here runs. Every step is an audit entry (handoff_take,
handoff_reply, handoff_handback, handoff_close, and handoff_refused when the store's rules refuse it),
with the conversation id and the handoff id; a reply's entry has its length, not its words (the words are
in the conversation itself, scrubbed and purged with it, like the assistant's replies).

The patient sees each step in the same chat: the words go through Rasa's HTTP API (handoff_relay.py).
The page polls /console/api/inbox every POLL_SECONDS (inbox.js) for new requests and new messages.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from addons.handoff.store import HandoffConflict, HandoffStore
from console import audit, auth, handoff, handoff_sweep
from console.handoff_relay import RasaRelay, RelayError
from console.web import PREFIX, Handler, client_ip, needs, render, state, viewed

logger = logging.getLogger(__name__)
POLL_SECONDS = 2
# What a page says after a step, by code: the query string carries the code only, so a crafted link cannot put
# words of its own on a console page (the details of a refusal or failure are in the audit log and the log).
NOTICES = {
    "taken": "You have this conversation",
    "sent": "Sent",
    "handed_back": "Handed back to the assistant",
    "closed": "Closed",
}
ERRORS = {
    "conflict": "Refused: this conversation changed meanwhile (someone else took or closed it, or its time ran "
    "out). Its state is below.",
    "undelivered": "Done, but the patient could not be told: Rasa's HTTP API did not take the message.",
    "reply_length": "Write a reply of 1 to 2000 characters.",
}
STORE = web.AppKey("handoff_store", HandoffStore)
RELAY = web.AppKey("handoff_relay", RasaRelay)


def _store(request: web.Request) -> HandoffStore:
    return request.config_dict[STORE]


def _relay(request: web.Request) -> RasaRelay:
    return request.config_dict[RELAY]


async def _inbox(request: web.Request) -> dict[str, Any]:
    console = state(request)
    return await asyncio.to_thread(handoff.inbox, _store(request), console.stream)


@needs("handoff.read")
async def inbox_page(request: web.Request) -> web.StreamResponse:
    viewed(request, "page_view", "inbox")
    return render(
        request,
        "inbox.html",
        title="Inbox",
        inbox=await _inbox(request),
        waited=handoff.waited,
        poll_seconds=POLL_SECONDS,
        relay_ready=_relay(request).configured,
        notice=NOTICES.get(request.query.get("notice", ""), ""),
        error=ERRORS.get(request.query.get("error", ""), ""),
    )


@needs("handoff.read")
async def inbox_api(request: web.Request) -> web.StreamResponse:
    # Polled every few seconds by every open inbox: not an audit entry each time (the page view is one).
    return web.json_response(await _inbox(request))


async def _conversation(request: web.Request) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        handoff_id = int(request.query.get("id", ""))
    except ValueError:
        raise web.HTTPNotFound() from None
    found = await asyncio.to_thread(_store(request).get, handoff_id)
    if found is None:
        raise web.HTTPNotFound()
    lines = await asyncio.to_thread(handoff.lines_of, state(request).stream, found.conversation_id)
    return handoff.row(found, lines, time.time()), lines


@needs("handoff.read")
async def conversation_page(request: web.Request) -> web.StreamResponse:
    item, lines = await _conversation(request)
    viewed(request, "conversation_view", item["conversation_id"], handoff_id=item["id"], page="inbox")
    return render(
        request,
        "inbox_conversation.html",
        title="Conversation with staff",
        item=item,
        lines=lines,
        waited=handoff.waited,
        ago=handoff.ago,
        now=time.time(),
        poll_seconds=POLL_SECONDS,
        relay_ready=_relay(request).configured,
        max_reply=handoff.MAX_REPLY_CHARS,
        notice=NOTICES.get(request.query.get("notice", ""), ""),
        error=ERRORS.get(request.query.get("error", ""), ""),
    )


@needs("handoff.read")
async def conversation_api(request: web.Request) -> web.StreamResponse:
    item, lines = await _conversation(request)
    return web.json_response({"item": item, "lines": lines})


# --- steps ---------------------------------------------------------------------------------------------
async def _step(
    request: web.Request,
    action: str,
    change: Callable[[HandoffStore, int, str], Any],
    tell_patient: Callable[[RasaRelay, Any, str], Awaitable[None]] | None,
    done: str,
    extra: dict[str, Any] | None = None,
) -> web.StreamResponse:
    """One state change: the store's rule first (one winner), then the patient told, then the audit entry."""
    session: auth.Session = request["session"]
    form = await request.post()
    try:
        handoff_id = int(str(form.get("handoff_id", "")))
    except ValueError:
        raise web.HTTPBadRequest(text="handoff_id") from None
    console, ip = state(request), client_ip(request)
    back = f"{PREFIX}/inbox/conversation?id={handoff_id}"
    try:
        changed = await asyncio.to_thread(change, _store(request), handoff_id, session.username)
    except HandoffConflict as err:
        detail = {"handoff_id": handoff_id, "step": action, "reason": str(err)}
        found = await asyncio.to_thread(_store(request).get, handoff_id)
        target = found.conversation_id if found else ""
        audit.log(
            console.store, "handoff_refused", session.username, role=session.role, target=target, detail=detail, ip=ip
        )
        raise web.HTTPSeeOther(f"{back}&error=conflict") from None
    delivered, problem = True, ""
    if tell_patient is not None:
        try:
            await tell_patient(_relay(request), changed, session.username)
        except RelayError as err:
            delivered, problem = False, str(err)
            logger.warning(f"handoff {handoff_id}: {action} done, the patient not told: {problem}")
    audit.log(
        console.store,
        action,
        session.username,
        role=session.role,
        target=changed.conversation_id,
        detail={
            "handoff_id": handoff_id,
            "delivered": delivered,
            **({"problem": problem} if problem else {}),
            **(extra or {}),
        },
        ip=ip,
    )
    raise web.HTTPSeeOther(f"{back}&{urlencode({'notice': done} if delivered else {'error': 'undelivered'})}")


async def _joined(relay: RasaRelay, item: Any, name: str) -> None:
    await relay.send(item.conversation_id, handoff.JOINED.format(name=name), name, "joined")


async def _handed_back(relay: RasaRelay, item: Any, name: str) -> None:
    await relay.send(item.conversation_id, handoff.HANDED_BACK.format(name=name), name, "handed_back")


async def _closed(relay: RasaRelay, item: Any, name: str) -> None:
    await relay.send(item.conversation_id, handoff.CLOSED.format(name=name), name, "closed")
    # The patient still needs a way to reach a person: the clinic's number, as the assistant gives it.
    await relay.utter(item.conversation_id, "utter_handoff")


@needs("handoff.reply")
async def take(request: web.Request) -> web.StreamResponse:
    return await _step(request, "handoff_take", lambda s, i, u: s.take(i, u), _joined, "taken")


@needs("handoff.reply")
async def hand_back(request: web.Request) -> web.StreamResponse:
    return await _step(request, "handoff_handback", lambda s, i, u: s.hand_back(i, u), _handed_back, "handed_back")


@needs("handoff.reply")
async def close(request: web.Request) -> web.StreamResponse:
    return await _step(request, "handoff_close", lambda s, i, u: s.close(i, u), _closed, "closed")


@needs("handoff.reply")
async def reply(request: web.Request) -> web.StreamResponse:
    session: auth.Session = request["session"]
    form = await request.post()
    text = " ".join(str(form.get("text", "")).split())
    if not text or len(text) > handoff.MAX_REPLY_CHARS:
        query = {"id": str(form.get("handoff_id", "")), "error": "reply_length"}
        raise web.HTTPSeeOther(f"{PREFIX}/inbox/conversation?{urlencode(query)}")
    words = handoff.REPLY.format(name=session.username, text=text)

    async def send(relay: RasaRelay, item: Any, name: str) -> None:
        await relay.send(item.conversation_id, words, name, "reply")

    return await _step(
        request, "handoff_reply", lambda s, i, u: s.check_reply(i, u), send, "sent", {"characters": len(text)}
    )


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/inbox", inbox_page),
    ("GET", "/api/inbox", inbox_api),
    ("GET", "/inbox/conversation", conversation_page),
    ("GET", "/api/inbox/conversation", conversation_api),
    ("POST", "/inbox/take", take),
    ("POST", "/inbox/reply", reply),
    ("POST", "/inbox/handback", hand_back),
    ("POST", "/inbox/close", close),
]


def install(app: web.Application, rasa_url: str) -> None:
    app[STORE] = HandoffStore()  # MISS_HANDOFF_STORE, the same file the action and Rasa servers use
    app[RELAY] = RasaRelay.from_env(rasa_url)
    # The pickup timeout's backup, should the Rasa replica holding its reminder restart (handoff_sweep.py).
    handoff_sweep.install(app, app[STORE], app[RELAY])
    for method, path, handler in ROUTES:
        app.router.add_route(method, PREFIX + path, handler)
