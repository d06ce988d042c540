"""action_emergency_follow_up: within a few turns of an emergency reply the advice stands."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.emergency_follow_up import ActionEmergencyFollowUp, emergency_advised_recently
from tests.actions.conftest import run_action

ACTION = ActionEmergencyFollowUp()


def _user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text}


def _bot_action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name}


def _tracker(intent: str, events: list[dict[str, Any]]) -> Tracker:
    message = {"text": "…", "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return Tracker("patient-1", {}, message, events, False, None, {}, "action_listen")


EMERGENCY_THEN_A_QUESTION = [
    {"event": "session_started"},
    _user("my legs are numb since lunch"),
    _bot_action("utter_emergency"),
    _user("is nerve damage common?"),
    _bot_action("action_answer_question"),
    _user("can it wait until monday"),
]


def test_asking_to_wait_a_turn_later_gets_the_advice_again():
    messages, _ = run_action(ACTION, _tracker("emergency_wait", EMERGENCY_THEN_A_QUESTION))
    assert messages[0]["response"] == "utter_emergency_wait"


def test_help_on_its_way_is_acknowledged():
    messages, _ = run_action(ACTION, _tracker("emergency_help_coming", EMERGENCY_THEN_A_QUESTION))
    assert messages[0]["response"] == "utter_emergency_acknowledge"


def test_without_an_emergency_reply_asking_to_wait_is_not_treated_as_one():
    events = [
        {"event": "session_started"},
        _user("what is a dural tear"),
        _bot_action("action_answer_question"),
        _user("can I wait a few months"),
    ]
    messages, _ = run_action(ACTION, _tracker("emergency_wait", events))
    assert messages[0]["response"] == "utter_out_of_scope"


def test_an_emergency_reply_long_ago_or_in_an_earlier_session_does_not_count():
    many_turns = [_user(f"question {i}") for i in range(7)]
    assert not emergency_advised_recently([_bot_action("utter_emergency"), *many_turns])
    assert not emergency_advised_recently([_bot_action("utter_emergency"), {"event": "session_started"}, _user("hi")])
    assert emergency_advised_recently([_bot_action("utter_emergency_es"), _user("puedo esperar?")])


def test_help_on_its_way_but_asking_to_wait_gets_the_advice_again():
    events = [
        {"event": "session_started"},
        _user("chest pain and I can't breathe"),
        _bot_action("utter_emergency"),
        _user("the ER wait here is 6 hours, should I just call the office on Monday?"),
    ]
    tracker = Tracker(
        "patient-1",
        {},
        {"text": events[-1]["text"], "intent": {"name": "emergency_help_coming"}},
        events,
        False,
        None,
        {},
        "action_listen",
    )
    messages, _ = run_action(ACTION, tracker)
    assert messages[0]["response"] == "utter_emergency_wait"


def test_the_advice_repeated_from_within_an_action_counts_as_an_emergency_reply():
    events = [
        {"event": "session_started"},
        _user("chest pain"),
        _bot_action("utter_emergency"),
        _user("hmm"),
        _bot_action("action_out_of_scope"),
        {"event": "bot", "text": "Please don't wait", "data": {"custom": {"topic": "emergency"}}},
        _user("can I just sleep on it"),
    ]
    assert emergency_advised_recently(events, turns=1)


def test_after_help_is_coming_a_question_with_wait_in_it_is_answered():
    help_coming = {
        "event": "user",
        "text": "my husband is calling 911 now",
        "parse_data": {"intent": {"name": "emergency_help_coming"}},
    }
    events = [
        {"event": "session_started"},
        _user("chest pain"),
        _bot_action("utter_emergency"),
        help_coming,
        _bot_action("action_emergency_follow_up"),
        _user("while we wait, what is a dural tear?"),
    ]
    tracker = Tracker(
        "patient-1",
        {},
        {"text": "while we wait, what is a dural tear?", "intent": {"name": "ask_dural_tear"}},
        events,
        False,
        None,
        {},
        "action_listen",
    )
    from actions.emergency_follow_up import repeats_emergency_advice

    assert not repeats_emergency_advice(tracker)


def _right_after_an_emergency(symptom: str, reply: str, text: str, intent: str) -> Tracker:
    """The patient's first message after an emergency reply, read by the classifier as `intent`."""
    events = [{"event": "session_started"}, _user(symptom), _bot_action(reply), _user(text)]
    return Tracker(
        "patient-1", {}, {"text": text, "intent": {"name": intent}}, events, False, None, {}, "action_listen"
    )


