"""The dashboard's figures from the event stream: a real ScrubbingSQLEventBroker file written with Rasa's
own events, folded into the console's database."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered

from addons.event_broker import ScrubbingSQLEventBroker
from console import analytics

TODAY = dt.date.today()


def at(day: dt.date, seconds: float = 36_000) -> float:
    return dt.datetime.combine(day, dt.time()).timestamp() + seconds


def publish(broker: ScrubbingSQLEventBroker, sender: str, *events: Event) -> None:
    for event in events:
        broker.publish({"sender_id": sender, **event.as_dict()})


def turn(text: str, intent: str, when: float, channel: str = "rest") -> UserUttered:
    return UserUttered(
        text,
        {"name": intent, "confidence": 0.9},
        parse_data={"text": text, "intent": {"name": intent, "confidence": 0.9}},
        input_channel=channel,
        timestamp=when,
    )


def reply(text: str | None, topic: str | None, when: float, action: str = "action_answer_question") -> list[Event]:
    data = {"custom": {"topic": topic, "source": None}} if topic else {}
    events: list[Event] = [ActionExecuted(action, timestamp=when)]
    if text:
        events.append(BotUttered(text, {}, timestamp=when))
    if topic:
        events.append(BotUttered(None, data, timestamp=when))
    return events


def a_day_of_conversations(broker, day: dt.date) -> None:
    t = at(day)
    publish(broker, "p1", SessionStarted(timestamp=t), turn("what is a dural tear?", "ask_dural_tear", t))
    publish(broker, "p1", *reply("The dura is...", "dural_tear", t + 0.010))
    publish(broker, "p1", turn("and infection?", "ask_infection", t + 5))
    publish(broker, "p1", *reply("An infection...", "infection", t + 5.030))
    publish(broker, "p2", turn("my calf is swollen and painful", "report_emergency", t + 60, "socketio"))
    publish(broker, "p2", *reply("This could be an emergency", "emergency", t + 60.002, "utter_emergency"))
    publish(broker, "p2", turn("what's the weather", "out_of_scope", t + 70, "socketio"))
    publish(broker, "p2", *reply("Sorry, I can't answer", "out_of_scope", t + 70.004, "action_out_of_scope"))
    publish(broker, "p3", turn("blorp", "nlu_fallback", t + 80))
    publish(broker, "p3", *reply("Sorry, I can't answer", "out_of_scope", t + 80.004, "action_out_of_scope"))
    publish(broker, "p3", turn("I want a person", "human_handoff", t + 90))
    publish(broker, "p3", *reply("Call the clinic", None, t + 90.006, "utter_handoff"))


def test_the_dashboard_counts_each_kind_of_message_per_day_and_channel(store, broker, stream):
    a_day_of_conversations(broker, TODAY)
    analytics.ingest(store, stream)
    figures = analytics.dashboard(store, analytics.DateRange.parse(None, None))
    totals = figures["totals"]
    assert (totals["messages"], totals["conversations"]) == (6, 3)
    assert (totals["out_of_scope"], totals["unsure"], totals["emergencies"], totals["handoffs"]) == (1, 1, 1, 1)
    assert totals["out_of_scope_rate"] == pytest.approx(16.7) and totals["emergency_conversations"] == 1
    assert figures["channels"] == ["rest", "socketio"]
    assert figures["messages_per_day"][-1] == {
        "day": TODAY.isoformat(),
        "total": 6,
        "by_channel": {"rest": 4, "socketio": 2},
    }
    assert figures["messages_per_day"][0]["total"] == 0 and len(figures["days"]) == 7
    assert figures["conversations_per_day"][-1]["conversations"] == 3
    assert figures["conversations_per_channel"] == {"rest": 2, "socketio": 1}
    assert figures["topics"] == [{"topic": "dural_tear", "questions": 1}, {"topic": "infection", "questions": 1}]
    # replies 2 to 30 ms after each message
    assert 1.9 <= totals["latency_p50_ms"] <= 10.1 and 9.9 <= totals["latency_p95_ms"] <= 30.1


def test_reading_again_counts_only_new_events_and_ranges_select_days(store, broker, stream):
    a_day_of_conversations(broker, TODAY - dt.timedelta(days=10))
    assert analytics.ingest(store, stream) > 0
    assert analytics.ingest(store, stream) == 0
    a_day_of_conversations(broker, TODAY)
    analytics.ingest(store, stream)
    this_week = analytics.dashboard(store, analytics.DateRange.parse(None, None))
    assert this_week["totals"]["messages"] == 6
    both = analytics.dashboard(store, analytics.DateRange.parse((TODAY - dt.timedelta(days=10)).isoformat(), None))
    assert both["totals"]["messages"] == 12 and both["totals"]["conversations"] == 3
    rows = analytics.conversations(store, analytics.DateRange.parse(None, None))
    assert {r["sender_id"]: r["channel"] for r in rows} == {"p1": "rest", "p2": "socketio", "p3": "rest"}


def test_a_reply_in_a_later_read_is_still_counted_with_its_message(store, broker, stream):
    t = time.time()
    publish(broker, "p9", turn("chest pain", "report_emergency", t))
    analytics.ingest(store, stream)
    publish(broker, "p9", *reply("This could be an emergency", "emergency", t + 0.5, "utter_emergency"))
    analytics.ingest(store, stream)
    totals = analytics.dashboard(store, analytics.DateRange.parse(None, None))["totals"]
    assert totals["emergencies"] == 1 and totals["latency_p50_ms"] == pytest.approx(500, abs=1)


def test_the_transcript_shows_scrubbed_patient_text_and_tagged_replies_in_order(broker, stream):
    t = time.time()
    publish(
        broker,
        "p5",
        SessionStarted(timestamp=t),
        turn("my name is Jane Roe, call 555-867-5309: <b>infection</b>?", "ask_infection", t),
        *reply("An infection...", "infection", t + 0.01),
    )
    lines = analytics.transcript(stream, "p5")
    assert [line["kind"] for line in lines] == ["session", "patient", "assistant"]
    assert lines[1]["text"] == "my name is [name], call [phone]: <b>infection</b>?"
    assert lines[1]["intent"] == "ask_infection"
    assert lines[2]["text"] == "An infection..." and lines[2]["tags"] == [{"topic": "infection", "source": None}]
    assert analytics.transcript(stream, "nobody") == []


def test_a_missing_event_file_is_an_empty_stream_and_is_not_created(tmp_path, store):
    stream = analytics.EventStream({"dialect": "sqlite", "db": str(tmp_path / "none.sqlite")})
    assert analytics.ingest(store, stream) == 0
    assert not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize(
    "first,last,message",
    [
        ("2026-02-30", None, "YYYY-MM-DD"),
        ("2026-03-02", "2026-03-01", "after"),
        ("2020-01-01", "2026-01-01", "at most"),
    ],
)
def test_bad_ranges_are_refused(first, last, message):
    with pytest.raises(analytics.RangeError, match=message):
        analytics.DateRange.parse(first, last)
