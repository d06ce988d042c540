"""Security over HTTP against real Rasa servers (docs/security.md): the HTTP API needs a token or a JWT
and is absent without one, CORS answers only configured origins, and the REST channel's rate limits
(per sender, per client IP behind a trusted proxy) answer 429 with Retry-After, while the traffic of
our own evaluation and benchmark (many senders from loopback, conversations at full speed) passes."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jwt
import pytest

from tests.e2e.conftest import GUARDED, new_sender, text

ORIGIN = GUARDED["web_origins"][0]
EVIL = "https://evil.example"


def http(
    method: str, url: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    """(status, headers with lower-case names, JSON body or None) without raising on 4xx."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            status, head, raw = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        status, head, raw = err.code, err.headers, err.read()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return status, {k.lower(): v for k, v in head.items()}, parsed


def send(servers, sender: str, message: str = "hello", forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return http("POST", f"{servers.base}/webhooks/rest/webhook", {"sender": sender, "message": message}, headers)


def bearer(claims: dict[str, Any], secret: str) -> dict[str, str]:
    token = jwt.encode({**claims, "exp": int(time.time()) + 300}, secret, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


# -- the HTTP API ------------------------------------------------------------------------------------


def test_the_http_api_refuses_requests_without_the_right_token(guarded):
    for path in ["/status", f"/conversations/{new_sender()}/tracker"]:
        assert http("GET", guarded.base + path)[0] == 401, path
        assert http("GET", f"{guarded.base}{path}?token=not-the-token")[0] == 401, path


def test_the_http_api_answers_with_the_token(guarded):
    sender = new_sender()
    assert send(guarded, sender)[0] == 200
    token = GUARDED["api_token"]
    status, _, body = http("GET", f"{guarded.base}/status?token={token}")
    assert status == 200 and body["model_file"]
    status, _, tracker = http("GET", f"{guarded.base}/conversations/{sender}/tracker?token={token}")
    assert status == 200 and tracker["sender_id"] == sender and tracker["events"]
    # the token reached Rasa through the environment, not the command line that any user can list (ps)
    assert token not in Path(f"/proc/{guarded.rasa.pid}/cmdline").read_text()


def test_the_http_api_accepts_a_jwt_within_its_role(guarded):
    secret, sender = GUARDED["api_jwt_secret"], new_sender()
    admin = bearer({"user": {"username": "staff", "role": "admin"}}, secret)
    assert http("GET", f"{guarded.base}/status", headers=admin)[0] == 200
    patient = bearer({"user": {"username": sender, "role": "user"}}, secret)
    assert http("GET", f"{guarded.base}/conversations/{sender}/tracker", headers=patient)[0] == 200
    assert http("GET", f"{guarded.base}/conversations/{new_sender()}/tracker", headers=patient)[0] == 403
    forged = bearer({"user": {"username": "staff", "role": "admin"}}, "x" * 64)
    assert http("GET", f"{guarded.base}/status", headers=forged)[0] == 401


@pytest.mark.parametrize("path", ["/status", "/conversations/someone/tracker"])
def test_without_a_token_configured_the_api_is_not_served(servers, path):
    assert http("GET", servers.base + path)[0] == 404
    assert http("GET", f"{servers.base}{path}?token=anything")[0] == 404


# -- CORS --------------------------------------------------------------------------------------------


def preflight(servers, origin: str) -> tuple[int, dict[str, str], Any]:
    return http(
        "OPTIONS",
        f"{servers.base}/webhooks/rest/webhook",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_a_configured_origin_gets_cors_headers(guarded):
    status, headers, _ = preflight(guarded, ORIGIN)
    assert status in (200, 204) and headers["access-control-allow-origin"] == ORIGIN
    status, headers, _ = http(
        "POST",
        f"{guarded.base}/webhooks/rest/webhook",
        {"sender": new_sender(), "message": "hello"},
        {"Origin": ORIGIN},
    )
    assert status == 200 and headers["access-control-allow-origin"] == ORIGIN


def test_an_unlisted_origin_gets_no_cors_headers(guarded):
    _, headers, _ = preflight(guarded, EVIL)
    assert "access-control-allow-origin" not in headers
    _, headers, _ = http(
        "POST", f"{guarded.base}/webhooks/rest/webhook", {"sender": new_sender(), "message": "hello"}, {"Origin": EVIL}
    )
    assert "access-control-allow-origin" not in headers


# -- rate limits (guarded: 3 at once per sender, 5 at once per IP, then 6 a minute) --------------------


def assert_too_fast(status: int, headers: dict[str, str], body: Any) -> None:
    assert status == 429
    assert 1 <= int(headers["retry-after"]) <= 10 and body["retry_after"] == int(headers["retry-after"])
    assert "very fast" in body["text"] and "(555) 010-2000" in body["text"] and "911" in body["text"]


def test_a_sender_over_the_limit_gets_429_with_retry_after_and_the_numbers(guarded):
    sender = new_sender()
    assert [send(guarded, sender)[0] for _ in range(3)] == [200] * 3
    assert_too_fast(*send(guarded, sender))
    status, _, reply = send(guarded, new_sender())  # another patient is not affected
    assert status == 200 and text(reply)


def test_a_client_ip_behind_the_trusted_proxy_is_limited_across_senders(guarded):
    client = "198.51.100.23"
    assert [send(guarded, new_sender(), forwarded_for=client)[0] for _ in range(5)] == [200] * 5
    assert_too_fast(*send(guarded, new_sender(), forwarded_for=client))
    # a client cannot escape by sending its own X-Forwarded-For: the proxy's right-most entry counts
    assert send(guarded, new_sender(), forwarded_for=f"10.1.2.3, {client}")[0] == 429
    assert send(guarded, new_sender(), forwarded_for="198.51.100.24")[0] == 200


def test_loopback_itself_is_not_ip_limited(guarded):
    assert [send(guarded, new_sender())[0] for _ in range(8)] == [200] * 8  # over the IP burst of 5


def test_evaluation_and_benchmark_traffic_is_not_throttled_by_the_default_limits(servers):
    # make eval: one message each from many fresh senders, back to back, from one address
    assert {send(servers, new_sender())[0] for _ in range(40)} == {200}

    # make bench: conversations of 6 turns at full speed, 8 at once (32 in the benchmark: same per sender)
    def conversation(_: int) -> list[int]:
        sender = new_sender()
        return [
            send(servers, sender, turn)[0]
            for turn in ["hello", "what is a dural tear?", "how common is that?", "help", "thanks", "bye"]
        ]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for conv in pool.map(conversation, range(8)) for s in conv]
    assert statuses == [200] * 48
