"""Which topic and aspect a message asks about."""

from __future__ import annotations

import pytest

from actions.topic_resolution import (
    Resolution,
    UnsureReading,
    about_another_operation,
    asks_how_to_choose_a_surgeon,
    asks_outside_content,
    asks_relief_of_the_condition,
    beyond_topic_content,
    by_number_or_place,
    complications_in_last_reply,
    complications_listed_in,
    counterpart,
    detect_aspect,
    entity_topics,
    resolve,
    resolve_unsure,
    topic_by_its_number,
    topics_asked_in,
    topics_of_previous_message,
)


@pytest.mark.parametrize(
    "text,aspect",
    [
        ("how common is a dural tear", "likelihood"),
        ("what are the chances", "likelihood"),
        ("how would I know if it happened to me?", "signs"),
        ("what are the signs of a clot", "signs"),
        ("how can I avoid it", "prevention"),
        ("what happens then?", "next"),
        ("how is it treated", "next"),
        ("is that dangerous?", "severity"),
        ("tell me more", "more"),
        ("how long before i can drive", "timeline"),
        ("when can I go back to work?", "timeline"),
        ("¿qué tan común es la infección?", "likelihood"),
        ("¿cómo puedo prevenir un coágulo?", "prevention"),
        ("¿cómo sé si tengo una fuga de líquido?", "signs"),
        ("¿y qué pasa si me rompen la dura?", "next"),
        ("¿es grave?", "severity"),
        ("¿cuánto tiempo tarda la recuperación?", "timeline"),
        ("dígame más", "more"),
        ("¿qué es la duramadre?", None),
        ("what is the dura", None),  # a first "what is" question gets the summary
        ("infection", None),
        ("does the healing after a lower back op differ from a neck op", None),  # the body's lower part
        ("my op is on the lower spine, how do I lower my risk?", "prevention"),
    ],
)
def test_detect_aspect(text, aspect):
    assert detect_aspect(text) == aspect


def test_entity_topics_keep_only_topic_ids_from_complications_and_procedures():
    entities = [
        {"entity": "symptom", "value": "fever"},
        {"entity": "complication", "value": "dural_tear"},
        {"entity": "body_part", "value": "leg"},
        {"entity": "complication", "value": "dural_tear"},
        {"entity": "procedure", "value": "risk_factors_complexity"},
    ]
    assert entity_topics(entities) == ["dural_tear", "risk_factors_complexity"]


def test_topic_intent_with_aspect_words():
    assert resolve("ask_dural_tear", [], "how common is a dural tear?", None) == Resolution("dural_tear", "likelihood")


def test_follow_up_uses_focus_and_entity_beats_focus():
    assert resolve("ask_likelihood", [], "how common is that", "infection").topic == "infection"
    ents = [{"entity": "complication", "value": "blood_clots"}]
    assert resolve("ask_likelihood", ents, "and clots?", "infection").topic == "blood_clots"


def test_generic_risk_reduction_sharpens_to_a_named_complication():
    ents = [{"entity": "complication", "value": "infection"}]
    assert resolve("ask_reduce_risk_patient", ents, "how do i lower my infection risk", None) == Resolution(
        "infection", "prevention"
    )


def test_the_risks_of_one_named_complication_are_that_complications_topic():
    nerves = [{"entity": "complication", "value": "nerve_injury"}]
    resolved = resolve("ask_risks_overview", nerves, "what are the nerve risks for him?", "risk_factors_health")
    assert resolved.topic == "nerve_injury"
    both = [*nerves, {"entity": "complication", "value": "infection"}]
    assert resolve("ask_risks_overview", both, "risks like nerve damage or infection?", None).topic == "risks_overview"
    assert resolve("ask_risks_overview", [], "what are the risks?", "nerve_injury").topic == "risks_overview"


def test_generic_risk_reduction_referring_back_uses_the_focus():
    assert resolve("ask_reduce_risk_patient", [], "how can I reduce it?", "infection") == Resolution(
        "infection", "prevention"
    )
    assert (
        resolve("ask_reduce_risk_patient", [], "what can I do to lower my risk", "infection").topic
        == "reduce_risk_patient"
    )


def test_button_aspect_wins():
    ents = [{"entity": "aspect", "value": "next"}]
    assert resolve("ask_dural_tear", ents, "/ask_dural_tear", None).aspect == "next"


def test_non_knowledge_intent_resolves_to_nothing():
    assert resolve("greet", [], "hi", "infection").topic is None


def test_an_unsure_topic_guess_for_a_message_referring_back_keeps_the_focus():
    got = resolve("ask_conversion_to_open", [], "would I need another operation for it", "dural_tear", 0.6)
    assert got.topic == "dural_tear"
    # a sure reading wins, unless its words are another operation asked of the complication (below)
    sure = resolve("ask_conversion_to_open", [], "could they switch to open for it", "dural_tear", 0.97)
    assert sure.topic == "conversion_to_open"


def test_a_topic_named_by_an_entity_is_not_overridden_by_the_focus():
    ents = [{"entity": "complication", "value": "blood_clots"}]
    assert resolve("ask_blood_clots", ents, "is that like a clot", "dural_tear", 0.5).topic == "blood_clots"


def test_a_fact_about_the_patient_is_a_health_question_even_with_a_pronoun_and_a_topic_in_focus():
    from actions.topic_resolution import resolve

    resolution = resolve("ask_risk_factors_health", [], "she's 78, does that matter?", "risks_overview", 0.6)
    assert resolution.topic == "risk_factors_health"


@pytest.mark.parametrize(
    "text",
    [
        "and for someone who's 80?",
        "what about for older people?",
        "¿y para mi hija de 15 con escoliosis?",
        "¿Y a ella, con 84 años?",
    ],
)
def test_a_short_follow_up_stating_an_age_asks_how_the_patients_health_weighs(text):
    from actions.topic_resolution import resolve

    assert resolve("ask_more", [], text, "risks_overview", 0.9).topic == "risk_factors_health"
    assert (
        resolve("ask_more", [], "and what about for someone like me?", "risks_overview", 0.9).topic == "risks_overview"
    )


def test_a_short_follow_up_saying_the_patient_smokes_or_is_heavy_asks_how_the_patients_health_weighs():
    from actions.topic_resolution import resolve, resolve_unsure

    ranking = [{"name": "out_of_scope", "confidence": 0.62}, {"name": "ask_risks_overview", "confidence": 0.2}]
    for text in [
        "he still smokes, by the way",
        "she's a heavy smoker",
        "I'm quite overweight",
        "ella fuma desde joven",
        "mi papá es diabético",
        "y yo soy fumadora",
    ]:
        assert resolve("ask_more", [], text, "risks_overview", 0.9).topic == "risk_factors_health", text
        reading = resolve_unsure(ranking, [], text, "risks_overview")
        assert reading and reading.resolution.topic == "risk_factors_health", text
    # quitting is not a fact about one's health now, nor is smoke from something else
    for text in ["si dejo de fumar sirve?", "the smoke alarm went off", "does smoking matter"]:
        assert resolve("ask_more", [], text, "risks_overview", 0.9).topic == "risks_overview", text


def test_they_after_a_complication_are_its_clots_or_germs_not_another_topic():
    from actions.topic_resolution import resolve

    assert resolve("ask_conversion_to_open", [], "where can they end up?", "blood_clots", 0.6).topic == "blood_clots"
    # after the surgeons' topic "they" are the surgeons, and a sure reading stands
    assert resolve("ask_reduce_risk_surgeon", [], "what do they use?", "risk_factors_surgeon", 0.6).topic == (
        "reduce_risk_surgeon"
    )
    assert resolve("ask_recovery", [], "how long do they keep you in?", "blood_clots", 0.95).topic == "recovery"


def test_a_fact_about_the_patients_age_or_health_read_as_out_of_scope_is_a_health_question():
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "out_of_scope", "confidence": 0.89}, {"name": "ask_risk_factors_health", "confidence": 0.06}]
    for text in [
        "he's 87 and lives on his own",
        "she has COPD and uses two inhalers",
        "my wife who is 70",
        "y para mi papá? tiene 79 y EPOC",
        "ya, ¿y para mi esposa que tiene 70?",
        "mi suegra padece de presión alta",
    ]:
        reading = resolve_unsure(ranking, [], text, "risks_overview")
        assert reading and reading.resolution.topic == "risk_factors_health"
    assert resolve_unsure(ranking, [], "what's the weather tomorrow", "risks_overview") is None
    # a temperature or a count is no age: "tengo 39 de fiebre", "me pusieron 20 puntos"
    for text in ["tengo 39 de fiebre", "tiene 38 grados", "me pusieron 20 puntos", "me operaron hace 15 dias"]:
        assert resolve_unsure(ranking, [], text, "risks_overview") is None, text


@pytest.mark.parametrize(
    ("intent", "text", "focus"),
    [
        ("ask_prevention", "so what should I do about it?", "risk_factors_health"),
        ("ask_reduce_risk_surgeon", "and what can he do himself?", "risk_factors_surgeon"),
        ("ask_prevention", "what can my dad do about it before the op?", "infection"),
        ("ask_risk_factors_health", "what would you recommend she does first?", "risk_factors_health"),
        # lowering a risk that lies in one's own health is the patient's part, whoever is named
        ("ask_prevention", "how do we lower her risk", "risk_factors_health"),
        ("ask_prevention", "can that be brought down?", "risk_factors_health"),
    ],
)
def test_what_the_patient_can_do_is_the_patients_part_of_lowering_risks(intent, text, focus):
    assert resolve(intent, [], text, focus).topic == "reduce_risk_patient"


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("my brother's op is next week, what can he do to prepare?", None),
        ("what else can she do between now and then?", "risk_factors_health"),
        ("¿y qué más puede hacer ella para prepararse?", "risk_factors_health"),
        ("¿Y qué puede hacer él de aquí a la operación?", "blood_clots"),
    ],
)
def test_what_the_patient_can_do_read_surely_as_out_of_scope_is_still_the_patients_part(text, focus):
    sure_out = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_recovery", "confidence": 0.04}]
    reading = resolve_unsure(sure_out, [], text, focus)
    assert reading is not None and reading.resolution == Resolution("reduce_risk_patient", "summary")
    # money is still declined, whoever acts
    assert resolve_unsure(sure_out, [], "what can I do if my insurance won't pay?", focus) is None


def test_what_the_doctors_do_about_it_stays_with_the_topic_in_focus():
    assert resolve("ask_what_next", [], "what can they do about it?", "dural_tear") == Resolution("dural_tear", "next")


