"""End to end over the REST channel in Spanish (issue 14): answers from content/es with the same answer
contract, follow-ups, the language kept through "ok"/"sí", switched by name, out of scope, the emergency
and "can I wait?" in Spanish, and another language not mistaken for Spanish."""

from __future__ import annotations

import pytest

from addons.language import read_language
from tests.e2e.conftest import new_sender, text, topics


def test_a_spanish_question_is_answered_in_spanish_with_the_same_topic_and_source(servers):
    reply = servers.say("¿qué pasa si se me infecta la herida después de la cirugía?")
    assert topics(reply) == ["infection"]
    assert next(m["custom"] for m in reply if m.get("custom"))["source"] == "General Surgery Risks"
    assert "infección" in text(reply)
    buttons = next(m["buttons"] for m in reply if m.get("buttons"))
    assert all(b["payload"].startswith("/") for b in buttons) and "Tell me more" not in [b["title"] for b in buttons]


@pytest.mark.parametrize(
    "message,topic",
    [
        ("cuanto tiempo tarda la recuperacion", "recovery"),
        ("me pueden dejar paralizado?", "nerve_injury"),
        ("mi mamá tiene 80 años, la edad le sube el riesgo?", "risk_factors_health"),
        ("q es un desgarro dural", "dural_tear"),
    ],
)
def test_spanish_in_patients_own_words_reaches_the_right_topic(servers, message, topic):
    reply = servers.say(message)
    assert topic in topics(reply), text(reply)


def test_the_conversation_stays_in_spanish_through_short_answers_and_follow_ups(servers):
    sender = new_sender()
    assert topics(servers.say("¿me puede dar un coágulo en la pierna?", sender)) == ["blood_clots"]
    follow_up = servers.say("¿y eso es peligroso?", sender)
    assert topics(follow_up)[0] == "blood_clots"
    for short in ["ok", "sí", "no"]:  # say nothing of the language: the conversation stays Spanish
        reply = text(servers.say(short, sender))
        assert read_language(reply).language == "es", (short, reply)
    assert "De nada" in text(servers.say("gracias", sender))


def test_the_language_switches_by_name_both_ways(servers):
    sender = new_sender()
    assert "¡Hola!" in text(servers.say("Español", sender))
    assert "infección" in text(servers.say("/ask_infection", sender))  # a button tap, in Spanish now
    assert text(servers.say("English", sender)).startswith("Hello!")
    assert "infection" in text(servers.say("/ask_infection", sender))


def test_the_greetings_language_button_switches_to_spanish_and_back(servers):
    sender = new_sender()
    hello = servers.say("hi", sender)
    spanish = next(b for m in hello for b in m.get("buttons", []) if b["title"] == "Español")
    hola = servers.say(spanish["payload"], sender)
    assert "¡Hola!" in text(hola)
    english = next(b for m in hola for b in m.get("buttons", []) if b["title"] == "English")
    assert text(servers.say(english["payload"], sender)).startswith("Hello!")


def test_a_spanish_question_the_content_does_not_answer_is_declined_in_spanish(servers):
    reply = servers.say("¿cuánto me va a costar la operación con mi seguro?")
    assert topics(reply) == ["out_of_scope"]
    assert "información" in text(reply)


def test_a_spanish_emergency_and_asking_to_wait_get_the_advice_in_spanish(servers):
    sender = new_sender()
    reply = servers.say("me operaron el lunes y ahora no siento las piernas", sender)
    assert topics(reply) == ["emergency"] and "911" in text(reply)
    again = servers.say("¿puedo esperar a mañana?", sender)
    assert "emergency" in topics(again) and "espere" in text(again)


def test_a_negated_spanish_symptom_is_not_an_emergency(servers):
    assert "emergency" not in topics(servers.say("no tengo fiebre ni pus, ¿cómo evito una infección?"))


def test_portuguese_is_not_answered_as_spanish(servers):
    reply = servers.say("Quanto tempo dura a recuperação da cirurgia?")
    assert topics(reply) == ["out_of_scope"]
    assert "English or Spanish" in text(reply)
