"""A stand-in for Rasa's HTTP API, which the console's relay (console/handoff_relay.py) and its sweep
(console/handoff_sweep.py) call: a real HTTP server on loopback that records each request as Rasa would get
it (the raw path, since Rasa's routes take the conversation id from it without unquoting, the query and the
JSON body) and answers 200 with `{}`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

Call = dict[str, Any]  # {"path": the raw path without the query, "query": {...}, "body": the JSON body or None}


def conversation_of(call: Call) -> str:
    """The conversation id in a call's path (/conversations/<id>/...), as Rasa reads it: not unquoted."""
    return str(call["path"].split("/")[2])


@asynccontextmanager
async def rasa_api(on_call: Callable[[Call], None] | None = None) -> AsyncIterator[tuple[str, list[Call]]]:
    """`async with rasa_api() as (url, calls):` Rasa's API at `url`; every POST is appended to `calls`, after
    `on_call(call)` did what Rasa would do with it, if given."""
    calls: list[Call] = []

    async def record(request: web.Request) -> web.Response:
        body = await request.json() if request.body_exists else None
        call = {"path": request.raw_path.split("?")[0], "query": dict(request.query), "body": body}
        calls.append(call)
        if on_call is not None:
            on_call(call)
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/{tail:.*}", record)
    server = TestServer(app)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/"), calls
    finally:
        await server.close()
