"""action_answer_question, run with a real rasa_sdk Tracker and CollectingDispatcher."""

from __future__ import annotations

import pytest
import yaml

from actions.answering import GAPS_FILE, ActionAnswerBesideEmergency, ActionAnswerQuestion, compose, load_gaps
from actions.knowledge import ASPECTS, CONTENT_DIR, GAP_ASPECTS, SECTIONS, KnowledgeBase, knowledge_base
from actions.topic_resolution import _ASPECT_CUES
from tests.actions.conftest import make_tracker, run_action

ACTION = ActionAnswerQuestion()
BESIDE_EMERGENCY = ActionAnswerBesideEmergency()
KB = knowledge_base()


def payloads(messages):
    return [m["custom"] for m in messages if m.get("custom")]


def text_of(messages):
    return " ".join(m["text"] for m in messages if m.get("text"))


def test_a_topic_question_gets_its_summary_payload_buttons_and_focus():
    messages, events = run_action(ACTION, make_tracker("what's a dural tear?", "ask_dural_tear"))
    assert payloads(messages) == [{"topic": "dural_tear", "source": SECTIONS["dural_tear"]}]
    assert KB.get("dural_tear").answer("summary").text in text_of(messages)
    buttons = messages[0]["buttons"]
    assert 2 <= len(buttons) <= 4 and all(b["payload"].startswith("/") for b in buttons)
    assert {"event": "slot", "name": "topic_in_focus", "value": "dural_tear", "timestamp": None} in events


def test_a_follow_up_is_answered_about_the_topic_in_focus():
    messages, _ = run_action(ACTION, make_tracker("what would I notice?", "ask_symptoms", focus="dural_tear"))
    assert payloads(messages)[0]["topic"] == "dural_tear"
    assert KB.get("dural_tear").answer("signs").text in text_of(messages)


def test_a_new_topic_takes_the_focus():
    messages, events = run_action(ACTION, make_tracker("and blood clots?", "ask_blood_clots", focus="dural_tear"))
    assert payloads(messages)[0]["topic"] == "blood_clots"
    assert events[0]["value"] == "blood_clots"


def test_a_follow_up_naming_a_topic_uses_that_topic_not_the_focus():
    entities = [{"entity": "complication", "value": "infection"}]
    messages, _ = run_action(
        ACTION, make_tracker("how common is infection", "ask_likelihood", entities, focus="dural_tear")
    )
    assert payloads(messages)[0]["topic"] == "infection"
    assert KB.get("infection").answer("likelihood").text in text_of(messages)


def test_a_follow_up_with_nothing_in_focus_asks_which_topic():
    messages, events = run_action(ACTION, make_tracker("tell me more", "ask_more"))
    assert messages[0]["response"] == "utter_which_topic" and not payloads(messages) and events == []


def test_what_to_watch_for_with_nothing_in_focus_gets_the_red_flags_as_the_overviews_signs():
    """The article lists no signs; what the clinic asks patients to act on is the overview's safety net."""
    messages, events = run_action(ACTION, make_tracker("what should we keep an eye on once he's home?", "ask_symptoms"))
    assert payloads(messages)[0]["topic"] == "risks_overview"
    assert "chest pain or trouble breathing" in text_of(messages)
    assert events[0]["value"] == "risks_overview"


def test_a_prevention_question_with_nothing_in_focus_gets_the_general_advice():
    messages, _ = run_action(ACTION, make_tracker("how can I avoid problems?", "ask_prevention"))
    assert payloads(messages)[0]["topic"] == "reduce_risk_patient"
    assert KB.get("reduce_risk_patient").answer("summary").text in text_of(messages)


def test_tell_me_more_gives_depth():
    messages, _ = run_action(ACTION, make_tracker("tell me more", "ask_more", focus="infection"))
    assert KB.get("infection").answer("more").text in text_of(messages)