def test_an_unsure_reading_of_what_the_patient_can_do_is_the_patients_part_too():
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_what_next", "confidence": 0.3}]
    reading = resolve_unsure(ranking, [], "what can she do about it before then?", "risk_factors_health")
    assert reading is not None and reading.resolution == Resolution("reduce_risk_patient", "summary")


@pytest.mark.parametrize(
    ("intent", "text", "focus"),
    [
        ("ask_reduce_risk_patient", "and what can the surgeon do to make it safer for her?", "nerve_injury"),
        ("ask_prevention", "how do doctors keep that from happening", "infection"),
        ("ask_prevention", "what can my surgeon do to lower it?", "blood_clots"),
        ("ask_reduce_risk_patient", "What could the hospital team do about the risks", None),
    ],
)
def test_what_the_surgeon_or_hospital_can_do_is_the_surgeons_part(intent, text, focus):
    assert resolve(intent, [], text, focus).topic == "reduce_risk_surgeon"


def test_what_the_doctors_do_if_it_happens_is_still_how_it_is_treated():
    resolution = resolve("ask_what_next", [], "what can the doctors do if it happens?", "dural_tear")
    assert resolution == Resolution("dural_tear", "next")


def _user(intent, entities=(), parts=()):
    parse = {"intent": {"name": intent}, "entities": list(entities), "question_parts": list(parts)}
    return {"event": "user", "parse_data": parse}


def test_the_other_one_is_the_other_topic_the_previous_message_named():
    dural = {"entity": "complication", "value": "dural_tear"}
    events = [_user("ask_infection", [dural]), {"event": "bot"}, _user("ask_more")]
    earlier = topics_of_previous_message(events)
    assert earlier == ["dural_tear", "infection"]
    assert resolve("ask_more", [], "ok and the other one?", "infection", 0.4, earlier).topic == "dural_tear"
    reading = resolve_unsure(
        [{"name": "out_of_scope", "confidence": 0.5}], [], "what about the other?", "infection", earlier
    )
    assert reading and reading.resolution.topic == "dural_tear"
    # Of several named before, the one this message reads as ("the other one, the fluid leak").
    several = ["nerve_injury", "dural_tear", "infection"]
    assert resolve("ask_dural_tear", [], "the other one, the leak", "infection", 0.5, several).topic == "dural_tear"
    # Nothing else named before: the follow-up stays with the topic in focus.
    assert resolve("ask_more", [], "and the other one?", "infection", 0.4, ["infection"]).topic == "infection"


@pytest.mark.parametrize(
    ("text", "focus", "other_party"),
    [
        ("and me?", "reduce_risk_surgeon", "reduce_risk_patient"),
        ("ok so what about my side then?", "reduce_risk_surgeon", "reduce_risk_patient"),
        ("what about me", "risk_factors_surgeon", "risk_factors_health"),
        ("and the surgeon?", "reduce_risk_patient", "reduce_risk_surgeon"),
        ("what about the doctors", "risk_factors_health", "risk_factors_surgeon"),
    ],
)
def test_a_short_follow_up_that_switches_party_gets_the_other_partys_topic(text, focus, other_party):
    assert resolve("ask_more", [], text, focus) == Resolution(other_party, "summary")
    unsure = [{"name": "out_of_scope", "confidence": 0.9}]
    reading = resolve_unsure(unsure, [], text, focus)
    assert reading is not None and reading.resolution == Resolution(other_party, "summary")


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("and me?", "reduce_risk_patient"),  # the same party: a follow-up on the topic in focus
        ("and me?", "infection"),  # no other party's topic
        ("what about my mom", "reduce_risk_surgeon"),  # someone else, not the patient's own part
    ],
)
def test_no_party_switch_keeps_the_usual_follow_up(text, focus):
    assert resolve("ask_more", [], text, focus).topic == focus


@pytest.mark.parametrize(
    "text",
    [
        "what are the risks of a gallbladder removal?",
        "how long is recovery from a total knee replacement",
        "is laser eye surgery safe for my mum",
        "could a rotator cuff repair damage the nerves in my arm?",
        "what are the risks of an inguinal hernia repair?",
        "¿cómo es la recuperación de una prótesis de cadera?",
        "a mi suegra la van a operar de la vesícula, ¿es peligroso?",
        "¿y cuánto me va a salir todo eso con el hospital?",  # money, in Spanish
        "¿cuántos días de incapacidad me dan por la cirugía de columna?",
    ],
)
def test_a_question_about_another_operation_is_outside_the_content(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "I had a hip replacement years ago and got a clot, am I more likely to get one now?",
        "my dad has a pacemaker, is the anaesthetic riskier for him?",
        "is the recovery after spine surgery longer than after a knee replacement?",
        "what are the risks of a microdiscectomy?",
        "I have a herniated disc in my lower back, what could go wrong?",
        # in Spanish a "hernia" alone is the slipped disc the operation removes
        "¿es más arriesgado ponerme tornillos que solo quitarme la hernia?",
        "hace tres años me quitaron la vesícula, ¿eso cambia algo?",
        "me cuesta respirar cuando pienso en la anestesia, ¿es peligrosa?",  # "cuesta" is no price here
    ],
)
def test_another_operation_as_history_a_condition_or_a_comparison_with_the_spine_is_not(text):
    assert not asks_outside_content(text)


def test_a_follow_up_with_nothing_in_focus_takes_the_topic_its_other_question_names():
    parts = [
        {"text": "Can it turn into an open surgery", "intent": "ask_conversion_to_open", "confidence": 0.99},
        {"text": "And if it does, would my recovery take longer", "intent": "ask_what_next", "confidence": 0.9},
    ]
    resolution = resolve("ask_what_next", [], "Can it turn into an open surgery? And if it does...?", None, parts=parts)
    assert resolution.topic == "conversion_to_open"
    assert resolve("ask_what_next", [], "and then what?", None).topic is None  # nothing to go on: ask which topic


def test_a_short_what_about_with_a_named_term_follows_up_even_when_read_as_out_of_scope():
    sure_out = [{"name": "out_of_scope", "confidence": 0.9}]
    fusion = [{"entity": "procedure", "value": "risk_factors_complexity"}]
    reading = resolve_unsure(sure_out, fusion, "what about with a fusion?", "infection")
    assert reading is not None and reading.resolution.topic == "risk_factors_complexity"
    long_text = "what about the fusion my neighbour had in a private hospital in Spain last year, was it safe"
    assert resolve_unsure(sure_out, fusion, long_text, "infection") is None


def test_an_unsure_reading_of_a_question_about_another_operation_is_not_rescued():
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_risks_overview", "confidence": 0.4}]
    assert resolve_unsure(ranking, [], "is lasik safe? thinking of getting it", None) is None


def test_deciding_about_the_operation_is_the_next_step_not_the_patients_part():
    assert resolve("ask_next_steps", [], "I'm on the fence about the op. What should I do?", None).topic == "next_steps"
    about_it = resolve("ask_next_steps", [], "so what should I do about it?", "risk_factors_health")
    assert about_it.topic == "reduce_risk_patient"


def test_a_close_call_between_the_two_parts_is_settled_by_who_acts():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_reduce_risk_patient", "confidence": 0.46},
        {"name": "ask_reduce_risk_surgeon", "confidence": 0.45},
    ]
    reading = resolve_unsure(ranking, [], "What can the surgeon do to lower the risks?", None)
    assert reading == UnsureReading(Resolution("reduce_risk_surgeon", "summary"))
    reading = resolve_unsure(ranking, [], "what should I do myself to lower the risks?", None)
    assert reading is not None and reading.resolution.topic == "reduce_risk_patient"


@pytest.mark.parametrize(
    "text",
    [
        "when can I drive again after?",
        "How soon can my partner and I be intimate again after the operation?",
        "how many kilos am i allowed to lift the first month",
        "Day 3 and doing well. When can I take a proper shower?",
        "cuando me puedo banar despues de la cirugia sin tapar la herida",  # "bañar" typed without its ñ
        # work is only what the question refers back to
        "about what you said on getting back to work: I drive a taxi, when can I drive again?",
        # riding
        "how soon can I ride my horse again?",
    ],
)
def test_when_one_activity_is_allowed_is_not_what_the_recovery_content_says(text):
    assert beyond_topic_content("recovery", text)
    assert not beyond_topic_content("infection", text)


@pytest.mark.parametrize(
    "text",
    [
        "when can i go back to work after this",
        "when can i get back to normal stuff like driving and shopping",
        "I'm driving him home after. How long is he likely to be out of action?",
        "when can i go back to the gym weight lifter",
        "how long till I'm back at work, and when can I drive?",
    ],
)
def test_work_daily_life_and_activities_told_in_passing_stay_with_the_recovery_content(text):
    assert not beyond_topic_content("recovery", text)


@pytest.mark.parametrize(
    "text",
    [
        "will they do it under a local or do I have to go fully under?",
        "am i awake for it or asleep",
        "what kind of anaesthetic is used for this",
        "how long will I be under for?",
        "¿me ponen raquídea o general?",
        "¿voy a estar despierto?",
    ],
)
def test_which_anaesthetic_or_being_awake_is_not_what_the_anaesthetic_content_says(text):
    assert beyond_topic_content("anesthesia", text)


@pytest.mark.parametrize(
    "text",
    [
        "can you react badly to a local anaesthetic?",
        "is sedation safer than going fully under?",
        "what if I don't wake up from the anaesthetic",
        "how long will I be under, and can it affect my breathing?",
        "me aterra no despertar de la anestesia, llevo noches sin dormir",
        "¿la anestesia general da alergia?",
    ],
)
def test_harm_from_any_kind_of_anaesthetic_stays_with_the_anaesthetic_content(text):
    assert not beyond_topic_content("anesthesia", text)


# The classifier unsure between falling back and out of scope: a question of the message may still be answered.
UNSURE_RANKING = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "out_of_scope", "confidence": 0.4}]


def test_an_unsure_message_one_of_whose_questions_surely_asks_a_topic_gets_that_topic():
    ranking = UNSURE_RANKING
    parts = [
        {"text": "will there be physio afterwards", "intent": "ask_recovery", "confidence": 0.9},
        {"text": "or am I on my own", "intent": "out_of_scope", "confidence": 0.5},
    ]
    text = "will there be physio afterwards or am I on my own"
    assert resolve_unsure(ranking, [], text, None, parts=parts) == UnsureReading(Resolution("recovery", "summary"))
    unsure_part = [{**parts[0], "confidence": 0.6}, parts[1]]
    assert resolve_unsure(ranking, [], text, None, parts=unsure_part) is None
    # a question the content does not answer, beside it: declined as a whole, as before
    surely_out = [parts[0], {**parts[1], "confidence": 0.9}]
    assert resolve_unsure(ranking, [], text, None, parts=surely_out) is None


