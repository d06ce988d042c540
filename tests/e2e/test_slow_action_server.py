"""A slow action server (up, accepting the call, answering only after 20 s): the patient still gets a
reply within 3 s saying the assistant is having trouble and how to reach staff, and emergencies are
escalated as fast as ever (addons/action_deadline.py; the down case: test_rest_conversation.py)."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import new_sender, text, topics


@pytest.mark.parametrize("message", ["what is a dural tear?", "how much will this cost me?"])
def test_a_slow_action_server_gets_a_trouble_reply_within_3_seconds(guarded, slow_actions, message):
    calls = slow_actions.calls
    status, reply, seconds = guarded.post_raw(json.dumps({"sender": new_sender(), "message": message}).encode())
    assert status == 200 and seconds < 3, seconds
    assert "having trouble" in text(reply) and "(555) 010-2000" in text(reply) and "911" in text(reply)
    assert slow_actions.calls == calls + 1  # the action server was called, and not waited for
    print(f"\n{message!r}: trouble reply after {seconds:.2f} s")


def test_with_a_slow_action_server_an_emergency_is_escalated_at_once(guarded, slow_actions):
    calls = slow_actions.calls
    status, reply, seconds = guarded.post_raw(
        json.dumps({"sender": new_sender(), "message": "I have a fever and pus coming out of my wound"}).encode()
    )
    assert status == 200 and seconds < 3, seconds
    assert topics(reply) == ["emergency"] and "911" in text(reply)
    assert slow_actions.calls == calls  # a domain response: the action server is not involved
    print(f"\nemergency reply after {seconds:.2f} s")