def test_an_aspect_the_content_lacks_is_admitted_not_guessed():
    messages, _ = run_action(ACTION, make_tracker("how common is that", "ask_likelihood", focus="dural_tear"))
    text = text_of(messages)
    assert "does not say how often" in text and "dura" in text  # the topic's summary follows the gap
    assert payloads(messages)[0]["topic"] == "dural_tear"


def test_prevention_without_topic_specific_content_falls_back_to_general_advice_and_tags_both():
    messages, _ = run_action(ACTION, make_tracker("how do I lower that risk?", "ask_prevention", focus="blood_clots"))
    assert [p["topic"] for p in payloads(messages)] == ["blood_clots", "reduce_risk_patient"]
    assert KB.get("reduce_risk_patient").answer("summary").text in text_of(messages)


def test_safety_net_numbers_come_from_the_clinic_slots():
    messages, _ = run_action(ACTION, make_tracker("what would i notice", "ask_symptoms", focus="dural_tear"))
    assert "call 999" in text_of(messages) and "{emergency_number}" not in text_of(messages)


def test_quick_reply_buttons_drop_what_was_just_shown():
    messages, _ = run_action(
        ACTION, make_tracker("what is the dura", "ask_dural_tear", [{"entity": "aspect", "value": "what"}])
    )
    assert all('"what"' not in b["payload"] for b in messages[0]["buttons"])


def test_every_topic_and_aspect_composes_to_text():
    gaps = load_gaps()
    for topic in KB.topics.values():
        for aspect in (*ASPECTS, "severity"):
            answer = compose(KB, gaps, topic, aspect)
            assert answer.text.strip() and topic in answer.topics


def test_every_aspect_a_question_can_ask_is_declared_with_the_content_aspects():
    assert {aspect for aspect, _ in _ASPECT_CUES} - {"severity"} <= set(ASPECTS)
    assert "timeline" in GAP_ASPECTS


@pytest.mark.parametrize("aspect", GAP_ASPECTS)
def test_a_gaps_file_without_the_text_for_an_aspect_is_refused(tmp_path, aspect):
    gaps = yaml.safe_load(GAPS_FILE.read_text(encoding="utf-8"))
    del gaps[aspect]
    (tmp_path / "gaps.yml").write_text(yaml.safe_dump(gaps), encoding="utf-8")
    with pytest.raises(ValueError, match=f"gaps.yml.*{aspect!r}"):
        load_gaps(tmp_path / "gaps.yml")