def test_a_message_read_as_out_of_scope_whose_question_alone_surely_asks_a_topic_gets_that_topic():
    text = "my son had his disc surgery yesterday, what is recovery usually like?"
    whole = [{"name": "out_of_scope", "confidence": 0.74}, {"name": "ask_recovery", "confidence": 0.21}]
    asking = {"text": "what is recovery usually like?", "intent": "ask_recovery", "confidence": 0.99}
    reading = resolve_unsure(whole, [], text, None, asking=asking)
    assert reading == UnsureReading(Resolution("recovery", "summary"))
    # the question alone unsure, or the whole message's likeliest topic another one: declined as before
    assert resolve_unsure(whole, [], text, None, asking={**asking, "confidence": 0.8}) is None
    elsewhere = [whole[0], {"name": "ask_infection", "confidence": 0.21}, {"name": "ask_recovery", "confidence": 0.02}]
    assert resolve_unsure(elsewhere, [], text, None, asking=asking) is None
    # who had the operation is an animal: the content is not about it
    dog = "my dog had his disc surgery yesterday, what is recovery usually like?"
    assert resolve_unsure(whole, [], dog, None, asking=asking) is None
    # ...or the telling part is about another operation
    heart = "My brother had a heart bypass operation, what is recovery usually like?"
    assert resolve_unsure(whole, [], heart, None, asking=asking) is None


def test_a_longer_message_read_as_a_follow_up_is_about_the_topic_in_focus():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_what_next", "confidence": 0.5},
        {"name": "ask_conversion_to_open", "confidence": 0.46},
    ]
    text = "would I have to go back in for another go then"  # 11 words, no pronoun
    reading = resolve_unsure(ranking, [], text, "conversion_to_open")
    assert reading == UnsureReading(Resolution("conversion_to_open", "next"))
    assert resolve_unsure(ranking, [], text, None) is None  # nothing in focus: not guessed


def test_the_other_one_followed_by_its_description_is_the_one_described():
    from actions.topic_resolution import the_other_topic

    earlier = ["dural_tear", "nerve_injury"]
    assert the_other_topic("tell me about the other one, the fluid leak", "dural_tear", earlier, "dural_tear") == (
        "dural_tear"
    )
    assert the_other_topic("and the other one you mentioned?", "dural_tear", earlier, "dural_tear") == "nerve_injury"


def test_one_topic_well_ahead_of_everything_else_is_answered_though_short_of_the_threshold():
    ahead = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_recovery", "confidence": 0.42},
        {"name": "out_of_scope", "confidence": 0.2},
    ]
    reading = resolve_unsure(ahead, [], "how fast do people bounce back after keyhole spine surgery?", None)
    assert reading is not None and reading.resolution.topic == "recovery"
    close = [ahead[0], ahead[1], {"name": "out_of_scope", "confidence": 0.35}]
    assert resolve_unsure(close, [], "how fast do people bounce back after keyhole spine surgery?", None) is None
    weak = [ahead[0], {"name": "ask_recovery", "confidence": 0.25}, {"name": "out_of_scope", "confidence": 0.05}]
    assert resolve_unsure(weak, [], "how fast do people bounce back after keyhole spine surgery?", None) is None


def test_with_nothing_in_focus_a_follow_up_reading_is_no_rival_to_a_topic():
    text = "hypothetically, if my leg went numb after the op, what would that mean"
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_nerve_injury", "confidence": 0.35},
        {"name": "ask_what_next", "confidence": 0.28},
        {"name": "out_of_scope", "confidence": 0.08},
    ]
    reading = resolve_unsure(ranking, [], text, None)
    assert reading is not None and reading.resolution.topic == "nerve_injury"
    # out of scope close behind is a rival still
    rival = [*ranking[:3], {"name": "out_of_scope", "confidence": 0.3}]
    assert resolve_unsure(rival, [], text, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "What are Dr Okafor's personal results? Has he had many complications?",
        "how many of these operations does Mr Hughes do a year?",
        "is Dr Fernandes any good at these?",
        "¿la doctora Paredes tiene buenas reseñas?",
        "¿el doctor Quintero del hospital central es de confianza?",
        "¿y cuánto cobra la clínica por la consulta?",  # money, in Spanish
        "¿cuántos casos así lleva el doctor Benítez?",
        "¿es segura la manga gástrica?",  # another operation
    ],
)
def test_a_named_surgeons_own_record_is_outside_the_content(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "does the surgeon's experience matter?",
        "how many operations has my surgeon done?",
        "what are MISS results like",
        "Dr Owusu said the recovery is good for most people, is that true?",
        "¿es bueno que el doctor que me opera tenga mucha experiencia?",
        # money told as background, while the question asks what the content says
        "My insurance only pays for one surgeon near me. Does how experienced he is change my risk?",
    ],
)
def test_surgeons_experience_in_general_is_not(text):
    assert not asks_outside_content(text)


def test_when_a_sport_is_allowed_is_beyond_the_recovery_content():
    from actions.topic_resolution import beyond_topic_content

    assert beyond_topic_content("recovery", "how soon can i get back out surfing after keyhole back surgery")
    assert not beyond_topic_content("recovery", "how long until I'm back at work?")


def test_an_unsure_patients_part_about_her_health_in_focus_stays_the_patients_part():
    # the classifier's 0.68 is below SURE_TOPIC and "it" refers back, yet lowering a risk from one's own
    # health is what the patient does: not the health topic again
    text = "ok so what should she be doing about it before the op"
    assert resolve("ask_reduce_risk_patient", [], text, "risk_factors_health", 0.68).topic == "reduce_risk_patient"
    assert resolve("ask_conversion_to_open", [], "would I need it again?", "dural_tear", 0.5).topic == "dural_tear"


def test_spanish_it_is_hard_to_breathe_is_no_price():
    assert not asks_outside_content("¿La anestesia me puede dar alergia? ¿Y me puede costar respirar?")
    assert asks_outside_content("¿Y cuánto me va a costar la cirugía?")


@pytest.mark.parametrize(
    "text",
    [
        "What share of patients end up with a wound infection, in percent?",
        "how many out of every 100 people get a clot after this op",
        "Give me the hard numbers on nerve damage please.",
        "¿Qué porcentaje de pacientes termina con una fuga de líquido?",
        "¿Cuántos de cada mil operados tienen una infección?",
    ],
)
def test_an_exact_figure_is_declined_as_the_article_gives_none(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "How common is infection after keyhole surgery?",
        "Is it 100% safe?",
        "¿Es 100% segura la operación?",
        "what are the chances of a dural tear",
    ],
)
def test_how_likely_without_a_figure_is_still_the_topics_question(text):
    assert not asks_outside_content(text)


@pytest.mark.parametrize(
    ("text", "declined"),
    [
        ("Once the bones are joined together, could that ever be reversed?", True),
        ("are the rods in my back there for good or forever?", True),
        ("¿Los tornillos de la fusión se quedan para siempre?", True),
        ("Is a fusion riskier than a simpler procedure?", False),
        ("could nerve damage be permanent?", False),
    ],
)
def test_whether_a_fusion_lasts_for_life_is_declined_as_the_article_never_says(text, declined):
    assert asks_outside_content(text) == declined


@pytest.mark.parametrize(
    ("text", "focus", "expected"),
    [
        ("and upsides?", "risks_overview", "advantages"),
        ("what about the benefits then?", "infection", "advantages"),
        ("¿y las ventajas?", "risks_overview", "advantages"),
        ("and the downsides?", "advantages", "risks_overview"),
        ("¿y los riesgos?", "recovery", "risks_overview"),
        ("and how long does it last?", "risks_overview", None),
        ("and the risks?", "infection", None),
    ],
)
def test_a_short_follow_up_can_ask_the_other_side_of_the_operation(text, focus, expected):
    assert counterpart(text, focus) == expected


def test_an_unsure_reading_naming_a_complication_is_not_rescued_when_it_asks_for_a_figure():
    """The classifier reads "what percentage..." as out of scope, and the named infection would otherwise
    rescue it as the infection topic: the article has no figure to give."""
    infection = [{"entity": "complication", "value": "infection"}]
    unsure = [{"name": "out_of_scope", "confidence": 0.5}, {"name": "ask_infection", "confidence": 0.3}]
    text = "what percentage of people get an infection after this?"
    assert resolve_unsure(unsure, infection, text, None) is None
    assert resolve_unsure(unsure, infection, "how common is an infection after this?", None) is not None


@pytest.mark.parametrize(
    "text",
    [
        "¿El doctor Ramírez Castañeda es buen cirujano de columna?",
        "¿La doctora Patricia Luna ha tenido pacientes con complicaciones?",
    ],
)
def test_whether_a_named_spanish_surgeon_is_good_is_declined(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("ok then, how should I go about choosing a surgeon?", None),
        ("how do I check a surgeon's background", None),
        ("¿y cómo elijo cirujano para algo así?", "risks_overview"),
        ("how do I check whether mine is any good?", "risk_factors_surgeon"),
        ("¿y cómo averiguo cuánta experiencia tiene el mío?", "risk_factors_surgeon"),
    ],
)
def test_how_to_choose_or_check_a_surgeon_is_the_patients_part(text, focus):
    """The article's patients' part: select an experienced surgeon, look into their background."""
    sure_out = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_next_steps", "confidence": 0.05}]
    reading = resolve_unsure(sure_out, [], text, focus)
    assert reading is not None and reading.resolution == Resolution("reduce_risk_patient", "summary")
    assert resolve("ask_next_steps", [], text, focus).topic == "reduce_risk_patient"


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("how do I find my surgeon's phone number", None),
        ("i need to find a doctor who speaks spanish", None),
        ("should I check with my surgeon first?", None),
        ("how do I check mine?", "infection"),  # the wound, not a surgeon
    ],
)
def test_a_surgeons_contact_or_checking_something_else_is_not_choosing_a_surgeon(text, focus):
    sure_out = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_next_steps", "confidence": 0.05}]
    assert resolve_unsure(sure_out, [], text, focus) is None