def test_a_spanish_question_whether_a_pill_and_bed_would_do_gets_the_advice_again_whatever_its_accents():
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "se me están hinchando los labios y la lengua",
        "utter_emergency_es",
        "¿con un antihistamínico y a la cama basta?",
        "out_of_scope",
    )
    assert repeats_emergency_advice(tracker)


def test_with_no_emergency_in_sight_a_question_read_as_asking_to_wait_is_answered_as_a_question():
    from tests.actions.conftest import make_tracker

    ranking = [
        {"name": "emergency_wait", "confidence": 0.63},
        {"name": "ask_reduce_risk_patient", "confidence": 0.26},
    ]
    tracker = make_tracker(
        "ok I'll try to quit. anything else I can do?", "emergency_wait", ranking=ranking, focus="risk_factors_health"
    )
    messages, _ = run_action(ACTION, tracker)
    assert "reduce_risk_patient" in [(m.get("custom") or {}).get("topic") for m in messages]


def test_keeping_an_eye_on_it_read_as_a_question_about_signs_gets_the_advice_again():
    """Watching it is waiting, whatever the classifier reads ("what to keep an eye on" asks about signs)."""
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "clear fluid is dripping from my incision", "utter_emergency", "I'll keep an eye on it for now", "ask_symptoms"
    )
    assert repeats_emergency_advice(tracker)


def test_whatever_else_the_next_message_asks_the_advice_stands():
    """Patients put off care in ways no word list foresees: an errand first, a harmless cause, a question
    about something else. Right after the emergency reply each gets the advice again, whatever the
    classifier read it as."""
    from actions.emergency_follow_up import repeats_emergency_advice

    for text, intent in [
        ("gotta pick the kids up from school first, then?", "ask_recovery"),
        ("might it only be indigestion from dinner", "ask_severity"),
        ("probs from the long drive yesterday haha", "out_of_scope"),
        ("what is a dural tear exactly", "ask_dural_tear"),
    ]:
        tracker = _right_after_an_emergency("my calf is hot and swollen", "utter_emergency", text, intent)
        assert repeats_emergency_advice(tracker), text


@pytest.mark.parametrize(
    "text, intent",
    [
        # the symptom taken back, or a doctor's word since
        ("sorry, I meant in general, I don't have that", "ask_nerve_injury"),
        ("the ER doctor said it wasn't a clot. what makes clots more likely?", "ask_blood_clots"),
        ("ya estamos en urgencias y me dijeron que no era nada. ¿por qué se forman coágulos?", "ask_blood_clots"),
        # help on its way said with a verb the classifier missed
        ("alright, my brother's driving me in", "out_of_scope"),
        ("I've rung 111, they said go straight to A&E", "ask_recovery"),
        ("the paramedics are here", "ask_blood_clots"),
        # help on its way in Spanish, then a question read as a question
        ("ya vienen los paramédicos. mientras, ¿los coágulos son comunes?", "ask_blood_clots"),
        ("marqué al 911 y mi hijo me lleva al hospital, ¿qué es la fuga de líquido?", "ask_dural_tear"),
        # agreeing to call now, read as a question the assistant cannot answer
        ("right, we'll ring the on-call team", "out_of_scope"),
        ("bueno, vamos a llamar ya", "out_of_scope"),
        # leaving now, said alone; a lift now; the ward's own staff; pidgin (b58, b59)
        ("alright we're off", "out_of_scope"),
        ("my sister will take us now", "out_of_scope"),
        ("ok I'm calling the nurses station", "out_of_scope"),
        ("my cousin de carry me go clinic", "out_of_scope"),
        # we are taking them ourselves, in Spanish, with a question beside it
        ("ya lo llevamos al hospital, mientras tanto ¿los coágulos son frecuentes?", "ask_blood_clots"),
        ("lo trajimos a urgencias. ¿qué es un desgarro dural?", "ask_dural_tear"),
    ],
)
def test_what_settles_the_advice_ends_it(text, intent):
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency("my calf is hot and swollen", "utter_emergency", text, intent)
    assert not repeats_emergency_advice(tracker), text


