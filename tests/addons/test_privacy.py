"""Scrubbing patient identifiers from what is stored."""

from __future__ import annotations

import pytest

from addons.privacy import scrub_event, scrub_text


@pytest.mark.parametrize(
    "text,placeholder,secret",
    [
        ("call me back on 555-123-4567 please", "[phone]", "4567"),
        ("my number is +1 (555) 123 4567", "[phone]", "123 4567"),
        ("07700 900123 is my mobile", "[phone]", "900123"),
        ("email me at jane.doe+spine@example.org", "[email]", "jane.doe"),
        ("I was born on 12/03/1958", "[date", "1958"),
        ("my date of birth is March 3, 1958", "[date", "1958"),
        ("dob 3rd of March 1958", "[date", "1958"),
        ("I live at 42 Elm Tree Road, can you post it", "[address]", "Elm Tree"),
        ("my MRN is 00123456", "[record number]", "00123456"),
        ("patient id: AB-99812", "[record number]", "99812"),
        ("SSN 123-45-6789", "[id number]", "6789"),
        ("Hi, my name is Jane Doe and I worry about infection", "my name is [name]", "Jane"),
        ("My name is Joan Okafor and I had surgery last week", "[name] and I had surgery", "Okafor"),
        ("my name's bob, is fusion riskier?", "[name]", "bob"),
        ("you can reach me on 555.867.5309 after six", "[phone]", "867"),
        ("my son's mobile is 07911 123456", "[phone]", "123456"),  # a UK number, written the UK way
        ("or +44 20 7946 0958 when I'm in London", "[phone]", "7946"),
        ("Dr Patel did my surgery", "Dr [name]", "Patel"),
        ("Hi, I'm Dana, my op is on Friday", "I'm [name]", "Dana"),
        ("hello I am Priya and I am scared of the anaesthetic", "I am [name]", "Priya"),
        ("Hola, me llamo Verónica Ruiz y vivo en Miami", "me llamo [name]", "Ruiz"),
        ("Saludos. Soy Carlos, de Caracas", "Soy [name]", "Carlos"),
        ("mi nombre es lupita, tengo una pregunta", "mi nombre es [name]", "lupita"),
        ("my father, Mr. Karim Haddad, had the operation", "Mr. [name]", "Haddad"),
    ],
)
def test_identifiers_are_replaced(text, placeholder, secret):
    clean = scrub_text(text)
    assert placeholder in clean and secret not in clean


@pytest.mark.parametrize(
    "text",
    [
        "I have a temperature of 39.5 and my wound is red",
        "I'm 67 and overweight, am I at higher risk?",
        "surgery at L4-5 in 2 weeks",
        "what is a dural tear?",
        "I had 3 surgeries in 2019",
        "I was off work 2019-2020 with the pain",
        "my BP was 120/80 and my pulse 95",
        "the pain is 7/10, it started 2-3 weeks ago",
        "my dr said to rest",  # no name after the title
        "did I miss Monday's check-up? my ms nurse said so",
        "I'm Worried. What are the risks?",
        "I'm 58, I'm diabetic and I'm scared",
        "soy diabético y tengo 60 años",
        "Soy Diabético, ¿es peligroso?",
        "I'm not sure, is it normal?",
    ],
)
def test_medical_details_are_kept(text):
    assert scrub_text(text) == text


def test_user_events_are_scrubbed_in_text_parse_data_and_metadata():
    event = {
        "event": "user",
        "text": "my name is Ann, call 555 123 4567",
        "parse_data": {"text": "my name is Ann, call 555 123 4567", "intent": {"name": "x"}},
        "metadata": {"customData": {"phone": "555-987-6543", "tags": ["ann@example.com"]}},
    }
    clean = scrub_event(event)
    assert "Ann" not in clean["text"] and "4567" not in clean["parse_data"]["text"]
    assert clean["metadata"]["customData"]["phone"] == "[phone]"
    assert clean["metadata"]["customData"]["tags"] == ["[email]"]
    assert event["text"].startswith("my name is Ann")  # the original is not modified


def test_a_possessive_after_a_name_stays():
    assert scrub_text("what are Dr. Lindqvist's complication rates?") == "what are Dr. [name]'s complication rates?"


def test_bot_events_pass_through():
    event = {"event": "bot", "text": "Call the clinic at (555) 010-2000."}
    assert scrub_event(event) is event


def test_message_and_model_ids_are_kept_whole():
    # Rasa's uuid4 ids have runs of digits a phone matcher takes for a number ("383a[phone]a5a2...")
    message_id, model_id = "383a5676231044a5a27624f9bd5ecedc", "77f7e01e-6d2d-411b-82a9-3ebf896152dd"
    event = {
        "event": "user",
        "text": "call 555 123 4567",
        "parse_data": {"text": "call 555 123 4567", "message_id": message_id},
        "metadata": {"model_id": model_id, "phone": "555 123 4567"},
    }
    clean = scrub_event(event)
    assert clean["parse_data"]["message_id"] == message_id and clean["metadata"]["model_id"] == model_id
    assert clean["metadata"]["phone"] == "[phone]" and "4567" not in clean["parse_data"]["text"]


@pytest.mark.parametrize("text", ["15551234567", "5551234567 is my cell", "(555) 123-4567"])
def test_digit_runs_that_are_not_ids_are_still_phone_numbers(text):
    assert "[phone]" in scrub_text(text)
