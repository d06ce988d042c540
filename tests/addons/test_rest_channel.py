"""Request validation of the guarded REST channel (the HTTP behaviour is covered in tests/e2e)."""

from __future__ import annotations

import json

import pytest

from addons.rest_channel import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, parse_body


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_valid_request_is_accepted():
    fields, problem = parse_body(body(sender="p1", message="hi", metadata={"a": 1}))
    assert problem is None and fields == {"sender": "p1", "message": "hi", "metadata": {"a": 1}, "message_id": None}


def test_a_client_message_id_is_kept_for_redelivery():
    fields, problem = parse_body(body(sender="p1", message="hi", message_id="c-17"))
    assert problem is None and fields["message_id"] == "c-17"


def test_a_missing_message_is_treated_as_empty_and_numeric_sender_as_text():
    fields, problem = parse_body(body(sender=42))
    assert problem is None and fields["message"] == "" and fields["sender"] == "42"


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
    fields, problem = parse_body(raw)
    assert fields is None and problem[0] == status and problem[1]


def test_a_message_at_the_limit_is_accepted():
    _, problem = parse_body(body(sender="p", message="x" * MAX_MESSAGE_CHARS))
    assert problem is None
