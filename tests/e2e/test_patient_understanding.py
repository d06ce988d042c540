"""Understanding real patients, end to end over REST: red flags at any length and in Spanish, the advice
standing after the emergency reply, the question inside a story, two questions, symptom reports."""

from __future__ import annotations

import pytest

from tests.addons.test_triage import _RED_FLAGS, _insert, _story
from tests.e2e.conftest import new_sender, text, topics


@pytest.mark.parametrize("length", [1600, 5000, 19000])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_red_flag_anywhere_in_a_long_message_gets_the_emergency_reply(servers, length, where):
    red_flag = list(_RED_FLAGS)[length % len(_RED_FLAGS)]
    assert "emergency" in topics(servers.say(_insert(_story(length), red_flag, where)))


def test_a_long_calm_story_is_answered_on_the_question_it_ends_with(servers):
    reply = servers.say(_story(2000) + " Anyway, my real question: what is a dural tear?")
    assert topics(reply) == ["dural_tear"]


def test_symbols_do_not_hide_a_fever(servers):
    assert "emergency" in topics(servers.say("pain <5 but fever >39 since this morning"))


@pytest.mark.parametrize(
    "message",
    [
        "Me operaron hace 4 días y ahora tengo fiebre de 39 y la herida está roja y sale pus",
        "mi papá no puede mover las piernas desde esta mañana",
        "my mom no puede orinar since last night",
    ],
)
def test_a_spanish_or_mixed_red_flag_gets_the_emergency_reply_in_spanish(servers, message):
    reply = servers.say(message)
    assert topics(reply) == ["emergency"]
    assert "emergencia" in text(reply) and "911" in text(reply)


def test_asking_to_wait_after_the_emergency_reply_gets_the_advice_again(servers):
    sender = new_sender()
    assert topics(servers.say("my calf is swollen and really painful since this morning", sender)) == ["emergency"]
    reply = servers.say("should I just wait until the morning?", sender)
    assert topics(reply) == ["emergency"] and "don't wait" in text(reply)


def test_a_harmless_cause_or_an_errand_first_right_after_the_emergency_reply_gets_the_advice_again(servers):
    """No list of words foresees every way of putting off care: right after the advice, whatever the patient
    says gets it again unless it settles it (content/emergency_triggers.yml `advice_settled`)."""
    sender = new_sender()
    assert topics(servers.say("my calf is swollen and really painful since this morning", sender)) == ["emergency"]
    assert topics(servers.say("pretty sure that's from carrying the shopping up the hill earlier", sender)) == [
        "emergency"
    ]
    assert "emergency" not in topics(servers.say("ok fine, my neighbour is driving me in", sender))


def test_help_on_its_way_is_acknowledged_and_a_later_question_answered(servers):
    sender = new_sender()
    assert topics(servers.say("I can't catch my breath and my chest hurts", sender)) == ["emergency"]
    assert "emergency" not in topics(servers.say("ok the ambulance is on its way", sender))
    assert topics(servers.say("what is a dural tear?", sender)) == ["dural_tear"]


def test_an_emergency_comes_first_and_the_ordinary_question_beside_it_is_answered_after(servers):
    reply = servers.say("my calf is swollen and really painful since this morning. Also, how long is recovery usually?")
    assert topics(reply) == ["emergency", "recovery"]


def test_a_question_about_the_emergency_symptoms_gets_only_the_emergency_reply(servers):
    assert topics(servers.say("my calf is swollen and really painful since this morning, is that a clot?")) == [
        "emergency"
    ]


def test_two_questions_in_one_message_are_both_answered(servers):
    assert set(topics(servers.say("what's the infection risk and could I get a blood clot too?"))) == {
        "infection",
        "blood_clots",
    }


def test_a_mild_symptom_gets_no_reassurance_but_the_office_and_the_red_flags(servers):
    reply = servers.say("my wound is a bit red today, is that normal?")
    assert topics(reply) == ["infection"]
    assert "can't check symptoms" in text(reply) and "(555) 010-2000" in text(reply)


def test_a_declined_question_keeps_its_topic_for_the_follow_up(servers):
    sender = new_sender()
    assert topics(servers.say("what percentage of patients get an infection?", sender)) == ["out_of_scope"]
    assert topics(servers.say("how common is it then?", sender)) == ["infection"]


def test_a_short_english_follow_up_is_answered_in_english(servers):
    sender = new_sender()
    assert topics(servers.say("Could the surgery injure my nerves?", sender)) == ["nerve_injury"]
    reply = servers.say("is it permanent?", sender)
    assert "emergency" not in topics(reply) and "nervio" not in text(reply) and "nerve" in text(reply)


def test_the_crews_word_to_stay_home_is_acknowledged_and_the_next_question_answered(servers):
    sender = new_sender()
    assert topics(servers.say("my chest feels crushed and I'm gasping, op was monday", sender)) == ["emergency"]
    reply = servers.say("the ambulance crew looked me over and said im fine to stay home tonight", sender)
    assert "emergency" not in topics(reply)
    assert topics(servers.say("how can I lower my risk of clots from now on?", sender))[0] == "blood_clots"


def test_a_fever_supposed_after_another_topic_is_asked_about_the_infection(servers):
    sender = new_sender()
    assert topics(servers.say("is the general anaesthetic safe?", sender)) == ["anesthesia"]
    assert topics(servers.say("and what if I run a temperature once I'm home?", sender)) == ["infection"]


def test_a_long_story_asking_with_no_question_mark_is_answered_on_what_it_asks(servers):
    story = (
        "I look after my aunt, who is 79. She has heart failure and her sugars are never quite right. "
        "Her surgeon has offered her the keyhole operation for her back and she is minded to say yes. "
        "She asked me to help her decide and we have talked it over a lot. "
        "We are trying to find out whether her heart and her diabetes make the operation more dangerous for her."
    )
    assert topics(servers.say(story))[0] == "risk_factors_health"