@pytest.mark.parametrize(
    "text,intent,repeated",
    [
        # read as asking to wait or as a symptom report: help under way now settles it (es36, es37)
        ("my sister is taking me to the hospital right now", "emergency_wait", False),
        ("estamos yendo al IPS en el auto de mi primo", "emergency_wait", False),
        ("ok ya mi primo me ta llevando a la clinica", "report_symptom", False),
        # help on its way but not now: the classifier's reading stands
        ("my son can take me to the hospital when he finishes his shift", "emergency_wait", True),
        ("mi hijo me lleva al hospital cuando salga del trabajo", "emergency_wait", True),
        # another way there, now, is help under way (es38); driving oneself, later, or after someone is home is not
        ("ok ya estoy en el Uber pal ER", "emergency_help_coming", False),
        ("my flatmate will drive me to the hospital now", "emergency_help_coming", False),
        ("can I just get an uber to the clinic?", "emergency_help_coming", True),
        ("fine, I'll drive myself in", "emergency_help_coming", True),
        ("my husband will take me once he gets home from work", "emergency_help_coming", True),
        ("nos vamos en el carro de mi tío en cuanto termine su turno", "emergency_help_coming", True),
    ],
)
def test_help_under_way_now_settles_the_advice_whatever_the_classifier_read(text, intent, repeated):
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency("my calf is hot and swollen", "utter_emergency", text, intent)
    assert repeats_emergency_advice(tracker) is repeated, text


def test_a_triggers_document_without_advice_settled_words_takes_nothing_back():
    """A version approved in the console before `advice_settled` existed: the advice then stands for everything."""
    from actions.live_content import advice_settled_pattern

    assert not advice_settled_pattern({"after_emergency": ["wait"]}).search("i meant in general")


def test_help_on_its_way_with_a_wish_to_wait_gets_the_advice_again():
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "my calf is hot and swollen", "utter_emergency", "I've rung the surgeon, can it wait till morning?", "ask_more"
    )
    assert repeats_emergency_advice(tracker)


def test_help_on_its_way_read_as_a_question_it_cannot_answer_is_acknowledged_not_declined():
    from actions.out_of_scope import ActionOutOfScope

    tracker = _right_after_an_emergency(
        "my calf is hot and swollen", "utter_emergency", "fine, my neighbour is driving me in", "out_of_scope"
    )
    messages, _ = run_action(ActionOutOfScope(), tracker)
    assert [m["response"] for m in messages] == ["utter_emergency_acknowledge"]


def test_once_staff_have_written_since_the_emergency_reply_a_question_is_answered():
    """The inbox flags the emergency to the member of staff in the conversation; once they have written (or
    handed the conversation back), the patient's next question is answered, not met with the advice again."""
    from actions.emergency_follow_up import repeats_emergency_advice

    events = [
        {"event": "session_started"},
        _user("my calf is hot and swollen"),
        _bot_action("utter_emergency"),
        {"event": "bot", "text": "Eve has handed you back", "metadata": {"handoff": "handed_back", "staff": "eve"}},
        _user("what is a dural tear?"),
    ]
    tracker = Tracker(
        "p", {}, {"text": "what is a dural tear?", "intent": {"name": "ask_dural_tear"}}, events, False, None, {}, "x"
    )
    assert not repeats_emergency_advice(tracker)
    assert repeats_emergency_advice(
        Tracker("p", {}, tracker.latest_message, [e for e in events if e.get("event") != "bot"], False, None, {}, "x")
    )


