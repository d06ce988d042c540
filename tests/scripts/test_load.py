"""scripts/load.py, the one load generator of the bench, the cluster bench and the scale tests, against a
small REST bot on loopback that answers by rule: what it counts as an error, the order of each
conversation's turns, message ids, staggered starts, and the one percentile definition."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest
from aiohttp import web

from scripts import load
from scripts.load import Step


def test_percentile_is_nearest_rank():
    values = list(range(1, 21))  # 1..20
    assert load.percentile(values, 95) == 19  # 19 of 20 values (95%) are <= 19
    assert load.percentile(values, 50) == 10
    assert load.percentile(values, 100) == 20
    assert load.percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0  # sorted first
    assert load.percentile([7.0], 99) == 7.0
    assert load.percentile([], 95) is None


class Bot:
    """A REST endpoint like Rasa's: "topic X" answers with topic X, "boom" is a 500, "nothing" an empty
    list, "busy" the assistant's stop-gap; every message is recorded as (sender, text, message_id)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, str | None]] = []

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append((body["sender"], body["message"], body.get("message_id")))
        text = body["message"]
        await asyncio.sleep(0.005)
        if text == "boom":
            return web.json_response({"error": "boom"}, status=500)
        if text == "nothing":
            return web.json_response([])
        if text == "busy":
            return web.json_response([{"text": "I'm having trouble answering right now."}])
        topic = text.split()[-1]
        return web.json_response([{"text": f"about {topic}"}, {"custom": {"topic": topic, "source": "s"}}])


@pytest.fixture(scope="module")
def bot() -> Iterator[tuple[Bot, str]]:
    state = Bot()
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", state.webhook)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def degraded(reply: list) -> bool:
    return any("having trouble" in (m.get("text") or "") for m in reply)


def test_each_kind_of_failed_reply_is_an_error_of_its_own(bot):
    _, url = bot
    script = [
        Step("topic infection", frozenset({"infection"})),
        Step("topic blood_clots", frozenset({"infection"})),  # answered, but on another topic
        Step("boom"),
        Step("nothing"),
        Step("busy"),
        Step("topic anything"),  # no expectation: any answer will do
    ]
    result = load.conversations(url, [script], 2, 2, "kinds", degraded=degraded)
    by_text = {s.text: s for s in result.samples}
    assert by_text["topic infection"].error is None and by_text["topic infection"].topics == ["infection"]
    assert by_text["topic blood_clots"].error == "wrong_topic"
    assert by_text["boom"].error == "http_500" and by_text["boom"].status == 500
    assert by_text["nothing"].error == "empty_reply"
    assert by_text["busy"].error == "degraded_reply"
    assert by_text["topic anything"].error is None
    summary = result.summary()
    assert summary["messages"] == 12 and summary["ok"] == 4 and summary["conversations"] == 2
    assert summary["error_types"] == {"wrong_topic": 2, "http_500": 2, "empty_reply": 2, "degraded_reply": 2}
    assert summary["p95_ms"] == load.percentile(result.ok, 95)


def test_no_answer_at_all_is_a_transport_error_without_a_status():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once the probe is closed
    result = load.conversations(f"http://127.0.0.1:{port}/webhooks/rest/webhook", [load.steps("hi")], 1, 1, "dead")
    (sample,) = result.samples
    assert sample.status is None and sample.error.startswith("transport_")


def test_fixed_conversations_send_each_script_in_order_under_one_sender_with_message_ids(bot):
    state, url = bot
    scripts = [load.steps("a one", "a two", "a three"), load.steps("b one", "b two")]
    seen = []
    result = load.conversations(
        url, scripts, 3, 5, "order", message_ids=True, on_sample=lambda sample, done: seen.append(done)
    )
    conversations = result.by_conversation()
    assert len(conversations) == 5 and result.conversations == 5
    assert sorted(len(turns) for turns in conversations.values()) == [2, 2, 3, 3, 3]  # scripts alternate
    for sender, turns in conversations.items():
        assert sender.startswith("order-")
        sent = [(s, t, m) for s, t, m in state.received if s == sender]
        assert [t for _, t, _ in sent] == [turn.text for turn in turns]  # in script order
        assert [m for _, _, m in sent] == [f"{sender}-{i}" for i in range(len(turns))]
    assert seen == list(range(1, 14))  # called after every reply, with the count so far


def test_sustained_runs_for_its_time_and_staggers_the_first_conversations(bot):
    state, url = bot
    script = [Step(f"step {n}", frozenset({"step"})) for n in range(4)]  # the topic is the last word: "0".."3"
    result = load.sustained(url, [script], 4, 1.0, "stagger", stagger=True)
    assert 0.9 <= result.seconds < 3
    firsts = {sender: next(t for s, t, _ in state.received if s == sender) for sender in result.by_conversation()}
    # patient i started at step i, and those rotated steps were not checked for their topic
    assert {"step 0", "step 1", "step 2", "step 3"} <= set(firsts.values())
    rotated = [s for s in result.samples if firsts[s.conversation] != "step 0"]
    assert rotated and all(s.error is None for s in rotated)
    whole = [s for s in result.samples if firsts[s.conversation] == "step 0"]
    assert whole and all(s.error == "wrong_topic" for s in whole)  # checked: "0" is not "step"
