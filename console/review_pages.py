"""The review queue's pages (review.py does the work): the queue, a label for a group or some of its
messages, and the content gaps editors read and mark dealt with or reopen (gaps.py). Every role reads
(review.read); editors and approvers label and mark gaps (review.label). The middleware of web.py checks
the session, the CSRF token and the permission before any of these handlers runs.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from console import auth, gaps, review
from console.reviewed_data import TOPIC_CHOICES
from console.web import PREFIX, Handler, client_ip, needs, render, state, viewed


def _notice(query: dict[str, str]) -> str:
    if "done" not in query:
        return ""
    parts = [f"{query.get('done', '0')} message(s) labelled"]
    if query.get("already", "0") != "0":
        parts.append(f"{query['already']} had that label already")
    if query.get("added", "0") != "0":
        parts.append(f"{query['added']} training example(s) added for the next training (make train)")
    if query.get("kept", "0") != "0":
        parts.append(f"{query['kept']} kept out of the training data: {query.get('why', '')}")
    return "; ".join(parts) + "."


@needs("review.read")
async def queue_page(request: web.Request) -> web.StreamResponse:
    console = state(request)
    handled = request.query.get("show") == "handled"
    groups = await asyncio.to_thread(review.queue, console.store, console.stream, handled)
    viewed(request, "page_view", "review", show="handled" if handled else "open")
    return render(
        request,
        "review.html",
        title="Review queue",
        groups=groups,
        handled=handled,
        topics=TOPIC_CHOICES,
        actions=review.ACTIONS,
        notice=_notice(dict(request.query)),
        error="",
    )


@needs("review.label")
async def label(request: web.Request) -> web.StreamResponse:
    console = state(request)
    session: auth.Session = request["session"]
    form = await request.post()
    ids = _event_ids(form)
    try:
        done = await asyncio.to_thread(
            review.label,
            console.store,
            console.stream,
            console.reviewed,
            ids,
            str(form.get("action", "")),
            session.username,
            session.role,
            topic=str(form.get("topic", "")),
            note=str(form.get("note", "")),
            ip=client_ip(request),
        )
    except review.LabelError as err:
        groups = await asyncio.to_thread(review.queue, console.store, console.stream, False)
        return render(
            request,
            "review.html",
            status=400,
            title="Review queue",
            groups=groups,
            handled=False,
            topics=TOPIC_CHOICES,
            actions=review.ACTIONS,
            notice="",
            error=str(err),
        )
    result: dict[str, str | int] = {
        "done": done.labelled,
        "already": done.already,
        "added": len(done.added),
        "kept": len(done.refused),
    }
    if done.refused:
        result["why"] = done.refused[0][1]  # the first reason: the page has room for one
    raise web.HTTPSeeOther(f"{PREFIX}/review?{urlencode(result)}")


async def _gaps(request: web.Request, status: int = 200, notice: str = "", error: str = "") -> web.StreamResponse:
    """The content gaps page: the open gaps, then those dealt with (how, by whom, when)."""
    console = state(request)
    items = await asyncio.to_thread(review.content_gaps, console.store, console.stream)
    dealt = await asyncio.to_thread(gaps.resolutions, console.store)
    return render(
        request,
        "gaps.html",
        status=status,
        title="Content gaps",
        items=[item for item in items if item.event_id not in dealt],
        dealt=[(item, dealt[item.event_id]) for item in items if item.event_id in dealt],
        notice=notice,
        error=error,
    )


@needs("review.read")
async def gaps_page(request: web.Request) -> web.StreamResponse:
    viewed(request, "page_view", "content_gaps")
    done = request.query.get("done", "")
    notice = f"{done} content gap(s) {request.query.get('what', 'changed')}." if done.isdigit() else ""
    return await _gaps(request, notice=notice if request.query.get("what") in ("dealt with", "reopened") else "")


async def _mark_gaps(request: web.Request, reopen: bool) -> web.StreamResponse:
    session: auth.Session = request["session"]
    form = await request.post()
    ids = _event_ids(form)
    store = state(request).store
    try:
        if reopen:
            done = await asyncio.to_thread(gaps.reopen, store, ids, session.username, session.role, client_ip(request))
        else:
            note = str(form.get("note", ""))
            ip = client_ip(request)
            done = await asyncio.to_thread(gaps.resolve, store, ids, session.username, session.role, note, ip)
    except gaps.GapError as err:
        return await _gaps(request, status=400, error=str(err))
    what = "reopened" if reopen else "dealt with"
    raise web.HTTPSeeOther(f"{PREFIX}/review/gaps?{urlencode({'done': done, 'what': what})}")


@needs("review.label")
async def resolve_gaps(request: web.Request) -> web.StreamResponse:
    return await _mark_gaps(request, reopen=False)


@needs("review.label")
async def reopen_gaps(request: web.Request) -> web.StreamResponse:
    return await _mark_gaps(request, reopen=True)


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/review", queue_page),
    ("POST", "/review/label", label),
    ("GET", "/review/gaps", gaps_page),
    ("POST", "/review/gaps/resolve", resolve_gaps),
    ("POST", "/review/gaps/reopen", reopen_gaps),
]


def _event_ids(form: Any) -> list[int]:
    """The review items a form names (`event_id`, repeated); none when one of them is not a number."""
    try:
        return [int(str(value)) for value in form.getall("event_id", [])]
    except ValueError:
        return []