@pytest.mark.parametrize(
    "text, intent",
    [
        # care has reached them: words that would otherwise ask to wait do not bring the advice back
        (
            "the ambulance crew are with her now. while I wait for a taxi, is a clot common after this?",
            "ask_blood_clots",
        ),
        ("we went to A&E yesterday, they drained it and I'm feeling better. how do infections start?", "ask_infection"),
        ("ya me atendieron y me curaron, estoy en casa descansando", "emergency_wait"),
        ("la doctora ya lo vio esta tarde, dice que es un hematoma y que descanse", "emergency_wait"),
        # treated since and home again
        ("they took me back to theatre, patched the leak and I'm home again. will it happen again?", "ask_dural_tear"),
    ],
)
def test_care_since_the_emergency_reply_ends_the_advice_even_beside_words_that_ask_to_wait(text, intent):
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency("my calf is hot and swollen", "utter_emergency", text, intent)
    assert not repeats_emergency_advice(tracker), text


def test_a_message_that_settled_the_advice_keeps_it_settled_for_the_next_question():
    from actions.emergency_follow_up import repeats_emergency_advice

    events = [
        {"event": "session_started"},
        _user("fever and my wound is leaking pus"),
        _bot_action("utter_emergency"),
        {
            "event": "user",
            "text": "they saw me at urgent care and gave me antibiotics",
            "parse_data": {"intent": {"name": "out_of_scope"}},
        },
        _bot_action("action_out_of_scope"),
        _user("is infection less likely with the small cuts?"),
    ]
    tracker = Tracker(
        "patient-1",
        {},
        {"text": events[-1]["text"], "intent": {"name": "ask_infection"}},
        events,
        False,
        None,
        {},
        "action_listen",
    )
    assert not repeats_emergency_advice(tracker)


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        # small talk that asks to wait gets the advice again; plain small talk its ordinary reply
        ("she says she'll lie down first and see how it goes, bye", "goodbye", "utter_emergency_wait"),
        ("thanks, I'll just take a painkiller", "thank", "utter_emergency_wait"),
        ("ok thanks", "thank", "utter_you_are_welcome"),
        ("bye", "goodbye", "utter_goodbye"),
        ("no", "deny", "utter_anything_else"),
        # calling as they write, read as a goodbye or thanks: acknowledged
        ("ok ok calling them right now", "goodbye", "utter_emergency_acknowledge"),
        ("thanks, I'm phoning now", "thank", "utter_emergency_acknowledge"),
        # ... but calling only later is a delay
        ("thanks, I'm phoning the surgery in the morning", "thank", "utter_emergency_wait"),
        # read as a yes, a no or thanks, but saying more: the advice again unless it settles it (b49, es29)
        ("honestly I don't want to make a fuss over nothing", "deny", "utter_emergency_wait"),
        ("ya se le pasó, dice que está bien, ¿no hace falta verdad?", "affirm", "utter_emergency_wait"),
        ("okay okay, dialling 911", "affirm", "utter_emergency_acknowledge"),
        ("thanks, calling", "thank", "utter_emergency_acknowledge"),
        ("yes", "affirm", "utter_anything_else"),
    ],
)
def test_small_talk_right_after_the_advice_gets_it_again_when_it_asks_to_wait_or_says_more(text, intent, expected):
    tracker = _right_after_an_emergency("my chest hurts and I'm breathless", "utter_emergency", text, intent)
    messages, _ = run_action(ACTION, tracker)
    assert [m["response"] for m in messages] == [expected]