def test_a_spanish_follow_up_without_a_pronoun_stays_with_the_topic_in_focus():
    """ "¿y por qué es peligroso eso?" after the clots asks about the clots; a leading "y" alone does not refer
    back ("¿y lo de los nervios qué tan grave puede ser?" names its own topic)."""
    assert resolve("ask_risks_overview", [], "¿y por qué es peligroso eso?", "blood_clots", 0.78).topic == "blood_clots"
    own_topic = "¿y lo de los nervios qué tan grave puede ser?"
    assert resolve("ask_nerve_injury", [], own_topic, "risks_overview", 0.7).topic == "nerve_injury"
    unsure = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_more", "confidence": 0.18}]
    reading = resolve_unsure(unsure, [], "¿y eso puede llegar hasta el pulmón, se lo pasa a otra parte?", "blood_clots")
    assert reading is not None and reading.resolution.topic == "blood_clots"


def test_torn_between_out_of_scope_and_a_follow_up_is_a_follow_up_on_the_topic_in_focus():
    torn = [{"name": "out_of_scope", "confidence": 0.46}, {"name": "ask_severity", "confidence": 0.37}]
    reading = resolve_unsure(torn, [], "¿cuál es el más grave de todos, para una persona mayor?", "risks_overview")
    assert reading == UnsureReading(Resolution("risks_overview", "severity"))
    assert resolve_unsure(torn, [], "¿cuál es el más grave de todos, para una persona mayor?", None) is None


@pytest.mark.parametrize(
    "text",
    [
        "Stubbed my toe on the bed frame this morning and it's gone a bit purple. Anything I should do?",
        "my dog had his back op at the vet and won't walk, what should I do?",
        "mi gato no quiere comer, ¿qué puedo hacer?",
    ],
)
def test_a_bare_what_should_i_do_about_something_else_stays_out_of_scope(text):
    sure_out = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_recovery", "confidence": 0.04}]
    assert resolve_unsure(sure_out, [], text, None) is None


def test_a_medicine_asked_about_in_spanish_is_not_rescued_as_a_follow_up():
    unsure = [{"name": "out_of_scope", "confidence": 0.5}, {"name": "ask_more", "confidence": 0.3}]
    for text in ["¿me tomo una aspirina diaria para eso?", "¿y la aspirina, cuántos días antes la suspendo?"]:
        assert resolve_unsure(unsure, [], text, "blood_clots") is None, text


@pytest.mark.parametrize(
    ("intent", "text", "focus"),
    [
        ("ask_risks_overview", "what raises the risk of complications?", None),
        ("ask_reduce_risk_patient", "what else could raise my risk?", "blood_clots"),
        ("ask_more", "¿y eso de qué depende?", "nerve_injury"),
        ("ask_risks_overview", "¿De qué depende?", "risks_overview"),
    ],
)
def test_what_the_risk_depends_on_is_the_factors_that_influence_it(intent, text, focus):
    assert resolve(intent, [], text, focus).topic == "risk_factors_health"
    unsure = [{"name": "out_of_scope", "confidence": 0.5}, {"name": "ask_more", "confidence": 0.2}]
    reading = resolve_unsure(unsure, [], text, focus or "risks_overview")
    assert reading is not None and reading.resolution.topic == "risk_factors_health"


def test_what_raises_the_risk_of_a_named_complication_keeps_that_complication():
    clot = [{"entity": "complication", "value": "blood_clots"}]
    assert resolve("ask_risks_overview", clot, "what raises the risk of a clot?", None).topic == "blood_clots"
    assert resolve("ask_reduce_risk_patient", [], "how do I lower my risk?", None).topic == "reduce_risk_patient"


def test_what_a_conversion_depends_on_is_the_conversion_topics_own_text():
    assert resolve("ask_more", [], "¿y de qué depende?", "conversion_to_open").topic == "conversion_to_open"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("how do i kno if surgery is rite 4 me", "next_steps"),
        ("How do I weigh up whether to have this spine surgery at all?", "next_steps"),
        ("¿cómo sé si me conviene operarme?", "next_steps"),
        ("is it worth quitting the cigs now if the op is only a month away", "reduce_risk_patient"),
        ("Me opero en 6 semanas. ¿Vale la pena dejar el cigarro ya?", "reduce_risk_patient"),
        ("💪🥗 ¿sirve ponerme en forma antes de la cirugía?", "reduce_risk_patient"),
    ],
)
def test_deciding_about_the_operation_and_changing_habits_before_it_are_topics_of_their_own(text, topic):
    sure_out = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_next_steps", "confidence": 0.05}]
    reading = resolve_unsure(sure_out, [], text, None)
    assert reading is not None and reading.resolution.topic == topic


@pytest.mark.parametrize(
    "text",
    [
        "I stopped smoking 10 years ago, can I drive after?",
        "how do I know if my insurance covers it",
        "when can I stop wearing the brace",
        "How many hours before surgery do I have to stop eating and drinking?",
    ],
)
def test_a_habit_given_up_long_ago_or_insurance_is_neither(text):
    sure_out = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_next_steps", "confidence": 0.05}]
    assert resolve_unsure(sure_out, [], text, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "Fasting rules before surgery?",
        "Do I need to stop apixaban before the operation, and if so how many days beforehand?",
        "¿Cuántas horas de ayuno necesito antes de la cirugía?",
    ],
)
def test_fasting_and_named_blood_thinners_are_outside_the_content(text):
    assert asks_outside_content(text)


def test_a_blood_thinner_told_before_a_question_about_risk_is_not():
    assert not asks_outside_content("I take warfarin. Am I at higher risk of a clot after the operation?")
    assert not asks_outside_content("It's called antiphospholipid syndrome and he's been on warfarin for years.")
    assert asks_outside_content("my mum takes warfarin for her AF, should she stop it before her op?")


@pytest.mark.parametrize(
    "text",
    [
        "Bit shy asking, but when can my wife and I get back to the bedroom after my op?",
        "how long do my staples stay in for",
        "when could I take my labrador out again, she pulls on the lead",
        "¿puedo volar a Guadalajara dos semanas después de la cirugía?",
        "¿me pongo hielo en la espalda o mejor calor?",
        "is a sit-stand desk better when I'm back at the office?",
    ],
)
def test_logistics_of_recovery_the_content_never_gives_are_beyond_it(text):
    from actions.topic_resolution import beyond_topic_content

    assert beyond_topic_content("recovery", text)


@pytest.mark.parametrize(
    "text",
    [
        "how long will I stay in hospital?",
        "how long til i can sit at my desk and game again",
        "when will I be back to my normal routine?",
        "la herida tiene calor, ¿cuándo se me quita el dolor?",
    ],
)
def test_what_the_recovery_content_covers_is_not_beyond_it(text):
    from actions.topic_resolution import beyond_topic_content

    assert not beyond_topic_content("recovery", text)


@pytest.mark.parametrize(
    "text",
    [
        "what should I pack for the hospital?",
        "am I legally entitled to paid leave after the op?",
        "can I get a sick note for my employer?",
        "what laxative is best, I'm so constipated since the op",
        "¿cuánto tiempo tengo que seguir con el Xarelto después?",
        "how is recovery after a c-section compared to normal?",
    ],
)
def test_packing_sick_notes_laxatives_and_how_long_to_take_a_blood_thinner_are_outside_the_content(text):
    assert asks_outside_content(text)


def test_what_to_bring_up_with_the_surgeon_is_not_packing():
    assert not asks_outside_content("what should I bring up with the surgeon?")


@pytest.mark.parametrize(
    "text",
    [
        "how much radiation do I get from the x-rays during it?",
        "¿me da mucha radiación?",
        "can I have the surgeon's mobile number?",
        "¿me pasa el celular del doctor?",
        "when do the stitches come out?",
        "¿y cuándo me quitan los puntos?",
        "How many weeks off work exactly?",
        "¿cuántos kilos tiene que bajar exactamente?",
        "I'm dreading waking up with a catheter in, will I have one",
        "¿le van a poner sonda para orinar a mi mamá?",
    ],
)
def test_radiation_phone_numbers_stitches_and_exact_numbers_are_outside_the_content(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text", ["What exactly is a dural tear?", "¿qué es exactamente un desgarro dural?", "Will I have stitches?"]
)
def test_asking_what_a_thing_is_exactly_is_not_a_figure(text):
    assert not asks_outside_content(text)


@pytest.mark.parametrize("text", ["¿y por qué es peligrosa?", "¿pero es muy común?", "y es grave"])
def test_a_spanish_question_without_its_subject_asks_about_the_complication_in_focus(text):
    # the classifier reads "peligrosa" as the risks in general (0.5 here, below SURE_TOPIC)
    assert resolve("ask_risks_overview", [], text, "blood_clots", 0.5).topic == "blood_clots"


def test_a_spanish_question_naming_its_subject_is_not_about_the_one_in_focus():
    assert resolve("ask_risks_overview", [], "¿y por qué es peligrosa la anestesia?", "blood_clots", 0.5).topic != (
        "blood_clots"
    )


@pytest.mark.parametrize(
    "text",
    [
        "and what about me, what's my part?",
        "what's my role in this?",
        "¿y yo?",
        "¿y yo qué puedo hacer?",
        "¿y nosotros por nuestra parte qué hacemos?",
    ],
)
def test_asking_for_ones_own_part_after_the_surgeons_switches_party(text):
    assert resolve("ask_reduce_risk_surgeon", [], text, "reduce_risk_surgeon", 0.9).topic == "reduce_risk_patient"


def test_which_of_them_in_spanish_refers_back_to_the_list_in_focus():
    from actions.topic_resolution import _REFERS_BACK

    assert _REFERS_BACK.search("¿cuáles son propios de la columna y no de cualquier cirugía?")
    assert _REFERS_BACK.search("¿cuáles son los que tienen que ver con la columna en sí?")
    assert not _REFERS_BACK.search("¿cuáles son los riesgos de la anestesia?")


def test_address_the_verb_is_no_question_about_the_clinics_address():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_reduce_risk_patient", "confidence": 0.44},
        {"name": "ask_risk_factors_health", "confidence": 0.27},
        {"name": "out_of_scope", "confidence": 0.26},
    ]
    text = "Which patient factors, e.g. smoking or weight, should I address before the operation?"
    reading = resolve_unsure(ranking, [], text, None)
    assert reading is not None and reading.resolution.topic == "reduce_risk_patient"
    assert resolve_unsure(ranking, [], "what's the clinic's address before the operation?", None) is None


@pytest.mark.parametrize(
    "text",
    [
        "y que crema me pongo para que no se note",
        "what cream should I put on the scar?",
        "Has Mr Hughes ever had a patient end up paralysed?",
    ],
)
def test_creams_and_a_named_surgeons_own_patients_are_outside_the_content(text):
    assert asks_outside_content(text)


