"""The staff console over the scaled-out set (scripts/cluster.py: 2 Rasa replicas behind nginx, the tracker
store and the scrubbing event broker in two PostgreSQL databases): the dashboard counts the messages of
both replicas, and a patient's data-rights deletion empties the conversation from both databases.

The console runs in process (aiohttp's test client) with what scripts/web_server.py hands it: the broker
section of the endpoints file the replicas were started with, and the database password in the
environment only."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections import Counter
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from addons.handoff.store import HandoffStore, store_location
from console import auth
from console.config import ConsoleConfig
from console.store import Store
from console.web import make_console_app
from scripts import load
from scripts.cluster import Cluster
from scripts.local_servers import ROOT
from scripts.web_server import event_broker
from tests.console_app import csrf_of, new_password, sign_in
from tests.scale.conftest import BASE_PORT
from tests.servers import running

CONVERSATIONS = 10  # at once, 6 turns each: the two replicas' inserts interleave in the broker database


@pytest.fixture(scope="module")
def cluster():
    with running(Cluster(BASE_PORT, ROOT / ".run" / "scale-console")) as started:
        yield started


def send(url: str, sender: str, message: str) -> None:
    body = json.dumps({"sender": sender, "message": message}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=60) as response:
        assert response.status == 200


def reply(url: str, sender: str, message: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": message}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=60) as response:
        return list(json.loads(response.read()))


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [message.get("text", "") for message in messages]


def stored_senders(cluster: Cluster, database: str) -> Counter:
    return Counter(row[0] for row in cluster.psql("SELECT sender_id FROM events WHERE sender_id IS NOT NULL", database))


def console_client(cluster: Cluster, config: ConsoleConfig) -> TestClient:
    broker = event_broker(cluster.endpoints)  # as scripts/web_server.py reads it
    assert broker is not None and broker["dialect"] == "postgresql" and broker["password"] == "${MISS_DB_PASSWORD}"
    return TestClient(TestServer(make_console_app(config, broker, cluster.endpoints)))


def test_the_dashboard_counts_both_replicas_and_a_deletion_empties_both_databases(cluster, tmp_path, monkeypatch):
    for name in ("MISS_TRACKER_DIALECT", "MISS_DB_HOST", "MISS_DB_PORT", "MISS_DB_NAME", "MISS_EVENTS_DB_NAME",
                 "MISS_DB_USER", "MISS_DB_PASSWORD"):  # fmt: skip
        monkeypatch.setenv(name, cluster.env[name])  # the console's web server has the replicas' variables

    run = load.conversations(
        f"{cluster.front}/webhooks/rest/webhook", load.FOLLOW_UP_SCRIPTS, CONVERSATIONS, CONVERSATIONS, "dash",
        message_ids=True,
    )  # fmt: skip
    assert run.errors == {}, [(s.text, s.error) for s in run.samples if s.error][:5]
    # and one conversation on each replica for certain, straight to its port
    direct = [f"direct-{port}" for port in cluster.rasa_ports]
    for port, sender in zip(cluster.rasa_ports, direct, strict=True):
        send(f"http://127.0.0.1:{port}/webhooks/rest/webhook", sender, "what is a dural tear?")
        send(f"http://127.0.0.1:{port}/webhooks/rest/webhook", sender, "how common is that?")
    served = Counter(
        line.split()[4]
        for line in (cluster.run_dir / "nginx-access.log").read_text().splitlines()
        if "/webhooks/rest/webhook" in line
    )
    assert all(served[f"127.0.0.1:{port}"] >= 15 for port in cluster.rasa_ports), served
    sent = len(run.samples) + 2 * len(direct)
    senders = [*run.by_conversation(), *direct]
    in_broker = stored_senders(cluster, cluster.events_db)
    assert set(in_broker) == set(senders)  # every replica wrote to the one broker database

    config = ConsoleConfig(database=tmp_path / "console.sqlite", reviewed_nlu=tmp_path / "reviewed.yml")
    password = new_password()
    auth.create_user(Store(config.database), "admin1", "admin", password, actor="test")
    gone = direct[0]

    async def scenario() -> dict[str, Any]:
        client = console_client(cluster, config)
        await client.start_server()
        try:
            await sign_in(client, "admin1", password)
            before = (await (await client.get("/console/api/dashboard")).json())["totals"]
            page = await (await client.get(f"/console/data-rights?id={gone}")).text()
            deleted = await client.post(
                "/console/data-rights/delete",
                data={"csrf_token": csrf_of(page), "id": gone, "confirm": gone},
                allow_redirects=False,
            )
            assert deleted.status == 303, await deleted.text()
            after = (await (await client.get("/console/api/dashboard")).json())["totals"]
            export = await client.get(f"/console/data-rights/export?id={gone}")
            return {"before": before, "after": after, "export": export.status, "deleted": deleted.headers["Location"]}
        finally:
            await client.close()

    result = asyncio.run(scenario())
    print(f"\nsent {sent} messages in {len(senders)} conversations; nginx: {dict(served)}; console: {result}")
    assert result["before"]["messages"] == sent
    assert result["before"]["conversations"] == len(senders)
    assert result["after"]["messages"] == sent - 2 and result["after"]["conversations"] == len(senders) - 1
    assert result["export"] == 404
    # gone from the tracker store and the broker database on PostgreSQL; the others untouched
    assert gone not in stored_senders(cluster, cluster.env["MISS_DB_NAME"])
    assert gone not in stored_senders(cluster, cluster.events_db)
    assert set(stored_senders(cluster, cluster.events_db)) == set(senders) - {gone}
    assert set(stored_senders(cluster, cluster.env["MISS_DB_NAME"])) == set(senders) - {gone}


def test_a_handoff_taken_on_the_console_keeps_every_replica_quiet_until_handed_back(cluster, monkeypatch):
    """The console's side writes the cluster's handoff store (MISS_HANDOFF_STORE, PostgreSQL), each replica
    reads it on its own: a taken conversation gets no answer from either, a handed back one does. Over REST,
    which answers every request (so has no live handoff of its own), "no answer" is its "having trouble"
    text alone: the assistant chose to listen."""
    monkeypatch.setenv("MISS_DB_PASSWORD", cluster.env["MISS_DB_PASSWORD"])
    console = HandoffStore(store_location(cluster.env))
    handoff, _ = console.request("quiet-1", "rest", "asked", 120)  # as an action server writes it
    console.take(handoff.id, "eve")
    replicas = [f"http://127.0.0.1:{port}/webhooks/rest/webhook" for port in cluster.rasa_ports]
    quiet = [texts(reply(url, "quiet-1", "what is a dural tear?")) for url in replicas]
    assert all(len(said) == 1 and "having trouble" in said[0] for said in quiet), quiet
    console.hand_back(handoff.id, "eve")
    answered = [texts(reply(url, "quiet-1", "what is a dural tear?")) for url in replicas]
    assert all(said and not any("having trouble" in text for text in said) for said in answered), answered
    assert cluster.psql("SELECT status, taken_by FROM handoffs", "miss_handoff") == [["closed", "eve"]]
