"""Rendering a turn for each platform: order, splitting, options, source line (no I/O)."""

from __future__ import annotations

import re

import pytest

from addons.channels.formatting import (
    MESSENGER,
    SLACK,
    SMS,
    TELEGRAM,
    WHATSAPP,
    Option,
    Reply,
    numbered_block,
    render_turn,
    replies_from_messages,
    shorten,
    split_text,
    to_gsm,
)
from tests.channels.conftest import domain_text, flat

PROFILES = [SMS, WHATSAPP, TELEGRAM, SLACK, MESSENGER]
SENTENCES = [f"Sentence number {i} says something about recovery after spine surgery." for i in range(200)]
LONG = " ".join(SENTENCES)
ANSWER = {
    "text": "The dura is the covering that protects the spinal cord. It can tear.",
    "buttons": [
        {"title": "What is the dura?", "payload": '/ask_dural_tear{"aspect": "what"}'},
        {"title": "Tell me more", "payload": '/ask_dural_tear{"aspect": "more"}'},
    ],
}
CONTRACT = {"custom": {"topic": "dural_tear", "source": "Procedure-specific Risks"}}
EMERGENCY = {"text": domain_text("utter_emergency"), "custom": {"topic": "emergency", "source": None}}


@pytest.mark.parametrize("limit", [160, 320, 1600, 2000, 3000, 4096])
def test_long_text_is_split_at_sentence_ends_within_the_limit_and_nothing_is_lost(limit):
    parts = split_text(LONG, limit)
    assert len(parts) > 1 and all(len(p) <= limit for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert flat(parts) == LONG
    # every sentence whole in exactly one part: none cut between two messages, none repeated
    assert all(sum(p.count(s) for p in parts) == 1 for s in SENTENCES)


def test_a_sentence_longer_than_a_message_is_split_at_a_pause_then_between_words():
    sentence = "First clause, " + ", ".join(["more words here"] * 30) + " end."
    parts = split_text(sentence, 100)
    assert all(len(p) <= 100 for p in parts) and flat(parts) == sentence
    assert all(p.endswith(",") for p in parts[:-1])
    word = "x" * 250
    assert split_text(word, 100) == ["x" * 100, "x" * 100, "x" * 50]


def test_words_are_never_cut_at_a_hyphen_or_in_the_middle_when_they_fit():
    sentence = " ".join(["a post-op check-up after minimally-invasive surgery"] * 6)  # no pause to split at
    parts = split_text(sentence, 60)
    assert all(len(p) <= 60 for p in parts) and flat(parts) == sentence
    words = set(sentence.split())
    assert all(set(p.split()) <= words for p in parts)


def test_paragraphs_and_lines_are_kept():
    assert split_text("One.\n\nTwo.\nThree.", 100) == ["One.\n\nTwo.\nThree."]


def test_the_source_becomes_a_line_under_its_answer_and_quick_replies_become_options():
    replies = replies_from_messages([dict(ANSWER), dict(CONTRACT)])
    assert replies == [
        Reply(
            ANSWER["text"],
            [
                Option("What is the dura?", ANSWER["buttons"][0]["payload"]),
                Option("Tell me more", ANSWER["buttons"][1]["payload"]),
            ],
            source="Procedure-specific Risks",
        )
    ]
    out, numbered = render_turn(replies, TELEGRAM)
    assert out[0].text.endswith("\n\nSource: Procedure-specific Risks")
    assert [b.title for b in out[0].buttons] == ["What is the dura?", "Tell me more"] and numbered == []


def test_numbered_options_on_sms_and_whatsapp():
    for profile in (SMS, WHATSAPP):
        out, numbered = render_turn(replies_from_messages([dict(ANSWER), dict(CONTRACT)]), profile)
        assert all(not o.buttons for o in out)
        assert out[-1].text.endswith("Reply 1 for What is the dura?\nReply 2 for Tell me more")
        assert [o.title for o in numbered] == ["What is the dura?", "Tell me more"]


def test_only_the_last_reply_with_options_owns_the_numbers():
    greet = {"text": "Hello.", "buttons": [{"title": "Infection", "payload": "/ask_infection"}]}
    out, numbered = render_turn(replies_from_messages([greet, dict(ANSWER)]), SMS)
    assert [o.title for o in numbered] == ["What is the dura?", "Tell me more"]
    assert sum("Reply 1 for" in o.text for o in out) == 1


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_an_emergency_goes_first_whole_and_alone(profile):
    # The emergency arrives last in the turn here, and the profile's ordinary limit is the smallest.
    small = profile.with_max_chars(160)
    out, _ = render_turn(replies_from_messages([dict(ANSWER), dict(CONTRACT), dict(EMERGENCY)]), small)
    assert out[0].emergency and out[0].text == to_gsm(EMERGENCY["text"]) and not out[0].buttons
    assert not any(o.emergency for o in out[1:])


def test_an_emergency_sent_as_a_separate_contract_message_is_still_recognised():
    messages = [dict(ANSWER), {"text": EMERGENCY["text"]}, {"custom": {"topic": "emergency", "source": None}}]
    out, _ = render_turn(replies_from_messages(messages), MESSENGER)
    assert out[0].text == EMERGENCY["text"]
    by_action = replies_from_messages([{"text": "Call now.", "utter_action": "utter_emergency"}])
    assert by_action[0].emergency


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_the_real_emergency_reply_fits_every_platform_unsplit(profile):
    assert len(domain_text("utter_emergency")) <= profile.emergency_max_chars


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_long_answers_are_split_with_buttons_and_source_on_the_last_part(profile):
    reply = Reply(LONG, [Option("How safe is it overall?", "/ask_risks_overview")], source="General Surgery Risks")
    out, _ = render_turn([reply], profile)
    assert len(out) > 1 and all(len(o.text) <= profile.max_chars for o in out)
    answer = [o.text for o in out if not o.text.startswith("Reply ")]
    assert "Source: General Surgery Risks" in answer[-1]
    assert answer[-1].split("\n\n")[0].endswith("."), "the source line never stands alone"
    if profile.numbered_options:
        assert "Reply 1 for How safe is it overall?" in out[-1].text
    else:
        assert [b.payload for b in out[-1].buttons] == ["/ask_risks_overview"]
        assert all(not o.buttons for o in out[:-1])
        assert all(len(b.title) <= profile.max_option_title for b in out[-1].buttons)


def test_button_titles_are_shortened_at_a_word():
    assert shorten("How safe is it overall?", 20) == "How safe is it\u2026"
    assert shorten("Infection", 20) == "Infection"
    assert len(shorten("Supercalifragilisticexpialidocious", 20)) == 20


def test_messenger_gets_at_most_13_quick_replies():
    reply = Reply("Pick one.", [Option(f"Option {i}", f"/p{i}") for i in range(20)])
    out, _ = render_turn([reply], MESSENGER)
    assert len(out[0].buttons) == 13


def test_sms_text_is_gsm_friendly():
    out, _ = render_turn([Reply("It\u2019s \u201csafe\u201d \u2014 mostly\u2026")], SMS)
    assert out[0].text == 'It\'s "safe" - mostly...'


def test_sms_length_setting_is_clamped_to_what_twilio_allows():
    assert SMS.with_max_chars(50).max_chars == 160
    assert SMS.with_max_chars(5000).max_chars == 1600
    assert SMS.with_max_chars(None).max_chars == 320


def test_custom_payloads_without_text_are_never_shown_as_json():
    out, _ = render_turn(replies_from_messages([{"custom": {"blocks": []}}, {"text": "Hi."}]), SLACK)
    assert [o.text for o in out] == ["Hi."]


def test_numbered_block_format():
    assert (
        numbered_block([Option("Infection", "/a"), Option("Recovery", "/b")])
        == "Reply 1 for Infection\nReply 2 for Recovery"
    )
    assert re.fullmatch(r"(Reply \d for .+\n?)+", numbered_block([Option("A", "/a")]))


SPANISH_ANSWER = {
    "text": "La duramadre es la capa que protege la médula espinal. Se puede romper y puede salir líquido.",
    "buttons": [
        {"title": "¿Qué es la duramadre?", "payload": '/ask_dural_tear{"aspect": "what"}'},
        {"title": "Cuénteme más", "payload": '/ask_dural_tear{"aspect": "more"}'},
    ],
}


def test_a_spanish_turn_gets_the_source_and_the_options_in_spanish():
    out, numbered = render_turn(replies_from_messages([dict(SPANISH_ANSWER), dict(CONTRACT)]), SMS)
    sent = flat([o.text for o in out])
    assert "Fuente: Riesgos propios de esta cirugía" in sent and "Source:" not in sent  # content/es/phrases.yml
    assert out[-1].text.endswith("Responda 1 para: ¿Qué es la duramadre?\nResponda 2 para: Cuénteme más")
    assert [o.payload for o in numbered] == [b["payload"] for b in SPANISH_ANSWER["buttons"]]


def test_an_english_turn_with_the_bilingual_emergency_reply_stays_english():
    out, _ = render_turn(replies_from_messages([dict(EMERGENCY), dict(ANSWER), dict(CONTRACT)]), SMS)
    assert "Source: Procedure-specific Risks" in flat([o.text for o in out])


def test_options_too_many_for_one_sms_break_between_options_never_inside_one():
    options = [Option(f"Option number {i} with a longer title", f"/x{i}") for i in range(1, 10)]
    out, numbered = render_turn([Reply("Pick one.", options)], SMS.with_max_chars(160))
    lines = [line for o in out for line in o.text.split("\n") if line]
    assert [line for line in lines if line.startswith("Reply ")] == numbered_block(numbered).split("\n")
    assert all(len(o.text) <= 160 for o in out)
