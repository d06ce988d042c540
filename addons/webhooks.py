"""What every webhook channel of the project shares: a Sanic blueprint with the health route."""

from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse


def webhook_blueprint(name: str) -> Blueprint:
    """A blueprint answering GET / with {"status": "ok"}, as Rasa's own channels do."""
    webhook = Blueprint(name, __name__)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return webhook
