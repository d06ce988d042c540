"""What every webhook channel of the project shares: a Sanic blueprint with the health route.

Each channel (REST, the messaging platforms, the web pages' socket.io) builds its blueprint here, so a
load balancer or a platform's set-up check gets the same answer from GET /webhooks/<channel>/ everywhere.
"""

from __future__ import annotations

from typing import TypeVar

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

AnyBlueprint = TypeVar("AnyBlueprint", bound=Blueprint)


def with_health_route(webhook: AnyBlueprint) -> AnyBlueprint:
    """`webhook` answering GET / with {"status": "ok"}, as Rasa's own channels do. For a blueprint of
    another class (socket.io's, which also serves the socket)."""

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return webhook


def webhook_blueprint(name: str) -> Blueprint:
    """A channel's blueprint, with the health route."""
    return with_health_route(Blueprint(name, __name__))
