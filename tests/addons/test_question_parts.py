"""The separate questions of one message, and the one question of a message that also tells something."""

from __future__ import annotations

import pytest

from addons.question_parts import last_question, part_asks, split_questions, what_about_subject


def test_two_questions_joined_by_and_are_two_parts():
    assert split_questions("what's the infection risk and could I get a clot too?") == [
        "what's the infection risk",
        "could I get a clot too",
    ]


def test_each_part_is_the_sentence_that_asks_not_the_story_before_it():
    text = (
        "We saw two surgeons this month. One is covered by my plan, which is another story. "
        "Does the surgeon's experience change the risk? And is infection common?"
    )
    assert split_questions(text) == ["Does the surgeon's experience change the risk", "is infection common"]


@pytest.mark.parametrize(
    "text, asked",
    [
        ("My knee aches from hiking. What are the risks of the surgery?", "What are the risks of the surgery?"),
        # the question first, then what the patient tells about it
        ("What are the risks of this surgery? My doctor never explained them.", "What are the risks of this surgery?"),
        (
            "¿Cuáles son los risks de este tipo de surgery? Mi doctor no me los explicó bien",
            "¿Cuáles son los risks de este tipo de surgery?",
        ),
        # a Spanish question opens with "¿", even after a comma
        ("ya me dieron fecha para lo de la hernia, ¿qué riesgos tiene? para ir preparada", "¿qué riesgos tiene?"),
        # after a comma, a question's first words open it, with or without a question mark
        (
            "my son had his disc surgery yesterday, what is recovery usually like?",
            "what is recovery usually like?",
        ),
        (
            "hello, my dad had spine surgery yesterday, whats the recovery usually like",
            "whats the recovery usually like",
        ),
        ("I had my op last week. is it normal to still be sore", "is it normal to still be sore"),
    ],
)
def test_the_question_of_a_message_that_also_tells_something(text: str, asked: str):
    assert last_question(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "could the wound get infected?",
        "I had my operation last week. Thanks for everything.",
        "Ok. Why?",
        # a comma before words that do not open a question does not make two sentences
        "after the op, recovery takes how long?",
        # nor a comma inside a question that asks two things
        "Why would they change plan in the middle, and does that happen often?",
        "Which modifiable patient factors, e.g. smoking cessation or weight optimisation, should I address pre-op?",
    ],
)
def test_a_lone_question_a_message_without_one_or_a_one_word_question_has_none(text: str):
    assert last_question(text) is None


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "hola, soy la hija de don Pedro, que riesgos tiene la operacion para el?",
            "que riesgos tiene la operacion para el?",
        ),
        ("me operaron hace 3 dias, como se si tengo infeccion?", "como se si tengo infeccion?"),
    ],
)
def test_a_spanish_question_without_its_opening_mark_after_what_the_patient_tells(text: str, asked: str):
    assert last_question(text) == asked


@pytest.mark.parametrize(
    "text", ["le dije al doctor que no, que no queria operarme", "me dijo que si, que la cirugia es segura"]
)
def test_a_spanish_que_that_joins_or_quotes_does_not_split_without_a_question_mark(text: str):
    assert last_question(text) is None


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("and what about who does it?", "who does it?"),
        ("OK so how about for someone who smokes", "for someone who smokes"),
        ("¿y qué pasa con la anestesia?", "la anestesia?"),
        ("y en cuanto a la recuperacion", "la recuperacion"),
        ("going back to what you said about the scar, will it be small?", "the scar, will it be small?"),
        ("volviendo a lo que dijiste de la anestesia, es segura?", "la anestesia, es segura?"),
        # going back to a topic named, without "what you said about"
        ("coming back to the clot stuff, how would I notice one", "the clot stuff, how would I notice one"),
        ("regresando a lo de la infección, ¿cómo se nota?", "la infección, ¿cómo se nota?"),
        ("y sobre el cirujano, ¿importa su experiencia?", "el cirujano, ¿importa su experiencia?"),
    ],
)
def test_what_a_what_about_follow_up_asks_about(text, subject):
    assert what_about_subject(text) == subject


@pytest.mark.parametrize(
    "text",
    [
        "what about 2?",
        "tell me what people say about it",
        "how long about?",
        "what?",
        # going back to a place or to daily life, and "sobre todo" (above all), name no subject
        "going back to work, when can I?",
        "sobre todo me preocupa la infección",
    ],
)
def test_no_subject_without_a_what_about_and_a_word(text):
    assert what_about_subject(text) is None


@pytest.mark.parametrize(
    "text,asked",
    [
        (
            "My dad is 81 and has a weak heart. We are trying to find out whether that makes the operation riskier "
            "for him. He goes in next month.",
            "We are trying to find out whether that makes the operation riskier for him.",
        ),
        (
            "I have read so much online that I am confused. I'd just like someone to explain what can go wrong.",
            "I'd just like someone to explain what can go wrong.",
        ),
        (
            "Mi mamá tiene 70 años. Quisiera saber qué riesgos tiene para ella. Gracias.",
            "Quisiera saber qué riesgos tiene para ella.",
        ),
        (
            "The op is in May and work is sorted. What we still haven't worked out is how he can help his own "
            "recovery. Anyway, thanks.",
            "What we still haven't worked out is how he can help his own recovery.",
        ),
        (
            "Me operan en marzo. Lo que no tengo claro es qué tengo que dejar de hacer antes. Gracias.",
            "Lo que no tengo claro es qué tengo que dejar de hacer antes.",
        ),
    ],
)
def test_a_question_asked_as_a_wish_or_an_indirect_question_is_the_asking_part(text, asked):
    assert last_question(text) == asked


def test_a_story_with_no_question_in_it_has_no_asking_part():
    assert last_question("I had my op a week ago. I am walking more every day. The wound looks clean.") is None


@pytest.mark.parametrize(
    "text",
    [
        "1. is it painful\n2. how long in hospital",
        "- infection risk\n- clot risk",
        "what are the risks\nhow long is recovery",
    ],
)
def test_a_pasted_list_has_a_question_a_line(text):
    assert len(split_questions(text)) == 2


def test_a_story_on_two_lines_is_not_two_questions():
    assert len(split_questions("My op is on Monday.\nMy wife is coming with me. What are the risks?")) == 1


def test_a_pasted_list_on_one_line_as_the_models_see_it_has_a_question_an_item():
    assert split_questions("two things: 1. is it painful 2. how long in hospital") == [
        "is it painful",
        "how long in hospital",
    ]
    assert len(split_questions("my dad is 62. what are the risks")) == 1


def test_what_is_told_after_the_last_question_asks_nothing():
    text = "how big are the cuts? I work as a model and show my back a lot"
    first, told = split_questions(text)
    assert part_asks(text, first)
    assert not part_asks(text, told)
    # a question without its mark still asks, by its first words
    text = "what are the risks. and how long is the recovery"
    assert all(part_asks(text, part) for part in split_questions(text))


def test_a_request_told_after_the_question_still_asks():
    text = "what is the chance of a clot? I just want the exact figure"
    assert part_asks(text, split_questions(text)[-1])
