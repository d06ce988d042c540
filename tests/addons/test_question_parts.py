"""The separate questions of one message, and the one question of a message that also tells something."""

from __future__ import annotations

import pytest

from addons.question_parts import last_question, split_questions


def test_two_questions_joined_by_and_are_two_parts():
    assert split_questions("what's the infection risk and could I get a clot too?") == [
        "what's the infection risk",
        "could I get a clot too",
    ]


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
    ],
)
def test_the_question_of_a_message_that_also_tells_something(text: str, asked: str):
    assert last_question(text) == asked


@pytest.mark.parametrize(
    "text",
    ["could the wound get infected?", "I had my operation last week. Thanks for everything.", "Ok. Why?"],
)
def test_a_lone_question_a_message_without_one_or_a_one_word_question_has_none(text: str):
    assert last_question(text) is None
