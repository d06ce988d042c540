"""Every channel the server can open answers the health check from the one shared blueprint."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa.core.channels.channel import register
from rasa.core.run import create_http_input_channels
from sanic import Sanic

from addons.channels.settings import CHANNELS
from scripts.credentials import write


def placeholder(variable: str) -> str:
    """A value that switches a channel on without contacting anyone (Telegram's bot token has a form)."""
    return "123456789:placeholder" if variable.endswith("BOT_TOKEN") else "placeholder-1"


@pytest.fixture(scope="module")
def server_with_every_channel(tmp_path_factory) -> Sanic:
    """The channels built and registered the way `rasa run` does, from a credentials file with all on."""
    needed = {var for spec in CHANNELS for var in [spec.trigger, *spec.required.values()]}
    env = {var: placeholder(var) for var in needed}
    credentials = tmp_path_factory.mktemp("credentials") / "credentials.yml"
    write(credentials, env)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)  # Rasa expands the file's ${VAR} references when it reads it
        channels = create_http_input_channels(None, str(credentials))
    assert len(channels) == len(CHANNELS) + 2  # + the REST and socket.io channels of credentials.yml
    app = Sanic("test_webhooks")
    register(channels, app, route="/webhooks/")
    app.ctx.channels = [channel.name() for channel in channels]
    return app


def test_every_channel_answers_get_on_its_root_from_the_shared_blueprint(server_with_every_channel):
    app = server_with_every_channel
    health = {route.path: route for route in app.router.routes if route.methods == frozenset({"GET"})}
    for name in app.ctx.channels:
        route = health.get(f"webhooks/{name}")
        assert route is not None, f"/webhooks/{name}/ has no health route"
        assert route.handler.__module__ == "addons.webhooks", f"/webhooks/{name}/ builds its own health route"
        answer = asyncio.run(route.handler(None))
        assert answer.status == 200 and json.loads(answer.body) == {"status": "ok"}
