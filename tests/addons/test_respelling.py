"""Sound-alike spellings put right before the triage reads a Spanish message (addons/respelling.py)."""

import pytest

from addons.respelling import Respeller, sound_key
from addons.triage import TriageRules

RULES = TriageRules.from_file()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pesho", "pecho"),
        ("fievre", "fiebre"),
        ("erida", "herida"),
        ("rroja", "roja"),
        ("cueyo", "cuello"),
        ("operarom", "operaron"),
        ("isquierda", "izquierda"),
        ("saliba", "saliva"),
        ("ynchada", "hinchada"),
    ],
)
def test_spellings_that_sound_the_same_in_spanish_share_a_key(typed, meant):
    assert sound_key(typed) == sound_key(meant)


def test_only_words_the_patterns_do_not_contain_are_respelled_and_only_in_spanish():
    respeller = Respeller([r"\b(me duele el pecho|fiebre|possible|posible)\b", r"\bherid\w*"])
    assert respeller.respell("me duele el pesho y tengo fievre") == "me duele el pecho y tengo fiebre"
    assert respeller.respell("la erida esta roja y es possible") == "la herida esta roja y es possible"
    assert respeller.respell("my pesho hurts") == "my pesho hurts"  # not Spanish: left as typed


def test_a_vocabulary_respeller_keeps_the_commoner_of_two_spellings_that_sound_alike():
    respeller = Respeller.of_vocabulary(["riesgos", "operacion", "hospital", "vaya", "baya"])
    assert (
        respeller.respell("q riezgos tiene la operasion en el ospital") == "q riesgos tiene la operacion en el hospital"
    )
    assert respeller.respell("que me balla bien con la operacion") == "que me vaya bien con la operacion"
    assert respeller.respell("the riezgos of the operasion") == "the riezgos of the operasion"  # not Spanish


@pytest.mark.parametrize(
    "text",
    [
        "me falta el aire y me duele el pesho, me operaron el biernes",
        "tengo fievre de 39 y la erida esta rroja y supura, me operarom la colunna hace 8 dias",
        "no puedo tragar ni la saliba y el cueyo se me hincho mucho, me operaron del cueyo ayer",
    ],
)
def test_red_flags_typed_as_they_sound_are_escalated(text):
    assert RULES.assess(text).emergency, text


def test_a_spanish_question_is_not_turned_into_a_report_by_respelling():
    assert not RULES.assess("es posible q me dañen un nervio y me quede la pierna debil??").emergency


def test_a_plural_without_its_s_and_a_cibao_r_said_as_i_are_put_right_where_the_word_is_known():
    respeller = Respeller.of_vocabulary(["riesgos", "riesgo", "saber", "anestesia", "piernas", "pierna"])
    assert respeller.respell("queria sabei los riesgo de la anestesia") == "queria saber los riesgos de la anestesia"
    assert respeller.respell("me duelen mis pierna y el riesgo es alto") == "me duelen mis piernas y el riesgo es alto"
    # only after a plural article, and only into a word the vocabulary knows
    assert respeller.respell("el riesgo de la anestesia y los hueso") == "el riesgo de la anestesia y los hueso"
    assert respeller.respell("the riesgo of the los riesgo") == "the riesgo of the los riesgo"  # not Spanish
