"""Signature checks (the webhook tests show the 4xx; these cover the edge cases)."""

from __future__ import annotations

import hashlib
import hmac

from addons.channels.verify import hub_signature_valid, secret_token_valid, twilio_signature_valid
from tests.channels.conftest import twilio_signature

URL = "https://clinic.example.org/webhooks/twilio/webhook"
TOKEN = "auth-token"


def form(**fields: str):
    return {name: [value] for name, value in fields.items()}


def test_twilio_signature_over_url_and_sorted_parameters_including_empty_ones():
    fields = {"From": "+15550001111", "Body": "hi", "MessagingServiceSid": ""}
    signature = twilio_signature(URL, fields, TOKEN)
    assert twilio_signature_valid(TOKEN, URL, form(**fields), signature)
    assert not twilio_signature_valid(TOKEN, URL, form(**{**fields, "Body": "changed"}), signature)
    assert not twilio_signature_valid(TOKEN, URL + "?x=1", form(**fields), signature)
    assert not twilio_signature_valid("other-token", URL, form(**fields), signature)
    assert not twilio_signature_valid(TOKEN, URL, form(**fields), None)
    assert not twilio_signature_valid("", URL, form(**fields), signature)


def test_hub_signature_sha1_and_sha256_only():
    body, secret = b'{"object": "page"}', "app-secret"
    sha1 = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    sha256 = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    md5 = hmac.new(secret.encode(), body, hashlib.md5).hexdigest()
    assert hub_signature_valid(secret, body, {"X-Hub-Signature": f"sha1={sha1}"})
    assert hub_signature_valid(secret, body, {"X-Hub-Signature-256": f"sha256={sha256}"})
    assert not hub_signature_valid(secret, body + b" ", {"X-Hub-Signature": f"sha1={sha1}"})
    assert not hub_signature_valid(secret, body, {"X-Hub-Signature": f"md5={md5}"})
    assert not hub_signature_valid(secret, body, {"X-Hub-Signature": "new=abc"})
    assert not hub_signature_valid(secret, body, {"X-Hub-Signature": sha1})
    assert not hub_signature_valid(secret, body, {})
    assert not hub_signature_valid("", body, {"X-Hub-Signature": f"sha1={sha1}"})


def test_secret_token():
    assert secret_token_valid("s3cret", "s3cret")
    assert not secret_token_valid("s3cret", "s3cret ")
    assert not secret_token_valid("s3cret", None)
    assert not secret_token_valid("", "")
