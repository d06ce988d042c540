"""The data rights page (admin, `data.delete`; data_rights.py does the work): find a conversation by the
id the patient was shown, download it as JSON, delete it after typing its id again. The lookup, the
export and the deletion are each in the audit log with the id, never the content.
"""

from __future__ import annotations

import asyncio
import functools
import json
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from console import auth, data_rights
from console.web import PREFIX, Console, Handler, client_ip, needs, render, state, viewed

PLACES = {
    "tracker_events": "events in the assistant's conversation store (tracker store)",
    "stream_events": "events in the console's event stream",
    "figures": "message rows of the dashboard's figures",
    "review_rows": "review queue rows",
    "training_examples": "examples in the reviewed training data",
}


def _stores(console: Console) -> data_rights.RasaStores:
    return console.rasa_stores


def _stores_open(handler: Handler) -> Handler:
    """A tracker store the console cannot delete from (not the project's PrivateSQLTrackerStore) is said
    on the page (503), not a server error."""

    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except data_rights.StoreError as err:
            message = f"The conversation stores could not be opened, nothing was read or deleted: {err}"
            return render(request, "error.html", status=503, title="Data rights", message=message)

    return checked


def _id(value: Any) -> str:
    return str(value or "").strip()[: data_rights.MAX_ID]


@needs("data.delete")
@_stores_open
async def page(request: web.Request) -> web.StreamResponse:
    console = state(request)
    sender_id = _id(request.query.get("id"))
    holdings = None
    if sender_id:
        holdings = await asyncio.to_thread(data_rights.find, console.store, console.stream, _stores(console), sender_id)
        viewed(request, "data_rights_lookup", sender_id, found=holdings.found)
    else:
        viewed(request, "page_view", "data_rights")
    deleted = {key: request.query[key] for key in PLACES if key in request.query}
    return render(
        request,
        "data_rights.html",
        title="Data rights",
        sender_id=sender_id,
        holdings=asdict(holdings) if holdings else None,
        found=bool(holdings and holdings.found),
        places=PLACES,
        deleted_id=_id(request.query.get("deleted")),
        deleted=deleted,
        error="",
    )


@needs("data.delete")
@_stores_open
async def export(request: web.Request) -> web.StreamResponse:
    console = state(request)
    sender_id = _id(request.query.get("id"))
    document = (
        await asyncio.to_thread(data_rights.export, _stores(console), console.stream, sender_id) if sender_id else None
    )
    viewed(request, "conversation_exported", sender_id, found=document is not None)
    if document is None:
        return render(
            request, "error.html", status=404, title="Export", message="No conversation with this id is stored."
        )
    return web.Response(
        text=json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{data_rights.export_name(sender_id)}"'},
    )


@needs("data.delete")
@_stores_open
async def delete(request: web.Request) -> web.StreamResponse:
    console = state(request)
    session: auth.Session = request["session"]
    form = await request.post()
    sender_id, typed = _id(form.get("id")), _id(form.get("confirm"))
    if not sender_id or typed != sender_id:
        holdings = await asyncio.to_thread(data_rights.find, console.store, console.stream, _stores(console), sender_id)
        return render(
            request,
            "data_rights.html",
            status=400,
            title="Data rights",
            sender_id=sender_id,
            holdings=asdict(holdings),
            found=holdings.found,
            places=PLACES,
            deleted_id="",
            deleted={},
            error="Nothing was deleted: type the conversation id exactly as shown to confirm.",
        )
    done = await asyncio.to_thread(
        data_rights.delete,
        console.store,
        console.stream,
        _stores(console),
        console.reviewed,
        sender_id,
        session.username,
        session.role,
        client_ip(request),
    )
    raise web.HTTPSeeOther(f"{PREFIX}/data-rights?{urlencode({'deleted': sender_id, **asdict(done)})}")


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/data-rights", page),
    ("GET", "/data-rights/export", export),
    ("POST", "/data-rights/delete", delete),
]
