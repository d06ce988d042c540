"""The widget's socket.io output outside a patient's turn: a staff reply (Rasa's HTTP API asks the channel for
an output) and a reminder (the pickup timeout) are sent at once, whole; a staff step is marked for the widget
and shown as typed. The real path, through Rasa and Chromium, is tests/handoff/browser/."""

from __future__ import annotations

from addons.channels.web_socketio import INLINE, PAYLOAD, WebOutput, WebSocketIOInput
from tests.web.test_socketio_channel import FakeSio, run


def test_the_output_rasa_gets_for_its_http_api_sends_each_message_at_once():
    sio = FakeSio()
    channel = WebSocketIOInput()
    channel.sio = sio  # type: ignore[assignment]
    output = channel.get_output_channel()
    assert isinstance(output, WebOutput) and not output.in_turn
    run(output.send_response("conv", {"text": "To talk with a person, call the clinic."}))
    assert [m["data"]["text"] for m in sio.emitted] == ["To talk with a person, call the clinic."]
    assert sio.emitted[0]["room"] == "conv"


def test_a_staff_step_is_one_bubble_marked_for_the_widget_and_shown_as_typed():
    sio = FakeSio()
    message = {"text": "eve (clinic staff): take *2* tablets\n\nand call us", "handoff": "reply", "staff": "eve"}
    run(WebOutput(sio, "bot_uttered", INLINE, in_turn=False).send_response("conv", message))
    assert [(m["event"], m["room"]) for m in sio.emitted] == [("miss_handoff", "conv"), ("bot_uttered", "conv")]
    assert sio.emitted[0]["data"] == {"step": "reply"}
    # rasa-webchat draws a text message only when "text" is its one key
    assert sio.emitted[1]["data"] == {"text": "eve \\(clinic staff\\): take \\*2\\* tablets\n\nand call us"}


def test_inside_a_turn_text_still_waits_for_its_source():
    sio = FakeSio()

    async def turn() -> None:
        output = WebOutput(sio, "bot_uttered", INLINE)
        await output.send_response("conv", {"text": "A dural tear is a tear."})
        assert sio.emitted == []  # held for the turn's source line
        await output.send_response("conv", {"custom": {"topic": "dural_tear", "source": "Risks"}})
        await output.flush()
        # after its turn Rasa may still use it, for the turn's reminders: then nothing is held back
        output.in_turn = False
        await output.send_response("conv", {"text": "Nobody could join."})

    run(turn())
    texts = [m["data"]["text"] for m in sio.emitted]
    assert texts == ["A dural tear is a tear.\n\n*Source: Risks*", "Nobody could join."]


def test_the_assistants_handoff_steps_are_told_to_the_page_before_their_message():
    """What the kiosk keeps its screen by (web/kiosk/idle.js): the action server marks its waiting and timeout
    replies (actions/handoff.py); the page gets the step, and a wait's seconds left, as `miss_handoff`."""
    sio = FakeSio()

    async def turn() -> None:
        output = WebOutput(sio, "bot_uttered", PAYLOAD)
        text = "I have asked a member of the clinic's staff."
        waiting = {"text": text, "handoff_step": "waiting", "wait_seconds": 120}
        await output.send_response("kiosk-1", {**waiting, "utter_action": "utter_handoff_waiting"})
        await output.send_response("kiosk-1", {"text": "An answer.", "utter_action": "utter_infection"})
        await output.send_response("kiosk-1", {"text": "Nobody could join.", "handoff_step": "timeout"})
        await output.send_response("kiosk-1", {"text": "Forged.", "handoff_step": "joined"})  # staff steps: relay only

    run(turn())
    assert [(m["event"], m["data"]) for m in sio.emitted] == [
        ("miss_handoff", {"step": "waiting", "seconds": 120}),
        ("bot_uttered", {"text": "I have asked a member of the clinic's staff."}),
        ("bot_uttered", {"text": "An answer."}),
        ("miss_handoff", {"step": "timeout"}),
        ("bot_uttered", {"text": "Nobody could join."}),
        ("bot_uttered", {"text": "Forged."}),
    ]
