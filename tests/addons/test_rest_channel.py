"""Request validation of the guarded REST channel (the HTTP behaviour is covered in tests/e2e)."""

from __future__ import annotations

import json

import pytest

from addons.rest_channel import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_SENDER_CHARS, RestRequest, parse_body


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_valid_request_is_accepted():
    assert parse_body(body(sender=" p1 ", message="hi", metadata={"a": 1})) == RestRequest("p1", "hi", {"a": 1})


def test_a_client_message_id_is_kept_for_redelivery():
    parsed = parse_body(body(sender="p1", message="hi", message_id="c-17"))
    assert parsed.problem is None and parsed.message_id == "c-17"


def test_a_missing_message_is_treated_as_empty_and_numeric_sender_as_text():
    parsed = parse_body(body(sender=42))
    assert parsed.problem is None and parsed.message == "" and parsed.sender == "42"


@pytest.mark.parametrize(
    "raw,status",
    [
        (b"{not json", 400),
        (b"", 400),
        (b"[1, 2]", 400),
        (b"\xff\xfe", 400),
        (body(message="hi"), 400),
        (body(sender="", message="hi"), 400),
        (body(sender="p", message=["hi"]), 400),
        (body(sender="p", message="hi", metadata="x"), 400),
        (body(sender="p", message="hi", message_id=7), 400),
        (body(sender="p", message="hi", message_id="x" * 65), 400),
        (body(sender="p", message="x" * (MAX_MESSAGE_CHARS + 1)), 413),
        (b" " * (MAX_BODY_BYTES + 1), 413),
    ],
)
def test_bad_requests_get_a_4xx(raw, status):
    problem = parse_body(raw).problem
    assert problem is not None and problem[0] == status and problem[1]


def test_a_message_at_the_limit_is_accepted():
    assert parse_body(body(sender="p", message="x" * MAX_MESSAGE_CHARS)).problem is None


def test_a_sender_counts_its_padding_towards_the_limit():
    assert parse_body(body(sender=" " * MAX_SENDER_CHARS + "p")).problem[0] == 400


@pytest.mark.parametrize(
    "raw,sender",
    [
        (body(sender=" p1 ", message="hi"), "p1"),
        (body(sender=42), "42"),
        (body(sender="p1", message=["not", "text"]), "p1"),  # refused, but it still counts against p1
        (body(sender="p1", metadata="x"), "p1"),
        (b"{not json", None),
        (b"[1]", None),
        (body(sender=""), None),
        (body(sender=True), None),
        (b"\xff", None),
        (b" " * (MAX_BODY_BYTES + 1), None),  # not even read
    ],
)
def test_the_sender_the_rate_limit_counts_is_read_even_from_a_refused_body(raw, sender):
    assert parse_body(raw).sender == sender