def test_someone_elses_operation_that_went_wrong_is_a_story_not_the_subject():
    story = "quisiera saber si es facil que se infecte la operacion porque a mi cuñada se le infecto la de la vesicula"
    assert not about_another_operation(story)
    assert about_another_operation("¿es segura la operación de la vesícula?")


@pytest.mark.parametrize(
    "text",
    ["is mr hennessy a good surgeon? any reviews", "is dr. okoro any good", "Is Prof Lund the best surgeon for this?"],
)
def test_whether_a_named_surgeon_is_good_is_outside_the_content_in_any_case(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize("text", ["is my surgeon any good at this?", "is the doctor good with fusions?"])
def test_whether_ones_own_surgeon_is_good_asks_about_surgeons_in_general(text):
    assert not asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "could you write me a meal plan for the month before my op?",
        "how many calories should I eat to lose weight first",
        "me puede dar un plan de comidas para bajar de peso antes de la cirugia",
        # a menu for the week, a diet for so many kilos, recipes
        "oye y no me armas un menú pa la semana? quiero llegar más flaco a la operación",
        "cual dieta sigo para bajar 10 kilos antes",
        # which named exercise to do
        "should I be doing squats and sit-ups to get my core ready?",
    ],
)
def test_a_diet_to_follow_in_plans_or_calories_is_outside_the_content(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "will I need crutches or a zimmer frame when I go home?",
        "y cuando salga del hospital le compramos un andador o una silla de ruedas?",
    ],
)
def test_walking_aids_and_a_sport_by_name_are_not_in_the_recovery_content(text):
    assert beyond_topic_content("recovery", "y cuando puedo volver a jugar futbol con mis amigos?")
    assert beyond_topic_content("recovery", text)
    assert not beyond_topic_content("recovery", "how long will I be in hospital, and when can I go back to work?")


def test_eating_well_before_the_operation_is_not_declined():
    assert not asks_outside_content("does eating a healthy balanced diet help me recover?")
    # a headache when sitting up is no exercise
    assert not asks_outside_content("and the headaches some get when they sit up, what causes those?")


def test_what_the_patient_should_be_doing_after_the_surgeons_part_switches_party():
    assert counterpart("and what about me, what should I be doing", "reduce_risk_surgeon") == "reduce_risk_patient"
    assert counterpart("what should we be doing then?", "reduce_risk_patient") is None
    # the surgeons' part asked "on their end" (b70)
    assert counterpart("what about on the surgeon's end", "reduce_risk_patient") == "reduce_risk_surgeon"
    assert counterpart("and from the doctors' side?", "reduce_risk_patient") == "reduce_risk_surgeon"


def _term(text: str, term: str, topic: str) -> dict:
    start = text.lower().index(term)
    return {"entity": "complication", "value": topic, "start": start, "end": start + len(term)}


def test_what_a_named_term_means_is_asked_of_its_topic_even_when_read_as_out_of_scope():
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_blood_clots", "confidence": 0.05}]
    for text, term, topic in [
        ("what's a PE", "pe", "blood_clots"),
        ("What is a DVT exactly?", "dvt", "blood_clots"),
        ("que es la artrodesis?", "artrodesis", "risk_factors_complexity"),
    ]:
        reading = resolve_unsure(ranking, [_term(text, term, topic)], text, None)
        assert reading and reading.resolution == reading.resolution.__class__(topic, "what"), text
    # the term inside a question about something else is no definition question
    for text, term in [("what's a PE teacher paid", "pe"), ("what is the cost of a dvt scan", "dvt")]:
        assert resolve_unsure(ranking, [_term(text, term, "blood_clots")], text, None) is None, text


def test_a_what_about_question_asks_its_own_subject_whatever_its_pronoun():
    from actions.topic_resolution import resolve

    text = "and what about who does it?"
    assert resolve("ask_risk_factors_surgeon", [], text, "risk_factors_complexity", 0.7).topic == "risk_factors_surgeon"
    # without "what about", a pronoun still refers to the topic in focus
    assert resolve("ask_conversion_to_open", [], "would they need to redo it?", "dural_tear", 0.6).topic == "dural_tear"


def test_what_acts_on_the_risk_in_focus_is_asked_about_not_the_risk():
    from actions.topic_resolution import resolve

    text = "does having a very experienced surgeon help with that"
    assert resolve("ask_risk_factors_surgeon", [], text, "risk_factors_complexity", 0.7).topic == "risk_factors_surgeon"
    assert resolve("ask_reduce_risk_surgeon", [], "would a robot lower the risk?", "nerve_injury", 0.6).topic == (
        "reduce_risk_surgeon"
    )
    # a pronoun that is not acted on still refers to the topic in focus
    assert resolve("ask_risk_factors_surgeon", [], "is that down to the surgeon?", "dural_tear", 0.6).topic == (
        "dural_tear"
    )


def test_after_the_risks_in_general_it_is_the_operation():
    from actions.topic_resolution import resolve

    assert resolve("ask_advantages", [], "so why does everyone say it's better then?", "risks_overview", 0.6).topic == (
        "advantages"
    )
    assert resolve("ask_nerve_injury", [], "can it leave me paralysed?", "risks_overview", 0.7).topic == "nerve_injury"


@pytest.mark.parametrize(
    "text",
    ["and what else could go wrong?", "any other complications I should know about", "¿y qué más puede salir mal?"],
)
def test_what_else_can_go_wrong_after_one_risk_asks_for_the_rest_of_the_list(text):
    from actions.topic_resolution import resolve

    assert resolve("ask_more", [], text, "anesthesia", 0.8).topic == "risks_overview"


def test_one_complication_compared_with_open_surgery_is_asked_of_that_complication():
    from actions.topic_resolution import resolve

    clots = [{"entity": "complication", "value": "blood_clots"}]
    assert resolve("ask_advantages", clots, "do you get fewer DVTs with the keyhole approach?", None, 0.7).topic == (
        "blood_clots"
    )
    assert resolve("ask_advantages", [], "why is keyhole better?", None, 0.9).topic == "advantages"
    # the open operation named in a comparison with it is no complication asked about
    opened = [{"entity": "complication", "value": "conversion_to_open"}]
    assert resolve("ask_advantages", opened, "is it less painful than an open operation?", None, 0.7).topic == (
        "advantages"
    )


@pytest.mark.parametrize(
    "text",
    [
        "pics of the scar",
        "can you show me a photo of the incision?",
        "me mandan un video de la operación?",
        "photos of how the back looks a few weeks after the operation?",
    ],
)
def test_photos_and_videos_are_never_in_the_content(text):
    from actions.topic_resolution import asks_outside_content

    assert asks_outside_content(text)


def test_the_full_picture_is_not_a_photo():
    from actions.topic_resolution import asks_outside_content

    assert not asks_outside_content("I want the full picture before I sign. How common are dural tears?")


def test_what_a_plan_covers_and_pre_authorization_are_never_in_the_content():
    from actions.topic_resolution import asks_outside_content

    assert asks_outside_content(
        "and would a plan like mine usually cover the anesthesia, or is there pre-authorization?"
    )
    assert asks_outside_content("does Medicare pay for the keyhole kind of surgery?")
    assert not asks_outside_content("what does the anesthesia cover, am I asleep the whole time?")


def test_what_else_can_go_wrong_besides_a_named_risk_asks_for_the_list():
    from actions.topic_resolution import resolve

    infection = [{"entity": "complication", "value": "infection"}]
    assert resolve("ask_infection", infection, "what else can go wrong besides infection?", None, 0.7).topic == (
        "risks_overview"
    )
    assert resolve("ask_infection", infection, "what else can cause an infection?", None, 0.7).topic == "infection"


@pytest.mark.parametrize("text", ["and with her bein 84?", "does him being 79 change much", "aged 70 with asthma, ok?"])
def test_an_age_said_with_being_is_a_fact_about_the_patient(text):
    from actions.topic_resolution import PATIENT_FACT

    assert PATIENT_FACT.search(text)


def test_being_some_minutes_late_is_no_age():
    from actions.topic_resolution import PATIENT_FACT

    assert not PATIENT_FACT.search("sorry for being 10 minutes late to the call, what about clots?")


def test_stopping_some_tablets_before_the_operation_is_no_cue_of_a_question_outside_the_content():
    ranking = UNSURE_RANKING
    parts = [
        {"text": "do I come off some of my tablets beforehand", "intent": "ask_reduce_risk_patient", "confidence": 0.9},
        {"text": "what is the scar like", "intent": "ask_advantages", "confidence": 0.9},
    ]
    text = "do I come off some of my tablets beforehand? and what is the scar like?"
    reading = resolve_unsure(ranking, [], text, None, parts=parts)
    assert reading and reading.resolution.topic == "reduce_risk_patient"
    # which tablets to take is still a question the content does not answer
    asked = [{**parts[0], "text": "which tablets help the pain afterwards"}, parts[1]]
    text = "which tablets help the pain afterwards? and the scar?"
    assert resolve_unsure(ranking, [], text, None, parts=asked) is None


@pytest.mark.parametrize(
    "text",
    [
        "found out this morning that I'm pregnant, my back op is booked for the spring",
        "can she still have the operation if she might be pregnant?",
        "acabo de saber que estoy embarazada y me operan en dos meses",
        "is it normal to feel depressed after the operation?",
        "¿la depresión es común después de la cirugía?",
        "will the surgeon guarantee the pain goes away for good?",
        "¿me garantizan que voy a quedar mejor?",
        "my uncle needs a cateterismo next week, what are the risks?",
        "recovery time for carpal tunel release?",
    ],
)
def test_pregnancy_low_mood_a_promised_result_and_other_procedures_are_outside_the_content(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "my sister had a clot during her pregnancy years ago, does that raise my risk?",
        "mi hermana tuvo trombosis en el embarazo, ¿a mí me puede pasar con la operación?",
        "I've been feeling low about the risks, how common is infection?",
    ],
)
def test_pregnancy_and_low_mood_told_as_context_do_not_make_a_question_outside_the_content(text):
    assert not asks_outside_content(text)


def test_the_gravest_risk_asked_is_the_list_of_risks_severity_whatever_the_focus():
    from actions.topic_resolution import resolve

    assert resolve("ask_severity", [], "what's the most dangerous complication?", "recovery") == Resolution(
        "risks_overview", "severity"
    )
    assert resolve("ask_severity", [], "¿cuál es el riesgo más peligroso?", "anesthesia") == Resolution(
        "risks_overview", "severity"
    )


