"""The default run's replicas (`make run`, scripts/serve.py, and what `make bench` measures): two Rasa servers
behind nginx on one port, one SQLite database, conversation locks in Redis (scripts/local_servers.Servers with
replicas=2). Follow-ups landing on the other replica keep their context, and a socket.io session (polling
transport, several requests) stays on the replica that holds it."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import pytest
import socketio

from scripts import load
from scripts.local_servers import ROOT, Servers
from tests.scale.conftest import BASE_PORT
from tests.servers import running

FRONT, ACTIONS = BASE_PORT + 30, BASE_PORT + 40  # replicas on the two ports after FRONT, Redis on the third


@pytest.fixture(scope="module")
def default_run():
    with running(Servers(FRONT, ACTIONS, ROOT / ".run" / "scale-default", replicas=2)) as started:
        yield started


def served_by(servers: Servers) -> Counter:
    lines = (servers.log_dir / "nginx-access.log").read_text().splitlines()
    return Counter(line.split()[4] for line in lines if "/webhooks/rest/webhook" in line)


def test_follow_ups_on_either_replica_keep_their_context(default_run):
    result = load.conversations(
        f"{default_run.base}/webhooks/rest/webhook", load.FOLLOW_UP_SCRIPTS, 12, 12, "default-run", message_ids=True
    )
    assert result.summary()["messages"] == 72
    assert result.errors == {}, [(s.text, s.topics, s.error) for s in result.samples if s.error][:5]
    served = served_by(default_run)
    assert all(served[f"127.0.0.1:{port}"] >= 18 for port in default_run.replica_ports), served  # both worked


async def converse(base: str, messages: list[str]) -> list[list[dict]]:
    """One socket.io conversation over the polling transport (a request per poll and per message)."""
    client = socketio.AsyncClient(reconnection=False)
    received: list[dict] = []
    confirmed = asyncio.Event()
    session_id = "default-run-" + uuid.uuid4().hex[:12]
    client.on("session_confirm", lambda data: confirmed.set())
    client.on("bot_uttered", lambda data: received.append(data))
    await client.connect(base, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 10)
        turns = []
        for message in messages:
            received.clear()
            await client.emit("user_uttered", {"message": message, "session_id": session_id})
            for _ in range(150):
                if received:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # the rest of the turn follows at once
            turns.append(list(received))
        return turns
    finally:
        await client.disconnect()


def test_a_socketio_session_through_nginx_gets_every_reply(default_run):
    answer, follow_up = asyncio.run(converse(default_run.base, ["what is a dural tear?", "how common is that?"]))
    assert answer and "dura" in answer[0]["text"].lower()
    assert follow_up, "the session's second message went unanswered (its polls landed on another replica?)"
