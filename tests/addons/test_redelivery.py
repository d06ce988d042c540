"""A redelivered message gets the stored replies again and is not handled twice."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from addons.redelivery import replies_after, resend_if_handled
from tests.addons.test_tracker_store import store_at

EVENTS = [
    ActionExecuted("action_listen"),
    UserUttered("what is a dural tear?", message_id="m1"),
    BotUttered("A dural tear is ...", data={"custom": {"topic": "dural_tear"}}),
    BotUttered("Anything else?", data={"buttons": [{"title": "Tell me more", "payload": "/ask_more"}]}),
    ActionExecuted("action_listen"),
    UserUttered("how common is it?", message_id="m2"),
    BotUttered("The article gives no figure."),
]


def test_the_replies_to_a_message_are_those_up_to_the_next_user_message():
    assert [r.text for r in replies_after(EVENTS, "m1")] == ["A dural tear is ...", "Anything else?"]
    assert [r.text for r in replies_after(EVENTS, "m2")] == ["The article gives no figure."]


def test_a_message_never_seen_is_not_a_redelivery():
    assert replies_after(EVENTS, "m3") is None
    assert replies_after([], "m1") is None


def test_a_redelivered_message_is_answered_from_the_stored_conversation(tmp_path):
    store = store_at(tmp_path / "c.sqlite")
    tracker = store.init_tracker("patient-1")
    for event in EVENTS:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    agent = SimpleNamespace(tracker_store=store)

    collector = CollectingOutputChannel()
    assert asyncio.run(resend_if_handled(agent, "patient-1", "m1", collector))
    # the same shape Rasa's REST channel gives a first delivery: text, the custom payload, the buttons
    assert [m["text"] for m in collector.messages if "text" in m] == ["A dural tear is ...", "Anything else?"]
    assert [m["custom"] for m in collector.messages if "custom" in m] == [{"topic": "dural_tear"}]
    assert [b["payload"] for m in collector.messages for b in m.get("buttons", [])] == ["/ask_more"]

    fresh = CollectingOutputChannel()
    assert not asyncio.run(resend_if_handled(agent, "patient-1", "m9", fresh))
    assert not asyncio.run(resend_if_handled(agent, "someone-else", "m1", fresh))
    assert fresh.messages == []