def test_lowering_both_risks_is_the_patients_part_in_general():
    from actions.topic_resolution import resolve

    assert resolve("ask_prevention", [], "how can I cut down on both of them?", "blood_clots").topic == (
        "reduce_risk_patient"
    )
    assert resolve("ask_prevention", [], "how can I cut that down?", "blood_clots").topic == "blood_clots"


def test_a_word_put_right_with_an_asterisk_keeps_the_question_in_focus():
    from actions.topic_resolution import resolve

    assert resolve("ask_risks_overview", [], "*dangerous", "dural_tear").topic == "dural_tear"
    assert resolve("ask_risks_overview", [], "dangerous*", "dural_tear").topic == "dural_tear"
    assert resolve("ask_risks_overview", [], "*dangerous", None).topic == "risks_overview"


def test_what_the_surgeon_does_about_a_risk_factor_is_the_surgeons_part():
    from actions.topic_resolution import resolve

    text = "what can the doctors do about that?"
    assert resolve("ask_prevention", [], text, "risk_factors_complexity").topic == "reduce_risk_surgeon"


@pytest.mark.parametrize(
    "text",
    [
        "will the op get rid of the sciatica I've had since March?",
        "Is leg pain always cured by this kind of surgery",
        "my mum wants to know if the tingling in her feet will go away after the operation",
        "¿la ciática se me va a quitar con la cirugía?",
        "y el hormigueo que tengo en la mano desde hace meses, ¿se quita si me operan?",
    ],
)
def test_whether_the_operation_relieves_the_condition_is_outside_the_content(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        # a numbness the operation could leave behind is a nerve injury
        "is there a chance of numbness that never goes away after the surgery?",
        "¿puede quedar un hormigueo que no se quita después de la operación?",
        # pain after the operation is the recovery
        "how long before the pain from the cuts goes away after surgery?",
        # relief already had, then a question
        "my sciatica went away after the op, so how long till I can go back to work?",
    ],
)
def test_a_complication_that_lingers_or_the_pain_of_healing_is_not_the_conditions_relief(text):
    assert not asks_relief_of_the_condition(text.lower())


@pytest.mark.parametrize(
    ("intent", "text", "focus"),
    [
        ("ask_prevention", "right, and who ought to be operating on me so that doesn't happen?", "nerve_injury"),
        ("ask_more", "who is the best kind of doctor to perform it", "infection"),
        ("ask_prevention", "¿y quién debería operarme para que no me pase?", "dural_tear"),
    ],
)
def test_who_should_operate_asks_about_the_surgeons_experience(intent, text, focus):
    assert resolve(intent, [], text, focus).topic == "risk_factors_surgeon"


def test_who_will_operate_is_not_who_should():
    assert resolve("ask_next_steps", [], "¿quién me va a operar y cuándo?", None).topic != "risk_factors_surgeon"


@pytest.mark.parametrize(
    ("text", "focus", "expected"),
    [
        ("ok, and what are the bad points?", "advantages", "risks_overview"),
        ("what about the good side then", "risks_overview", "advantages"),
        ("y cuáles son las desventajas", "advantages", "risks_overview"),
    ],
)
def test_the_other_side_of_the_operation_asked_with_what_is(text, focus, expected):
    assert counterpart(text.lower(), focus) == expected


@pytest.mark.parametrize(
    "text",
    [
        "would the NHS cover a private keyhole operation?",
        "¿el seguro me cubre la operación?",
        "what happens if I decide not to have the surgery at all?",
        "¿y si no me operan qué me pasa con la hernia?",
        "¿es seguro si le estoy dando pecho a mi bebé?",
        "does breastfeeding change anything for the op?",
    ],
)
def test_insurance_cover_going_without_the_operation_and_breastfeeding_are_outside_the_content(text):
    assert asks_outside_content(text)


def test_another_operation_in_someones_story_does_not_make_the_patients_own_question_about_it():
    assert not about_another_operation(
        "me da miedo que se me infecte, a mi tía la tuvieron internada después de una operación de rodilla"
    )
    assert not about_another_operation("I'm scared of infection, my uncle was in hospital for weeks after a knee op")


@pytest.mark.parametrize(
    "text",
    [
        "been feeling really down and teary since the operation, is that usual?",
        "¿es normal que ande tan decaída desde que me operaron?",
    ],
)
def test_a_low_mood_after_the_operation_is_outside_the_content(text):
    assert asks_outside_content(text)


def test_feeling_low_about_the_risks_before_the_operation_is_not():
    assert not asks_outside_content("I feel a bit down about all the risks, which ones are the most common?")


@pytest.mark.parametrize(
    "text",
    ["can you book me an appointment with the spine surgeon?", "agendar cita", "quisiera sacar una cita para mi papá"],
)
def test_a_booking_asked_for_is_outside_the_content(text):
    assert asks_outside_content(text)


def test_questions_to_take_to_an_appointment_are_not_a_booking():
    assert not asks_outside_content("what should I ask the surgeon at my appointment?")


@pytest.mark.parametrize(
    ("text", "focus"), [("why does his weight matter here?", "risks_overview"), ("¿y su edad cuenta?", "infection")]
)
def test_a_follow_up_about_the_patients_age_or_weight_is_about_health(text, focus):
    assert resolve("ask_more", [], text, focus).topic == "risk_factors_health"


@pytest.mark.parametrize(
    "text", ["ok and her experience, where would I check that?", "¿y cómo averiguo la experiencia del cirujano?"]
)
def test_checking_a_surgeons_experience_is_how_to_choose_one(text):
    assert asks_how_to_choose_a_surgeon(text, "next_steps")


def test_the_patients_own_experience_is_not_the_surgeons():
    assert not asks_how_to_choose_a_surgeon("my experience with the last op was awful, how do I check the wound?", None)


def test_checking_the_surgeons_experience_read_as_a_follow_up_is_how_to_choose_one():
    resolution = resolve("ask_more", [], "and his experience, where do I find out about that?", "next_steps")
    assert resolution.topic == "reduce_risk_patient"


def test_the_surgeons_experience_asked_while_the_next_steps_are_in_focus_is_how_to_choose_one():
    resolution = resolve("ask_risk_factors_surgeon", [], "and her experience, how would I check that?", "next_steps")
    assert resolution.topic == "reduce_risk_patient"


def test_the_topics_of_a_message_are_in_the_order_it_asks_them():
    text = "three things: 1) is recovery slow 2) what about clots 3) and infection"
    parse = {
        "text": text,
        "intent": {"name": "ask_recovery"},
        "entities": [
            {"entity": "complication", "value": "infection", "start": text.index("infection")},
            {"entity": "complication", "value": "blood_clots", "start": text.index("clots")},
        ],
    }
    assert topics_asked_in(parse) == ["blood_clots", "infection", "recovery"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [("can you go over #3 again?", "infection"), ("the second question, how do I spot it?", "blood_clots")],
)
def test_a_question_pointed_to_by_its_number_is_the_topic_asked_in_that_place(text, topic):
    assert topic_by_its_number(text, ["anesthesia", "blood_clots", "infection"]) == topic
    assert resolve("ask_more", [], text, "anesthesia", 0.9, ["anesthesia", "blood_clots", "infection"]).topic == topic


def test_the_list_of_risks_names_its_complications_in_the_order_it_gives_them():
    reply = "Risks are a reaction to the anaesthetic, infection and clots; rarer, a nerve injury or open surgery."
    assert complications_listed_in(reply) == [
        "anesthesia",
        "infection",
        "blood_clots",
        "nerve_injury",
        "conversion_to_open",
    ]
    spanish = "Los riesgos: la anestesia, una infección, coágulos, lesión de nervios o necesitar cirugía abierta."
    assert complications_listed_in(spanish)[-1] == "conversion_to_open"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("and the last one on that list?", "dural_tear"),
        ("the second risk, what is that exactly", "infection"),
        ("¿y la última qué es?", "dural_tear"),
        ("the first one again", "anesthesia"),
    ],
)
def test_a_place_in_the_assistants_list_is_the_complication_it_listed_there(text, topic):
    listed = ["anesthesia", "infection", "blood_clots", "dural_tear"]
    assert by_number_or_place(text, ["risks_overview"], listed) == topic
    assert resolve("ask_more", [], text, "risks_overview", 0.9, ["risks_overview"], listed=listed).topic == topic


def test_going_back_to_the_first_thing_is_not_a_place_in_the_assistants_list():
    assert (
        by_number_or_place(
            "back to the first thing, how small are the cuts?", [], ["anesthesia", "infection", "blood_clots"]
        )
        is None
    )


def test_the_patients_own_numbered_questions_come_before_the_assistants_list():
    listed = ["anesthesia", "infection", "blood_clots"]
    assert by_number_or_place("number 2 again", ["recovery", "nerve_injury"], listed) == "nerve_injury"


def test_a_reply_naming_two_complications_is_no_list_and_a_first_time_is_no_place():
    assert by_number_or_place("the last one?", [], ["conversion_to_open", "blood_clots"]) is None
    assert by_number_or_place("la primera vez me fue bien", [], ["anesthesia", "infection", "blood_clots"]) is None


def test_the_last_reply_is_every_message_the_assistant_sent_since_the_patients_previous_one():
    events = [
        {"event": "user", "text": "risks?"},
        {"event": "bot", "text": "Risks: infection and clots."},
        {"event": "bot", "text": "Also a dural tear."},
        {"event": "user", "text": "the last one?"},
        {"event": "user_featurization", "use_text_for_featurization": False},
    ]
    assert complications_in_last_reply(events) == ["infection", "blood_clots", "dural_tear"]
    assert complications_in_last_reply(events[:1]) == []


def test_a_number_that_points_nowhere_is_no_reference():
    assert topic_by_its_number("what is the number 1 risk?", ["infection"]) is None
    assert topic_by_its_number("question 4 please", ["anesthesia", "infection"]) is None


@pytest.mark.parametrize(
    ("intent", "text", "focus", "aspect"),
    [
        ("ask_likelihood", "how often does something go wrong though?", "recovery", "likelihood"),
        ("ask_severity", "what's the worst thing that could happen?", "conversion_to_open", "severity"),
    ],
)
def test_what_can_go_wrong_after_a_topic_without_complications_is_the_list_of_risks(intent, text, focus, aspect):
    assert resolve(intent, [], text, focus) == Resolution("risks_overview", aspect)


def test_how_likely_a_complication_in_focus_is_stays_with_it():
    assert resolve("ask_likelihood", [], "how likely is it to go wrong like that?", "infection").topic == "infection"


