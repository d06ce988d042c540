"""The default run's replicas (`make run`, scripts/serve.py, and what `make bench` measures): two Rasa servers
behind nginx on one port, one SQLite database, conversation locks in Redis (scripts/local_servers.Servers with
replicas=2). Follow-ups landing on the other replica keep their context, and a socket.io session (polling
transport, several requests) stays on the replica that holds it."""

from __future__ import annotations

from collections import Counter

import pytest

from scripts import load
from scripts.local_servers import ROOT, Servers
from tests.scale.conftest import BASE_PORT
from tests.servers import running
from tests.web.test_socketio_channel import _converse, run

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


def test_a_socketio_session_through_nginx_gets_every_reply(default_run):
    # polling transport: a request per poll and per message, each of which must reach the session's replica
    answer, follow_up = run(_converse(default_run.base, ["what is a dural tear?", "how common is that?"]))
    assert answer and "dura" in answer[0]["text"].lower()
    assert follow_up, "the session's second message went unanswered (its polls landed on another replica?)"
