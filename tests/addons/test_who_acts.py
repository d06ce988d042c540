"""Who a question asks to act: the patient's part or the surgeons' part of lowering the risks."""

from __future__ import annotations

import pytest

from addons.who_acts import PATIENT_SIDE_TOPIC, SURGEON_SIDE_TOPIC, who_acts


@pytest.mark.parametrize(
    "text",
    [
        "what can I do about it?",
        "what would you recommend she does first?",
        "¿y yo qué puedo hacer de mi parte?",
        "¿qué puede hacer mi mamá antes de la operación?",
        "¿Y qué me toca hacer a mí?",
        "¿qué podemos hacer?",
        "and what about me, anything I can do?",
        "is there something we could do ourselves beforehand?",
        "ok and what else can I do besides quitting?",
        "¿y qué más puede hacer ella para prepararse?",
        "¿Y qué puede hacer él de aquí a la operación?",
        # what a carer should tell the patient to do
        "y q le recomiendo que haga a mi abuela?",
        "que le digo a mi papa que haga antes?",
        "what should I tell my dad to do beforehand?",
    ],
)
def test_what_the_patient_or_the_person_cared_for_can_do(text):
    assert who_acts(text) == PATIENT_SIDE_TOPIC


@pytest.mark.parametrize(
    "text",
    [
        "what can the surgeon do to make it safer?",
        "how do doctors avoid that?",
        "¿y los doctores qué hacen de su parte?",
        "¿qué hace el cirujano para que sea más seguro?",
        "¿qué puede hacer mi doctor?",
        "what about the surgeon, what do they do?",
        "and the hospital team, what can they do",
        # the effort said before the verb
        "how does the surgical team try to prevent it?",
        "so how do doctors go about avoiding that",
    ],
)
def test_what_the_surgeons_and_the_hospital_do(text):
    assert who_acts(text) == SURGEON_SIDE_TOPIC


@pytest.mark.parametrize(
    "text",
    [
        "what can the doctors do if it happens?",  # how it is treated: the topic's own aspect
        "my surgeon is great, what do they do if the dura tears?",
        "¿qué hacen los médicos si se rompe la dura?",
        "¿qué hacen si pasa eso?",
        "what is a dural tear?",
    ],
)
def test_treatment_and_other_questions_name_nobody(text):
    assert who_acts(text) is None


@pytest.mark.parametrize(
    "text",
    ["what if it tore once I was home, what should I do?", "if that happens to my dad, what can he do?"],
)
def test_what_to_do_if_it_happens_is_no_part_in_lowering_the_risk(text):
    assert who_acts(text) is None


def test_what_the_surgeon_does_about_it_is_their_part_only_after_something_that_raises_the_risk():
    text = "what can the surgeon do about that?"
    assert who_acts(text) is None  # after a complication: how it is treated
    assert who_acts(text, after_a_risk_factor=True) == SURGEON_SIDE_TOPIC


@pytest.mark.parametrize(
    "text",
    ["so what's my own part in keeping the risks low?", "what is the patient's role in preventing it"],
)
def test_the_patients_part_in_lowering_a_risk_is_the_patients_side(text):
    assert who_acts(text) == PATIENT_SIDE_TOPIC


def test_what_to_do_next_is_the_next_step_not_the_patients_part():
    assert who_acts("ok I'm leaning towards yes, what should I do next, who do I call?") is None


@pytest.mark.parametrize("text", ["¿y cómo evito eso yo?", "y nosotros qué reducimos, ¿cómo?"])
def test_lowering_it_oneself_with_yo_said_is_the_patients_side(text):
    assert who_acts(text) == PATIENT_SIDE_TOPIC


@pytest.mark.parametrize(
    "text",
    [
        "so what do you guys do to keep it safe?",
        "what y'all doing to prevent that",
        "¿qué hacen ustedes para evitar eso?",
    ],
)
def test_the_clinic_asked_as_you_in_the_plural_is_the_surgeons_part(text):
    assert who_acts(text.lower()) == SURGEON_SIDE_TOPIC


def test_you_in_the_plural_asked_about_something_else_is_nobodys_part():
    assert who_acts("what do you guys do for lunch?") is None


@pytest.mark.parametrize("text", ["what could they do to keep it safe?", "¿y qué hacen para que sea más seguro?"])
def test_they_making_it_safer_is_the_care_team(text):
    assert who_acts(text) == SURGEON_SIDE_TOPIC