def test_a_pronoun_after_a_symptom_named_in_the_same_message_is_that_symptom():
    text = "what about the calf swelling people talk about, where does that come from?"
    start = text.index("calf swelling")
    symptom = [{"entity": "symptom", "value": "swelling", "start": start, "end": start + len("calf swelling")}]
    assert resolve("ask_blood_clots", symptom, text, "anesthesia", 0.7).topic == "blood_clots"
    assert resolve("ask_blood_clots", [], "where does that come from?", "anesthesia", 0.7).topic == "anesthesia"


def test_an_idiom_with_it_does_not_point_back():
    text = "right, I'll sit down and think it over with the surgeon before deciding"
    assert resolve("ask_next_steps", [], text, "infection", 0.6).topic == "next_steps"


@pytest.mark.parametrize(
    "text",
    [
        "could we take legal action if the nerve is damaged?",
        "¿puedo demandar al hospital si sale mal?",
        "does your hospital have one of those robots?",
        "¿esta clínica cuenta con microscopio?",
        "¿cuántas operaciones de columna le han salido mal a ese doctor?",
        "how many of his patients went wrong after the op?",
    ],
)
def test_legal_action_a_clinics_own_equipment_and_a_surgeons_failures_are_not_in_the_content(text):
    assert asks_outside_content(text)


def test_what_robots_do_for_safety_is_in_the_content():
    assert not asks_outside_content("how do robots help the surgeon make it safer?")
    assert not asks_outside_content("the hospital have special machines, like a camera inside?")


def test_stairs_are_daily_life_but_intimacy_carried_on_after_a_filler_is_not_in_the_recovery_content():
    assert not beyond_topic_content("recovery", "when will grandad manage the stairs again?")
    assert beyond_topic_content("recovery", "how soon can my partner and I, well, be intimate again")
    assert not beyond_topic_content("recovery", "my son drives me everywhere, how long is recovery?")


def test_an_asked_question_that_names_its_complication_overrules_an_out_of_scope_reading_less_surely():
    text = "Nurse here, 2 days after a lumbar decompression. How often does a dural tear happen?"
    asked = "How often does a dural tear happen?"
    start = text.index("dural tear")
    entities = [{"entity": "complication", "value": "dural_tear", "start": start, "end": start + len("dural tear")}]
    ranking = [{"name": "out_of_scope", "confidence": 0.72}, {"name": "ask_dural_tear", "confidence": 0.2}]
    asking = {"text": asked, "intent": "ask_dural_tear", "confidence": 0.65}
    reading = resolve_unsure(ranking, entities, text, None, asking=asking)
    assert reading is not None and reading.resolution.topic == "dural_tear"
    assert resolve_unsure(ranking, [], text, None, asking=asking) is None


def test_something_asked_again_by_what_it_was_about_is_the_topic_it_names():
    text = "what was it again, that thing you said about the scope?"
    start = text.index("scope")
    scope = [{"entity": "procedure", "value": "reduce_risk_surgeon", "start": start, "end": start + 5}]
    ranking = [{"name": "out_of_scope", "confidence": 0.8}, {"name": "ask_more", "confidence": 0.1}]
    reading = resolve_unsure(ranking, scope, text, "infection")
    assert reading is not None and reading.resolution.topic == "reduce_risk_surgeon"
    assert resolve_unsure(ranking, scope, "do you sell scopes?", "infection") is None


def test_what_makes_complications_likelier_asks_how_health_weighs_with_nothing_in_focus():
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "out_of_scope", "confidence": 0.3}]
    reading = resolve_unsure(ranking, [], "anyway, what makes a person more prone to complications?", None)
    assert reading is not None and reading.resolution.topic == "risk_factors_health"


@pytest.mark.parametrize(
    "text",
    ["and for folks who are real heavy?", "¿y a las fumadoras les pasa más?", "oh wait, she is actually 91"],
)
def test_people_with_a_condition_and_an_age_put_right_are_facts_about_health(text):
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "out_of_scope", "confidence": 0.3}]
    reading = resolve_unsure(ranking, [], text, "blood_clots")
    assert reading is not None and reading.resolution.topic == "risk_factors_health"


def test_heavy_lifting_is_no_fact_about_health():
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "out_of_scope", "confidence": 0.3}]
    assert resolve_unsure(ranking, [], "and for someone doing heavy lifting at the yard", None) is None


@pytest.mark.parametrize("text", ["so should I stop?", "should he give it up now?", "¿y debería dejarlo?"])
def test_deciding_to_give_up_a_habit_after_ones_health_asks_what_the_patient_can_do(text):
    from actions.topic_resolution import resolve

    assert resolve("ask_next_steps", [], text, "risk_factors_health").topic == "reduce_risk_patient"
    # with nothing in focus it is still the decision about the operation
    assert resolve("ask_next_steps", [], text, None).topic == "next_steps"


@pytest.mark.parametrize(
    "text",
    [
        # the price, flying and the clinic's languages (es32, b60)
        "¿y cuánto vale la cirugía en total?",
        "¿mi mamá puede volar a Madrid después?",
        "is there a surgeon there who speaks Tagalog?",
        "when could I take a long flight after this?",
    ],
)
def test_prices_flights_and_languages_are_outside_the_content(text):
    from actions.topic_resolution import asks_outside_content

    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "will I manage a flight of stairs after the op?",
        "my aunt got a clot after a long flight years ago, does that raise my risk?",
        "parked at the Flying J, what does a clot in the leg feel like?",
    ],
)
def test_a_flight_told_in_passing_is_no_question_about_flying(text):
    from actions.topic_resolution import asks_outside_content

    assert not asks_outside_content(text)


def test_going_back_to_a_named_subject_is_not_the_topic_in_focus():
    from actions.topic_resolution import resolve

    text = "going back to the fluid thing, would it mean more surgery?"
    assert resolve("ask_dural_tear", [], text, "infection", 0.7).topic == "dural_tear"
    # with no subject of its own, "it" is still the topic in focus
    assert resolve("ask_dural_tear", [], "would it mean more surgery?", "infection", 0.7).topic == "infection"


def test_an_unsure_should_i_stop_after_ones_health_is_what_the_patient_can_do():
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_next_steps", "confidence": 0.43}]
    reading = resolve_unsure(ranking, [], "so should I quit then?", "risk_factors_health")
    assert reading is not None and reading.resolution.topic == "reduce_risk_patient"


def test_the_recovery_named_after_another_topic_is_the_recovery():
    from actions.topic_resolution import resolve

    assert (
        resolve("ask_recovery", [], "and the recovery after that?", "risk_factors_complexity", 0.6).topic == "recovery"
    )
    # a pronoun alone still points at the topic in focus
    assert resolve("ask_recovery", [], "and how long does that take?", "dural_tear", 0.6).topic == "dural_tear"


@pytest.mark.parametrize("text", ["¿qué riesgos tiene para él por su edad?", "what are the risks at my age?"])
def test_the_risks_asked_because_of_ones_age_are_how_health_weighs(text):
    from actions.topic_resolution import resolve

    assert resolve("ask_risks_overview", [], text, None).topic == "risk_factors_health"
    assert resolve("ask_risks_overview", [], "what are the risks of this operation?", None).topic == "risks_overview"


def test_another_operation_asked_of_a_complication_in_focus_is_that_complication():
    from actions.topic_resolution import resolve

    # however sure the classifier is of the conversion it reads
    assert resolve("ask_conversion_to_open", [], "would that mean a second operation?", "dural_tear", 0.9).topic == (
        "dural_tear"
    )
    assert resolve("ask_conversion_to_open", [], "¿y eso la vuelve a operar?", "dural_tear", 0.9).topic == (
        "dural_tear"
    )
    # turning into open surgery is the conversion, whatever is in focus
    assert resolve("ask_conversion_to_open", [], "could it turn into open surgery?", "dural_tear", 0.9).topic == (
        "conversion_to_open"
    )


@pytest.mark.parametrize("text", ["¿y cuál es lo más peligroso?", "¿lo más grave de todos?", "the worst of them all?"])
def test_the_gravest_of_the_risks_asked_across_them_is_the_list_of_risks(text):
    from actions.topic_resolution import resolve

    assert resolve("ask_severity", [], text, "risk_factors_health").topic == "risks_overview"


@pytest.mark.parametrize(
    "text",
    [
        "what about platelet-rich plasma injections?",
        "¿y con células madre?",
        "what are your opening hours on Saturday?",
        "give me a low-carb diet for before the op",
        "recomiéndenme una dieta para bajar de peso",
        "¿me cubre el seguro social esta operación?",
    ],
)
def test_stem_cells_opening_hours_diets_and_public_insurers_are_outside_the_content(text):
    from actions.topic_resolution import asks_outside_content

    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "¿una dieta sana antes de operarse ayuda a bajar los riesgos?",
        "antes de tomar el avión a casa: ¿qué riesgos tiene la operación?",
        "mi papá tiene marcapasos, ¿es más peligroso para él?",
    ],
)
def test_a_healthy_diet_a_trip_home_and_a_pacemaker_one_lives_with_are_in_the_content(text):
    from actions.topic_resolution import asks_outside_content

    assert not asks_outside_content(text)


def test_a_question_about_that_takes_its_subject_from_what_was_told_before_it():
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_risk_factors_health", "confidence": 0.3}]
    asking = {"text": "how much does that matter?", "intent": "ask_risk_factors_surgeon", "confidence": 0.7}
    reading = resolve_unsure(
        ranking, [], "the weight thing you said, how much does that matter?", "risks_overview", asking=asking
    )
    assert reading is not None and reading.resolution.topic == "risk_factors_health"


@pytest.mark.parametrize("text", ["and if he's over 80?", "what if you're past 70?"])
def test_an_age_said_as_over_is_a_fact_about_health(text):
    from actions.topic_resolution import PATIENT_FACT

    assert PATIENT_FACT.search(text)
    assert not PATIENT_FACT.search("the op takes over 90 minutes")


def test_a_short_question_about_stopping_after_ones_health_is_giving_up_the_habit():
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "out_of_scope", "confidence": 0.4}]
    reading = resolve_unsure(ranking, [], "when should I quit?", "risk_factors_health")
    assert reading is not None and reading.resolution.topic == "reduce_risk_patient"


def test_the_surgeon_asked_about_after_deciding_is_what_the_surgeon_brings_to_the_risk():
    from actions.topic_resolution import counterpart

    assert counterpart("and about the surgeon?", "next_steps") == "risk_factors_surgeon"
    assert counterpart("and about the surgeon?", "infection") is None


