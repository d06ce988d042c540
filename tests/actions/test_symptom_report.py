"""action_symptom_report: no reassurance and no diagnosis; the surgeon's office and the red flags."""

from __future__ import annotations

from actions.symptom_report import ActionSymptomReport
from tests.actions.conftest import CONTACT_SLOTS, make_tracker, run_action

ACTION = ActionSymptomReport()
REASSURANCE = ("normal", "nothing to worry", "don't worry", "fine", "expected", "common after")


def test_a_mild_wound_symptom_gets_the_office_number_and_the_infection_red_flags():
    messages, events = run_action(
        ACTION, make_tracker("my wound is a bit red today, is that normal?", "report_symptom")
    )
    text = messages[0]["text"]
    assert CONTACT_SLOTS["clinic_phone"] in text and CONTACT_SLOTS["clinic_hours"] in text
    assert "pus" in text and "fever" in text  # the infection topic's safety net
    assert not any(word in text.lower().replace("if this is normal", "") for word in REASSURANCE)
    assert messages[1]["custom"] == {"topic": "infection", "source": "General Surgery Risks"}
    assert events[0]["value"] == "infection"


def test_tingling_toes_are_tied_to_nerve_injury():
    messages, _ = run_action(ACTION, make_tracker("still some tingling in my toes", "report_symptom"))
    assert messages[1]["custom"]["topic"] == "nerve_injury"


def test_a_symptom_no_topic_covers_gets_the_general_red_flags_and_out_of_scope():
    messages, events = run_action(
        ACTION,
        make_tracker(
            "I feel a bit off today, is that ok",
            "report_symptom",
            ranking=[{"name": "report_symptom", "confidence": 0.9}],
        ),
    )
    assert CONTACT_SLOTS["emergency_number"] in messages[0]["text"]
    assert messages[1]["custom"] == {"topic": "out_of_scope", "source": None}
    assert events == []


def test_a_symptom_the_classifier_also_read_as_the_risks_is_not_tagged_as_the_overview():
    """The overview's safety net is the general red flags: they stay tagged out of scope for a symptom."""
    messages, events = run_action(
        ACTION,
        make_tracker(
            "I feel a bit off today, is that ok",
            "report_symptom",
            ranking=[{"name": "report_symptom", "confidence": 0.6}, {"name": "ask_risks_overview", "confidence": 0.3}],
        ),
    )
    assert messages[1]["custom"] == {"topic": "out_of_scope", "source": None}
    assert events == []


def test_feeling_tired_and_achy_is_tied_to_recovery_with_the_general_red_flags():
    messages, _ = run_action(
        ACTION, make_tracker("home day 2 and feeling pretty tired and achy, normal?", "report_symptom")
    )
    assert messages[1]["custom"]["topic"] == "recovery"
    assert CONTACT_SLOTS["emergency_number"] in messages[0]["text"]


def _topic_of_the_report(text: str) -> str:
    """The topic the symptom-report reply is tagged with, for a message read as a symptom report."""
    messages, _ = run_action(ACTION, make_tracker(text, "report_symptom"))
    return messages[-1]["custom"]["topic"]


def test_a_spanish_symptom_is_tied_to_its_topic_as_an_english_one_is():
    """Body words in Spanish, with or without accents, name the related topic too."""
    for text, topic in [
        ("¿Es normal un poco de molestia en la herida?", "recovery"),
        ("la herida está un poco roja y me duele", "infection"),
        ("llevo dos semanas operado, sin fiebre, solo me canso en la tarde", "recovery"),
        ("tengo un hormigueo en los dedos del pie", "nerve_injury"),
    ]:
        assert _topic_of_the_report(text) == topic, text


def test_a_sore_wound_without_signs_of_infection_is_tied_to_the_pain_of_healing():
    """Soreness of the wound is what the recovery topic speaks of; redness, warmth or oozing stay infection."""
    for text, topic in [
        ("is it normal that my incision still hurts a bit?", "recovery"),
        ("my scar is tender when I touch it", "recovery"),
        ("my incision hurts and it's warm to touch", "infection"),
        ("the wound is sore and there is some fluid on the dressing", "infection"),
        ("day 5, the incision is itchy and a tiny bit pink at the edges", "infection"),
        ("my scar itches as it heals, no redness or anything, is moisturiser ok on it?", "out_of_scope"),
        ("tengo un moretón chiquito alrededor de la herida, sin fiebre", "out_of_scope"),
        ("No tengo fiebre y la herida se ve bien. ¿Cuándo me puedo bañar?", "out_of_scope"),
    ]:
        assert _topic_of_the_report(text) == topic, text


def test_an_itchy_wound_while_it_heals_is_tied_to_recovery_unless_a_remedy_is_asked_or_it_healed_long_ago():
    for text, topic in [
        ("ten days after the op my stitches itch a little, nothing red", "recovery"),
        ("la herida me da comezón, sin fiebre, ¿es normal?", "recovery"),
        ("the wound itches, can I use an antihistamine cream on it?", "out_of_scope"),
        ("my scar healed last year but it still itches now and then", "out_of_scope"),
    ]:
        assert _topic_of_the_report(text) == topic, text


def test_worn_out_while_recovering_is_tied_to_recovery():
    assert _topic_of_the_report("two weeks on and I'm completely shattered every day") == "recovery"


def test_a_back_that_still_hurts_said_with_the_verb_in_spanish_is_tied_to_recovery():
    assert _topic_of_the_report("¿es normal que todavía me duela la espalda a los diez días de operado?") == "recovery"


def test_a_symptom_put_down_to_something_everyday_is_tied_to_no_topic():
    for text, topic in [
        ("my shoulders ache from the gym this week, is a hot bath ok?", "out_of_scope"),
        ("me duelen las piernas después de la caminata de hoy", "out_of_scope"),
        # ...unless the message ties it to the operation
        ("since the op I get tired after a short walk, is that normal?", "recovery"),
    ]:
        assert _topic_of_the_report(text) == topic, text


def test_in_a_conversation_about_the_operation_an_everyday_cause_still_ties_the_symptom():
    tracker = make_tracker("my back is stiff after the walk today", "report_symptom", focus="recovery")
    messages, _ = run_action(ACTION, tracker)
    assert messages[-1]["custom"]["topic"] == "recovery"


def test_an_animals_symptom_is_tied_to_no_topic():
    text = "our cat had surgery on her spine and her back legs are a bit wobbly, is that normal?"
    messages, _ = run_action(ACTION, make_tracker(text, "report_symptom"))
    assert messages[-1]["custom"]["topic"] == "out_of_scope"


def test_a_face_with_a_head_bandage_is_no_headache():
    # the input guard names the emoji ("face with head-bandage"); a sore body is the recovery's, not the fluid leak's
    messages, _ = run_action(
        ACTION, make_tracker("is it normal to ache all over after? face with head-bandage", "report_symptom")
    )
    assert messages[1]["custom"]["topic"] == "recovery"
    messages, _ = run_action(ACTION, make_tracker("my head is pounding since the op, normal?", "report_symptom"))
    assert messages[1]["custom"]["topic"] == "dural_tear"
