"""Checks that a webhook request really comes from the platform (before anything is answered).

Slack's check is Rasa's own (SlackInput.is_request_from_slack_authentic: v0 HMAC-SHA256 of
"v0:{timestamp}:{body}", timestamps older than five minutes refused). The others are here:
- Twilio: X-Twilio-Signature, checked with the twilio package's RequestValidator over the URL Twilio
  called and the sorted form parameters. Behind a proxy the server sees another URL than Twilio did,
  so the public URL can be configured; otherwise it is rebuilt from the X-Forwarded-* headers.
- Messenger: X-Hub-Signature-256 (sha256=) or the older X-Hub-Signature (sha1=), an HMAC of the raw
  body with the app secret. Rasa's validate_hub_signature accepts any hashlib name the sender chooses
  and compares with ==; this one allows only sha256/sha1 and compares in constant time.
- Telegram: the X-Telegram-Bot-Api-Secret-Token header must equal the secret given to setWebhook.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from sanic.request import Request
from twilio.request_validator import RequestValidator

_HUB_HEADERS = (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1"))


def request_url(request: Request, configured: str | None = None) -> str:
    """The URL the platform called: the configured public URL, or the request's own URL as seen
    through a reverse proxy's X-Forwarded-Proto/-Host headers."""
    if configured:
        return configured
    scheme = (request.headers.get("X-Forwarded-Proto") or request.scheme).split(",")[0].strip()
    host = request.headers.get("X-Forwarded-Host") or request.headers.get("Host") or request.host
    host = host.split(",")[0].strip()
    query = f"?{request.query_string}" if request.query_string else ""
    return f"{scheme}://{host}{request.path}{query}"


class _MultiValues(dict[str, list[str]]):
    """Form fields as lists of values; RequestValidator reads those through `getall` (a repeated
    parameter is signed once per value)."""

    def getall(self, name: str) -> list[str]:
        return self[name]


def twilio_signature_valid(auth_token: str, url: str, params: Mapping[str, list[str]], signature: str | None) -> bool:
    if not auth_token or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, _MultiValues(params), signature))


def hub_signature_valid(app_secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    if not app_secret:
        return False
    for header, algorithm in _HUB_HEADERS:
        value = headers.get(header)
        if not value:
            continue
        prefix, _, digest = value.partition("=")
        if prefix != algorithm or not digest:
            return False
        expected = hmac.new(app_secret.encode("utf-8"), body, getattr(hashlib, algorithm)).hexdigest()
        return hmac.compare_digest(expected, digest.strip().lower())
    return False


def secret_token_valid(expected: str, received: str | None) -> bool:
    return bool(expected) and received is not None and hmac.compare_digest(expected.encode(), received.encode())