@pytest.mark.parametrize("text", ["¿y para mi nieto de quince?", "what if my daughter is twelve?"])
def test_an_age_in_words_is_a_fact_about_health(text):
    from actions.topic_resolution import PATIENT_FACT

    assert PATIENT_FACT.search(text)


def test_a_statement_after_a_sure_question_does_not_make_the_message_out_of_scope():
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "out_of_scope", "confidence": 0.6}, {"name": "ask_recovery", "confidence": 0.3}]
    asking = {"text": "is the recovery quicker?", "intent": "ask_recovery", "confidence": 0.98}
    parts = [
        {**asking, "asks": True},
        {"text": "I model swimwear for a living", "intent": "out_of_scope", "confidence": 0.9, "asks": False},
    ]
    text = "is the recovery quicker? I model swimwear for a living"
    reading = resolve_unsure(ranking, [], text, None, parts=parts, asking=asking)
    assert reading is not None and reading.resolution.topic == "recovery"
    # a second question surely out of scope still keeps it out
    parts[1] = {**parts[1], "asks": True}
    assert resolve_unsure(ranking, [], text, None, parts=parts, asking=asking) is None


def test_an_it_that_stands_for_what_follows_or_the_operation_does_not_point_back():
    from actions.topic_resolution import resolve

    text = "and the doctor doing it, does it matter that she's new?"
    assert resolve("ask_risk_factors_surgeon", [], text, "infection", 0.7).topic == "risk_factors_surgeon"
    # "that" alone still points back
    assert resolve("ask_risk_factors_surgeon", [], "does that matter?", "infection", 0.7).topic == "infection"


@pytest.mark.parametrize("text", ["mi abuelo tiene 88 años, ¿es peligroso operarlo?", "she's 79, is it too risky?"])
def test_how_risky_it_is_beside_an_age_asks_how_health_weighs(text):
    from actions.topic_resolution import resolve

    assert resolve("ask_risks_overview", [], text, None).topic == "risk_factors_health"
    assert resolve("ask_risks_overview", [], "is it risky?", None).topic == "risks_overview"


@pytest.mark.parametrize(
    "text", ["how big are the incisions going to be?", "¿cuántos cortes le hacen?", "will it leave a huge scar?"]
)
def test_the_size_of_the_cuts_read_as_out_of_scope_is_the_advantages(text):
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "out_of_scope", "confidence": 0.75}, {"name": "ask_advantages", "confidence": 0.1}]
    reading = resolve_unsure(ranking, [], text, None)
    assert reading is not None and reading.resolution.topic == "advantages"


@pytest.mark.parametrize("text", ["how long will the scar take to fade?", "how many days until the cut is dry?"])
def test_how_long_a_cut_takes_to_heal_is_not_its_size(text):
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "out_of_scope", "confidence": 0.75}, {"name": "ask_advantages", "confidence": 0.1}]
    assert resolve_unsure(ranking, [], text, None) is None


def test_an_unsure_question_how_risky_it_is_at_an_age_asks_how_health_weighs():
    from actions.topic_resolution import resolve_unsure

    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_severity", "confidence": 0.45},
        {"name": "ask_risk_factors_health", "confidence": 0.43},
    ]
    reading = resolve_unsure(ranking, [], "tengo 85 años, ¿es arriesgado operarme?", None)
    assert reading is not None and reading.resolution.topic == "risk_factors_health"


def test_healing_a_scar_faster_is_not_the_size_of_the_cuts():
    from actions.topic_resolution import resolve_unsure

    ranking = [{"name": "out_of_scope", "confidence": 0.75}, {"name": "ask_advantages", "confidence": 0.1}]
    assert resolve_unsure(ranking, [], "¿cuántas vitaminas tomo para cicatrizar más rápido?", None) is None


def test_how_risky_beside_a_fact_the_content_never_covers_is_not_how_health_weighs():
    from actions.topic_resolution import resolve

    text = "I'm 20 weeks pregnant. Is it risky to have the back operation now?"
    assert resolve("ask_risks_overview", [], text, None).topic != "risk_factors_health"


def test_another_operation_after_a_complication_whose_content_is_silent_on_it_stays_the_conversion():
    from actions.topic_resolution import resolve

    text = "could that need a second operation?"
    assert resolve("ask_conversion_to_open", [], text, "nerve_injury", 0.9).topic == "conversion_to_open"
    assert resolve("ask_conversion_to_open", [], text, "dural_tear", 0.9).topic == "dural_tear"


@pytest.mark.parametrize(
    "text",
    [
        "Me da miedo dormirme, a mi abuela le dio una reaccion muy fea en su operacion de la rodilla",
        "mi primo acabo con una infeccion despues de la cesarea de su esposa y ahora tengo panico a infectarme",
        "My aunt nearly died from a clot in her hip operation and now I'm terrified of getting one",
    ],
)
def test_a_fear_told_through_someone_elses_operation_is_about_this_one(text):
    assert not about_another_operation(text)


def test_a_follow_up_that_names_the_next_steps_asks_them_not_more_of_the_risk_in_focus():
    text = "Given all that, what would you recommend as the next steps?"
    assert resolve("ask_next_steps", [], text, "risk_factors_complexity", confidence=0.7).topic == "next_steps"
    # a follow-up with only its pronoun still asks about the risk in focus
    pronoun_only = resolve("ask_next_steps", [], "so what do I do about that?", "infection", confidence=0.7)
    assert pronoun_only.topic != "next_steps"


@pytest.mark.parametrize(
    "text",
    [
        "how soon can my husband drive after the keyhole op?",
        "¿cuándo puedo volver a manejar después de la cirugía?",
        "is it ok to use cbd oil for the pain afterwards",
        "what's the complication rate at your clinic?",
        "which diet is best to drop weight quickly before my op",
        "¿cuál inhalador le conviene antes de operarse?",
        "are there alternatives to the operation for my disc?",
        "Mum had a knee replacement in May, how long does healing take after that?",
        "My brother had a gallbladder op last month. How long is recovery from that normally?",
    ],
)
def test_driving_cannabis_a_clinics_rates_crash_diets_inhalers_alternatives_and_other_recoveries_are_outside(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "I drive trucks for a living, how long is the recovery?",
        "my leg goes numb after hours behind the wheel, could the op damage the nerve?",
        "does eating a healthy diet lower my risk?",
        "I had a knee replacement last year, am I more likely to get a clot?",
        "what are the options to lower my risk of infection?",
        "My brother had a gallbladder op and then his spine op last month. How long is recovery from that normally?",
        "I had a hip replacement years ago. How long is recovery after the keyhole spine surgery?",
    ],
)
def test_the_same_words_in_questions_the_content_answers_stay_inside(text):
    assert not asks_outside_content(text)


@pytest.mark.parametrize(
    ("text", "focus"),
    [
        ("do they really lower the complications?", "reduce_risk_surgeon"),
        ("¿y eso de verdad ayuda?", "reduce_risk_surgeon"),
        ("does that actually make a difference", "reduce_risk_patient"),
    ],
)
def test_whether_the_measure_in_focus_works_stays_with_it(text, focus):
    other = "reduce_risk_patient" if focus == "reduce_risk_surgeon" else "reduce_risk_surgeon"
    assert resolve(f"ask_{other}", [], text, focus, confidence=0.9).topic == focus


def test_a_new_question_about_a_measure_after_another_is_its_own():
    assert resolve(
        "ask_reduce_risk_patient", [], "what can I do myself to lower it?", "reduce_risk_surgeon", 0.9
    ).topic != ("reduce_risk_surgeon")


@pytest.mark.parametrize(
    "text",
    [
        # another operation still to come, then "this operation" (b74)
        "My son has to have his appendix out next week. Is this surgery risky?",
        # a named surgeon's patients, the title's full stop inside the sentence (b75)
        "What share of Dr. Osei's patients ended up with an infection?",
        "¿A la doctora Benítez se le han complicado muchos pacientes con esta cirugía?",
        # a price spelt as it sounds, all included (es40)
        "cuanto es el presio de la operacion de columna",
        # where to find a surgeon, or what one hospital has (b75, es40)
        "is there a decent surgeon near Dayton who does the keyhole one?",
        "¿hay algún cirujano en Tarija que haga esta operación?",
        "¿y allá en el hospital de Santiago tienen ese robot?",
        # a painkiller regimen (b74)
        "what analgesic regimen is usual after a microdiscectomy?",
    ],
)
def test_places_regimens_prices_spelt_by_sound_and_an_operation_pointed_back_at_are_outside_the_content(text):
    assert asks_outside_content(text)


@pytest.mark.parametrize(
    "text",
    [
        # an operation told as history: "this surgery" is the spine one
        "My son had his appendix out last year. Is this surgery risky for me?",
        "is there one risk in particular I should worry about?",
        "¿hay un especialista en dolor en el equipo?",
        "what are the risks of this operation, Dr. Patel said they were low?",
        # a device someone has is a condition, not an operation to come; less need of painkillers is an advantage
        "Mi abuelo tiene 85 años y un marcapasos. ¿La operación es más peligrosa para él?",
        "Do patients need fewer analgesics and a shorter stay with the keyhole approach?",
    ],
)
def test_an_operation_told_as_history_and_questions_with_in_or_a_title_are_not_outside_the_content(text):
    assert not asks_outside_content(text)


def test_an_unsure_what_to_do_after_the_health_factors_is_the_patients_part_as_a_sure_one_is():
    unsure = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "ask_prevention", "confidence": 0.43}]
    reading = resolve_unsure(unsure, [], "What I must do?", "risk_factors_health")
    assert reading is not None and reading.resolution.topic == "reduce_risk_patient"
    assert (
        resolve("ask_prevention", [], "what can I do about it?", "risk_factors_health").topic == "reduce_risk_patient"
    )


def test_a_listed_complication_picked_by_what_it_does_is_that_complication():
    listed = complications_listed_in(
        "General risks are problems with anesthesia, infection, and blood clots. Other risks are nerve injury, "
        "a dural tear, or needing open surgery."
    )
    assert by_number_or_place("ok and the one with the headaches, is it common?", [], listed) == "dural_tear"
    assert by_number_or_place("y la de la fiebre, cómo la noto?", [], listed) == "infection"
    # what it does named without picking one of the list, or two of them at once: not a pick
    assert by_number_or_place("how would I know if I had a fever?", [], listed) is None
    assert by_number_or_place("the fever and headache ones, how common?", [], listed) is None
    # no list given before: nothing to pick from
    assert by_number_or_place("and the headache one?", [], ["dural_tear"]) is None