def test_a_topic_that_gives_timing_is_answered_from_its_own_text_not_the_gap(tmp_path):
    for source in CONTENT_DIR.glob("*.yml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    recovery = yaml.safe_load((tmp_path / "recovery.yml").read_text(encoding="utf-8"))
    timing = "Most people go home the same day or the next day."
    recovery["answers"]["timeline"] = {"text": timing, "quotes": ["a quote from the article"]}
    (tmp_path / "recovery.yml").write_text(yaml.safe_dump(recovery), encoding="utf-8")
    kb = KnowledgeBase.load(tmp_path)
    answer = compose(kb, load_gaps(), kb.get("recovery"), "timeline")
    assert answer.text == timing and answer.shown_aspect == "timeline"


def test_a_question_about_timing_says_the_content_gives_no_exact_times():
    messages, _ = run_action(ACTION, make_tracker("how long before i can go back to work", "ask_recovery"))
    assert "does not give exact times" in text_of(messages)
    assert KB.get("recovery").answer("summary").text in text_of(messages)


def test_when_one_activity_is_allowed_gets_the_honest_out_of_scope_reply_not_the_recovery_text():
    messages, _ = run_action(ACTION, make_tracker("how long before i can drive", "ask_recovery"))
    assert [m.get("response") for m in messages] == ["utter_out_of_scope"]


def test_two_questions_in_one_message_get_two_answers_each_with_its_source():
    ranking = [{"name": "ask_infection", "confidence": 0.5}, {"name": "ask_blood_clots", "confidence": 0.3}]
    entities = [{"entity": "complication", "value": "infection"}, {"entity": "complication", "value": "blood_clots"}]
    parts = [
        {"text": "what's the infection risk", "intent": "ask_infection", "confidence": 0.8},
        {"text": "could I get a clot too", "intent": "ask_blood_clots", "confidence": 0.7},
    ]
    tracker = make_tracker(
        "what's the infection risk and could I get a clot too?",
        "ask_infection",
        entities,
        ranking=ranking,
        question_parts=parts,
    )
    messages, events = run_action(ACTION, tracker)
    topics = [m["custom"]["topic"] for m in messages if m.get("custom")]
    assert topics == ["infection", "blood_clots"]
    assert events[0]["value"] == "infection"


def test_a_second_question_is_answered_from_its_own_reading_not_a_broad_word():
    parts = [
        {"text": "how likely is an infection", "intent": "ask_infection", "confidence": 0.9},
        {"text": "is that a risk for my dad too", "intent": "ask_blood_clots", "confidence": 0.3},
    ]
    tracker = make_tracker(
        "how likely is an infection? is that a risk for my dad too?", "ask_infection", question_parts=parts
    )
    messages, _ = run_action(ACTION, tracker)
    assert [m["custom"]["topic"] for m in messages if m.get("custom")] == ["infection"]


def test_the_name_of_the_operation_is_not_a_second_question():
    # "keyhole" is a procedure term the synonyms map to the advantages topic: it says which operation
    parts = [
        {"text": "is keyhole spine surgery safe", "intent": "ask_risks_overview", "confidence": 0.7},
        {"text": "are there downsides", "intent": "ask_risks_overview", "confidence": 0.6},
    ]
    entities = [{"entity": "procedure", "value": "advantages"}]
    tracker = make_tracker(
        "is keyhole spine surgery safe or are there downsides",
        "ask_risks_overview",
        entities,
        question_parts=parts,
    )
    messages, _ = run_action(ACTION, tracker)
    assert [m["custom"]["topic"] for m in messages if m.get("custom")] == ["risks_overview"]


def test_one_question_gets_one_answer_even_when_another_topic_ranks_second():
    ranking = [{"name": "ask_infection", "confidence": 0.6}, {"name": "ask_blood_clots", "confidence": 0.3}]
    messages, _ = run_action(
        ACTION, make_tracker("how likely is an infection after this surgery?", "ask_infection", ranking=ranking)
    )
    assert [m["custom"]["topic"] for m in messages if m.get("custom")] == ["infection"]


def test_money_and_painkiller_doses_are_declined_whatever_topic_they_sound_like():
    for text, intent in [
        ("what's the anaesthetist fee on top of the surgeon?", "ask_anesthesia"),
        ("how many ibuprofen can I take for the wound pain", "ask_infection"),
    ]:
        messages, events = run_action(ACTION, make_tracker(text, intent))
        assert messages[0]["response"] == "utter_out_of_scope" and events == []


def test_a_declined_question_that_names_a_topic_keeps_that_topic_in_focus_for_the_next_follow_up():
    entities = [{"entity": "complication", "value": "infection"}]
    messages, events = run_action(
        ACTION,
        make_tracker("what percentage of people get an infection?", "ask_infection", entities, focus="dural_tear"),
    )
    assert messages[0]["response"] == "utter_out_of_scope"
    assert {"event": "slot", "name": "topic_in_focus", "value": "infection", "timestamp": None} in events


def test_a_declined_question_naming_two_topics_leaves_the_focus_alone():
    entities = [{"entity": "complication", "value": "infection"}, {"entity": "complication", "value": "blood_clots"}]
    _, events = run_action(
        ACTION, make_tracker("what percentage get an infection or a clot?", "ask_infection", entities, focus="recovery")
    )
    assert not [e for e in events if e.get("name") == "topic_in_focus"]


def test_a_name_like_bill_or_an_appointment_does_not_decline_a_question():
    messages, _ = run_action(
        ACTION, make_tracker("my husband Bill has his appointment friday, could he get a clot?", "ask_blood_clots")
    )
    assert messages[-1]["custom"]["topic"] == "blood_clots"


def test_dose_as_a_typo_of_does_is_not_a_medicine_question():
    messages, _ = run_action(
        ACTION, make_tracker("im 68 and i smoke, dose that make it more riskey", "ask_risk_factors_health")
    )
    assert messages[-1]["custom"]["topic"] == "risk_factors_health"


def test_the_question_beside_an_emergency_is_answered_without_buttons():
    parts = [
        {"text": "my calf is swollen and painful since this morning", "intent": "ask_blood_clots", "confidence": 0.6},
        {"text": "how long is recovery usually", "intent": "ask_recovery", "confidence": 0.8},
    ]
    tracker = make_tracker(
        "my calf is swollen and painful since this morning. how long is recovery usually?",
        "report_emergency",
        [{"entity": "other_question", "value": "ask_recovery"}],
        question_parts=parts,
    )
    messages, _ = run_action(BESIDE_EMERGENCY, tracker)
    assert [m["custom"]["topic"] for m in messages if m.get("custom")] == ["recovery"]
    assert all(not m.get("buttons") for m in messages)


@pytest.mark.parametrize(
    ("question", "said_no_judgement"),
    [("is that the clot that goes to the lungs?", True), ("can a clot go to the lungs?", False)],
)
def test_a_question_about_what_the_symptom_is_gets_the_topic_said_to_be_no_judgement(question, said_no_judgement):
    parts = [{"text": question, "intent": "ask_blood_clots", "confidence": 0.9}]
    tracker = make_tracker(
        f"the paramedics are here now. {question}",
        "emergency_help_coming",
        [{"entity": "other_question", "value": "ask_blood_clots"}],
        question_parts=parts,
    )
    messages, _ = run_action(BESIDE_EMERGENCY, tracker)
    assert [m["custom"]["topic"] for m in messages if m.get("custom")] == ["blood_clots"]
    assert ("can't tell what is happening to you" in messages[0]["text"]) is said_no_judgement
    # one question in the message: no parts, only its asking part
    tracker.latest_message.pop("question_parts")
    tracker.latest_message["asking_part"] = {"text": question, "intent": "ask_blood_clots", "confidence": 0.9}
    messages, _ = run_action(BESIDE_EMERGENCY, tracker)
    assert ("can't tell what is happening to you" in messages[0]["text"]) is said_no_judgement


def test_money_beside_an_emergency_gets_nothing_more_than_the_emergency_reply():
    parts = [{"text": "how much will the surgery cost", "intent": "ask_risks_overview", "confidence": 0.7}]
    tracker = make_tracker(
        "chest pain and I can't breathe. how much will the surgery cost?",
        "report_emergency",
        [{"entity": "other_question", "value": "ask_risks_overview"}],
        question_parts=parts,
    )
    assert run_action(BESIDE_EMERGENCY, tracker)[0] == []


@pytest.mark.parametrize("topic_id", ["infection", "blood_clots"])
def test_signs_the_content_leaves_out_lead_into_the_safety_net_without_denying_it(topic_id):
    """ "no warning signs for this" followed by "if you have a fever… call" read as a contradiction."""
    gaps, topic = load_gaps(), KB.get(topic_id)
    answer = compose(KB, gaps, topic, "signs")
    assert answer.text == f"{gaps['signs_before_safety_net']} {topic.safety_net}"
    assert gaps["signs"] not in answer.text


def test_signs_of_a_topic_without_a_safety_net_say_so_and_give_its_summary():
    gaps, topic = load_gaps(), KB.get("recovery")
    assert not topic.safety_net and not topic.answer("signs")
    assert compose(KB, gaps, topic, "signs").text == f"{gaps['signs']} {topic.summary.text}"


def test_a_follow_up_with_nothing_in_focus_answers_the_topic_read_next():
    ranking = [{"name": "ask_more", "confidence": 0.5}, {"name": "ask_risks_overview", "confidence": 0.4}]
    tracker = make_tracker("small op also has danger? explain one by one", "ask_more", confidence=0.5, ranking=ranking)
    messages, _ = run_action(ACTION, tracker)
    assert payloads(messages)[0]["topic"] == "risks_overview"


def test_a_follow_up_with_nothing_in_focus_and_no_topic_read_surely_next_asks_which_topic():
    ranking = [{"name": "ask_more", "confidence": 0.8}, {"name": "ask_recovery", "confidence": 0.1}]
    messages, _ = run_action(ACTION, make_tracker("go on", "ask_more", confidence=0.8, ranking=ranking))
    assert messages[0]["response"] == "utter_which_topic"


def test_the_signs_of_another_illness_with_nothing_in_focus_still_ask_which_topic():
    messages, _ = run_action(ACTION, make_tracker("what are the symptoms of the flu?", "ask_symptoms"))
    assert messages[0]["response"] == "utter_which_topic" and not payloads(messages)


def test_the_worst_of_the_risks_is_not_ranked_and_the_gravest_harm_named_is_then_followed():
    """The article does not rank its risks; asked which is the worst, the assistant says so and gives the gravest
    harm it names (nerve injury: "even paralysis"), tagged with both topics; "is that common?" then asks of it."""
    messages, events = run_action(
        ACTION, make_tracker("which of them is the most dangerous", "ask_severity", focus="risks_overview")
    )
    assert messages[0]["text"].startswith("The clinic's information does not rank the risks.")
    assert "paralysis" in messages[0]["text"]
    assert [m["custom"]["topic"] for m in messages if m.get("custom")] == ["nerve_injury", "risks_overview"]
    assert {"event": "slot", "timestamp": None, "name": "topic_in_focus", "value": "nerve_injury"} in events
    messages, _ = run_action(ACTION, make_tracker("is that common?", "ask_likelihood", focus="nerve_injury"))
    assert messages[0]["text"].startswith("This is rare.")


def test_asked_how_serious_one_risk_is_the_answer_stays_with_it():
    messages, events = run_action(ACTION, make_tracker("how serious is it", "ask_severity", focus="dural_tear"))
    assert "rank" not in messages[0]["text"]
    assert {"event": "slot", "timestamp": None, "name": "topic_in_focus", "value": "dural_tear"} in events


def test_the_last_one_on_the_list_of_risks_is_answered_about_that_risk():
    tracker = make_tracker("and the last one on that list?", "ask_more", focus="risks_overview")
    overview = KB.get("risks_overview").summary.text
    tracker.events = [
        {"event": "user", "text": "what are the risks", "parse_data": {"intent": {"name": "ask_risks_overview"}}},
        {"event": "bot", "text": overview},
        {"event": "user", "text": "and the last one on that list?"},
    ]
    messages, _ = run_action(ACTION, tracker)
    assert payloads(messages)[0]["topic"] == "conversion_to_open"


@pytest.mark.parametrize(
    ("question", "said_no_judgement"),
    [
        ("the ambulance is here now. is that the clot that goes to the lungs?", True),
        ("the ambulance is here now. can a clot go to the lungs?", False),
    ],
)
def test_right_after_the_advice_a_question_what_the_symptom_is_gets_its_topic_said_to_be_no_judgement(
    question, said_no_judgement
):
    from rasa_sdk import Tracker

    events = [
        {"event": "session_started"},
        {"event": "user", "text": "my calf is hot and swollen", "parse_data": {"intent": {"name": "report_emergency"}}},
        {"event": "action", "name": "utter_emergency"},
        {"event": "user", "text": question, "parse_data": {"intent": {"name": "ask_blood_clots"}}},
    ]
    message = {"text": question, "intent": {"name": "ask_blood_clots", "confidence": 0.9}, "entities": []}
    tracker = Tracker("patient-1", {}, message, events, False, None, {}, "action_listen")
    messages, _ = run_action(ACTION, tracker)
    assert [m["custom"]["topic"] for m in messages if m.get("custom")] == ["blood_clots"]
    assert ("can't tell what is happening to you" in (messages[0].get("text") or "")) is said_no_judgement
