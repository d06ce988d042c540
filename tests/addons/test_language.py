"""English or Spanish, per message (addons/language.py), and what the NLU pipeline makes of it."""

from __future__ import annotations

import pytest

from addons.language import conversation_language, read_language


@pytest.mark.parametrize(
    "text",
    [
        "mi papá no puede mover las piernas desde esta mañana",
        "my dad no puede mover las piernas since this morning",  # a mix: the family reads Spanish
        "cuanto dura el recovery",
        "tengo miedo del anesthesia",
        "q pasa si me infecto",
        "que es la infeccion",
        "el surgeon tiene experiencia?",
    ],
)
def test_spanish_and_mixed_messages_are_spanish_and_clear(text):
    assert read_language(text) == (read_language(text).__class__("es", True))


@pytest.mark.parametrize(
    "text",
    ["what is the risk of infection after the operation", "la la la what is a dural tear", "can i get a clot"],
)
def test_english_messages_are_english_and_clear(text):
    reading = read_language(text)
    assert reading.language == "en" and reading.clear


@pytest.mark.parametrize(
    "text",
    [
        "is it permanent?",
        "tell me about tears in the dura",
        "tell me something funny to cheer me up",
        "MIS fusion vs MIS discectomy which is riskier",
    ],
)
def test_short_english_that_looks_spanish_to_trigrams_never_turns_a_conversation_spanish(text):
    reading = read_language(text)
    assert reading.language != "es" and conversation_language({"language": "en"}, reading.language) == "en"
    assert conversation_language({}, reading.language) == "en"


@pytest.mark.parametrize(
    "text", ["endoscopic?", "anaesthesia", "general anesthesia?", "anesthetist experience important?", "cheerio"]
)
def test_a_few_english_words_the_trigrams_call_spanish_start_an_english_conversation(text):
    assert conversation_language({}, read_language(text).language) == "en"


@pytest.mark.parametrize("text", ["¿hay robot?", "cicatriz", "infeccion", "la anestesia"])
def test_a_few_spanish_words_still_start_a_spanish_conversation(text):
    assert conversation_language({}, read_language(text).language) == "es"


@pytest.mark.parametrize(
    "text", ["¿Conversión a abierta?", "operan cn camara o a ojo?", "perfecto, ya vamos a la cita"]
)
def test_spanish_with_the_word_a_stays_spanish(text):
    assert read_language(text).language == "es"


@pytest.mark.parametrize(
    "text", ["Welche Risiken hat eine minimal-invasive Wirbelsäulenoperation?", "Ich habe Schmerzen nach der Operation"]
)
def test_german_is_another_language_not_spanish(text):
    assert read_language(text).language == "other"


@pytest.mark.parametrize("text", ["sí", "si", "no", "ok", "OK!", "yes", "👍", "911", ""])
def test_words_both_languages_write_tell_nothing(text):
    assert read_language(text).language is None


@pytest.mark.parametrize(
    "text,language", [("Infección", "es"), ("gracias", "es"), ("la herida", "es"), ("clots", "en")]
)
def test_one_or_two_words_are_read_but_never_switch_a_conversation(text, language):
    reading = read_language(text)
    assert reading.language == language and not reading.clear


@pytest.mark.parametrize(
    "text,language",
    [("Español", "es"), ("espanol", "es"), ("en español por favor", "es"), ("English", "en"), ("inglés", "en")],
)
def test_a_language_asked_for_by_name_always_switches(text, language):
    reading = read_language(text)
    assert reading.language == language and reading.clear


def test_the_conversation_keeps_its_language_until_a_clear_reading():
    assert conversation_language({"language": "es"}, "en") == "es"  # the slot: clear readings only
    assert conversation_language({"language": None}, "es") == "es"  # nothing clear yet: the message's own
    assert conversation_language({}, None) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Quanto tempo dura a recuperação da cirurgia?",  # Portuguese: lingua alone would call it Spanish
        "Combien de temps après la chirurgie pour la douleur?",
        "Quanto tempo dopo la chirurgia per il dolore?",
    ],
)
def test_other_languages_are_not_read_as_spanish(text):
    assert read_language(text).language == "other" and not read_language(text).clear


@pytest.mark.parametrize(
    "text", ["how long is the tempo of recovery", "quanto? what does that mean", "cuánto tiempo dura la recuperación"]
)
def test_one_foreign_word_does_not_make_a_message_another_language(text):
    assert read_language(text).language in ("en", "es")


@pytest.mark.parametrize("text", ["zxcv bnm", "kjh kjh kjh", "sdfsdf sdf"])
def test_keyboard_mashing_is_no_language(text):
    # lingua alone gives "zxcv bnm" Spanish at 0.99: the patient would be answered in Spanish
    assert read_language(text).language is None


@pytest.mark.parametrize("text", ["xq duele tmb", "q es eso"])
def test_spanish_sms_shorthand_without_vowels_is_still_read(text):
    assert read_language(text).language == "es"


@pytest.mark.parametrize("text", ["¿Anestesia general?", "¡Qué miedo la cirugía!", "¿Cirugía con láser?"])
def test_spanish_question_and_exclamation_marks_make_a_short_message_spanish(text):
    assert read_language(text).language == "es"


def test_an_english_question_with_a_spanish_mark_stays_english():
    assert read_language("¿what are the risks of the surgery?").language == "en"


def test_a_spanish_follow_up_with_english_words_is_spanish():
    assert read_language("¿y comparado con la open surgery?").language == "es"


def test_the_input_guard_loads_both_language_models_before_the_first_message():
    from addons import language
    from addons.input_guard import InputGuard

    language._detector.cache_clear()
    language._short_text_detector.cache_clear()
    InputGuard.create({}, None, None, None)  # type: ignore[arg-type]  # the guard uses none of them
    assert language._detector.cache_info().currsize == 1
    assert language._short_text_detector.cache_info().currsize == 1


@pytest.mark.parametrize(
    "text",
    [
        "me pueden tocar un nervio en la surgery?",
        "la recovery es larga en el hospital?",
        "cuánto dura en el hospital after the op",
    ],
)
def test_spanish_articles_and_prepositions_around_english_words_make_the_message_spanish(text):
    assert read_language(text).language == "es"


@pytest.mark.parametrize(
    "text", ["she say de cut hot an leakin now, an she got de shakes", "is the recovery in LA hospitals the same?"]
)
def test_english_with_a_creole_de_or_a_place_name_stays_english(text):
    assert read_language(text).language == "en"