def test_refusing_the_ambulance_read_as_help_on_its_way_gets_the_advice_again():
    """The words refuse the care ("don't call anyone"); the NLU side turns such a reading into asking to wait."""
    from addons.triage import TriageRules

    rules = TriageRules.from_file()
    for text in ["she says don't ring anyone, she hates hospitals", "mi papá no quiere que llame a nadie"]:
        assert rules.puts_off_care(text), text


def test_help_on_its_way_with_a_question_beside_it_is_acknowledged_then_answered():
    text = "the paramedics are with him now. how long is recovery from this surgery?"
    events = [
        {"event": "session_started"},
        _user("he can't feel his legs"),
        _bot_action("utter_emergency"),
        _user(text),
    ]
    message = {
        "text": text,
        "intent": {"name": "emergency_help_coming"},
        "entities": [{"entity": "other_question", "value": "ask_recovery"}],
        "question_parts": [
            {"text": "how long is recovery from this surgery?", "intent": "ask_recovery", "confidence": 0.9}
        ],
    }
    tracker = Tracker("patient-1", {}, message, events, False, None, {}, "action_listen")
    messages, _ = run_action(ACTION, tracker)
    assert messages[0]["response"] == "utter_emergency_acknowledge"
    assert "recovery" in [(m.get("custom") or {}).get("topic") for m in messages[1:]]


def test_at_the_hospital_but_wanting_to_leave_and_come_back_gets_the_advice_again():
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "I can't feel my legs",
        "utter_emergency",
        "we're at the ER but it's packed, can we come back tomorrow?",
        "ask_recovery",
    )
    assert repeats_emergency_advice(tracker)


@pytest.mark.parametrize(
    "text",
    [
        "the nurse said it's probably the anaesthetic, so can I wait and see?",
        "la enfermera dijo que es por la anestesia, ¿me espero?",
    ],
)
def test_a_doctors_word_beside_a_wish_to_wait_still_gets_the_advice_again(text):
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "I'm wheezing and my lips are swelling", "utter_emergency", text, "emergency_wait"
    )
    assert repeats_emergency_advice(tracker)


def test_agreeing_to_call_only_later_still_gets_the_advice_again():
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "my calf is hot and swollen", "utter_emergency", "ok I'll call tomorrow", "out_of_scope"
    )
    assert repeats_emergency_advice(tracker)


@pytest.mark.parametrize(
    "text",
    [
        # sitting it out in the waiting room, ashamed to go for nothing, ice at home (b58, es31)
        "I'll sit here quietly till they call me",
        "me da pena ir a urgencias y que resulte nada",
        "le pongo hielo y ya, no?",
        # stopping it with a towel and hoping (b46)
        "I'm holding a towel on it, maybe it will stop",
    ],
)
def test_sitting_it_out_shame_and_home_remedies_get_the_advice_again(text):
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "my chest hurts and I feel faint", "utter_emergency", text, "emergency_help_coming"
    )
    assert repeats_emergency_advice(tracker), text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # waiting for daylight, in the plural; Portuguese on the border; a correction of the side (es32, b60)
        ("aquí no llega la ambulancia, ¿esperamos a que amanezca?", "emergency_help_coming"),
        ("acho que não é nada, amanhã vou ao médico", "emergency_help_coming"),
        ("sorry I meant my left arm not the right one", "out_of_scope"),
    ],
)
def test_waiting_for_daylight_and_correcting_the_symptom_get_the_advice_again(text, intent):
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "my right arm went weak and my face is drooping", "utter_emergency", text, intent
    )
    assert repeats_emergency_advice(tracker), text


def test_meaning_it_in_general_still_takes_the_symptom_back():
    from actions.emergency_follow_up import repeats_emergency_advice

    tracker = _right_after_an_emergency(
        "what if my arm went weak?", "utter_emergency", "sorry, I meant in general, not me", "out_of_scope"
    )
    assert not repeats_emergency_advice(tracker)
