"""The REST channel's rate limits (addons/rate_limit.py), on a fake clock: no sleeping.
Over HTTP against the real server: tests/e2e/test_security.py."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from addons import rate_limit
from addons.clinic_contacts import FALLBACK_NUMBERS
from addons.rate_limit import Limit, RateLimiter, TokenBuckets, parse_networks, too_fast


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


NUMBERS = {"clinic_phone": "(555) 010-2000", "emergency_number": "911"}


def test_a_burst_is_allowed_then_one_message_per_interval():
    clock = Clock()
    buckets = TokenBuckets(Limit(per_minute=20, burst=3), clock=clock)
    assert [buckets.take("p") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("p") == pytest.approx(3.0)  # 20/min: a token every 3 s
    clock.now += 1.0
    assert buckets.take("p") == pytest.approx(2.0)  # refused messages do not push the wait further out
    clock.now += 2.0
    assert buckets.take("p") == 0.0
    assert buckets.take("p") > 0


def test_an_idle_bucket_refills_only_up_to_the_burst():
    clock = Clock()
    buckets = TokenBuckets(Limit(per_minute=60, burst=2), clock=clock)
    buckets.take("p")
    clock.now += 3600
    assert [buckets.take("p") for _ in range(3)][-1] > 0  # 2 at once, not 3600


def test_keys_are_limited_independently():
    buckets = TokenBuckets(Limit(per_minute=1, burst=1), clock=Clock())
    assert buckets.take("a") == 0.0 and buckets.take("b") == 0.0
    assert buckets.take("a") > 0


def test_memory_is_bounded_by_dropping_the_least_recently_used_key():
    buckets = TokenBuckets(Limit(per_minute=1, burst=1), max_keys=3, clock=Clock())
    for key in ["a", "b", "c"]:
        buckets.take(key)
    buckets.take("a")  # a is now the most recent
    buckets.take("d")
    assert len(buckets) == 3
    assert buckets.take("a") > 0  # kept: still over its limit
    assert buckets.take("b") == 0.0  # dropped: starts again with a full bucket


@pytest.mark.parametrize("limit", [Limit(0, 5), Limit(20, 0)])
def test_zero_switches_a_limit_off(limit):
    buckets = TokenBuckets(limit, clock=Clock())
    assert all(buckets.take("p") == 0.0 for _ in range(1000)) and len(buckets) == 0


def limiter(trust: str = "", clock: Clock = None) -> RateLimiter:
    return RateLimiter(
        sender=Limit(20, 3), ip=Limit(60, 5), trusted_proxies=parse_networks(trust), clock=clock or Clock()
    )


def test_the_ip_limit_counts_all_senders_of_one_address():
    lim = limiter()
    assert [lim.check(f"s{i}", "203.0.113.9") for i in range(5)] == [None] * 5
    kind, wait = lim.check("s-new", "203.0.113.9")
    assert kind == "ip" and wait == pytest.approx(1.0)
    assert lim.check("s-new", "198.51.100.1") is None


def test_the_sender_limit_applies_across_addresses():
    lim = limiter()
    assert [lim.check("p", f"203.0.113.{i}") for i in range(3)] == [None] * 3
    assert lim.check("p", "203.0.113.99")[0] == "sender"


def test_a_message_refused_for_its_ip_does_not_use_up_its_senders_allowance():
    lim = limiter()
    for i in range(5):
        lim.check(f"s{i}", "203.0.113.9")
    for _ in range(10):
        assert lim.check("patient", "203.0.113.9")[0] == "ip"
    assert [lim.check("patient", "198.51.100.1") for _ in range(3)] == [None] * 3


@pytest.mark.parametrize("peer", ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"])
def test_loopback_is_never_ip_limited_but_its_senders_are(peer):
    lim = limiter()
    assert all(lim.check(f"s{i}", peer) is None for i in range(500))  # eval / bench: many senders, one address
    assert [lim.check("p", peer) for _ in range(4)][-1][0] == "sender"


def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    assert limiter().client_ip("127.0.0.1", "203.0.113.7") == "127.0.0.1"
    assert limiter("1").client_ip("198.51.100.50", "203.0.113.7") == "198.51.100.50"  # not our proxy: spoofable


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client():
    lim = limiter("1")
    assert lim.client_ip("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    # the client sent its own X-Forwarded-For; nginx appended the real address
    assert lim.client_ip("127.0.0.1", "10.9.9.9, 1.2.3.4, 203.0.113.7") == "203.0.113.7"
    assert lim.client_ip("127.0.0.1", None) == "127.0.0.1"


def test_a_chain_of_trusted_proxies_is_skipped():
    lim = limiter("127.0.0.1, 10.0.0.0/24")
    assert lim.client_ip("127.0.0.1", "203.0.113.7, 10.0.0.5") == "203.0.113.7"
    assert lim.client_ip("10.0.0.5", "10.0.0.6") == "10.0.0.5"  # only proxies: the peer


@pytest.mark.parametrize("value,expected", [("", ()), ("0", ()), ("true", rate_limit.LOOPBACK)])
def test_trust_proxy_switches(value, expected):
    assert parse_networks(value) == expected


def test_a_bad_proxy_address_is_refused_with_its_name():
    with pytest.raises(ValueError, match="MISS_TRUST_PROXY"):
        RateLimiter.from_env({"MISS_TRUST_PROXY": "nginx.local"})


def test_settings_come_from_the_environment_with_sensible_defaults():
    default = RateLimiter.from_env({})
    assert default.senders.limit == Limit(20, 8) and default.ips.limit == Limit(240, 60)
    assert default.trusted_proxies == () and default.senders.max_keys == 10_000
    custom = RateLimiter.from_env(
        {
            "MISS_RATE_SENDER_PER_MINUTE": "6",
            "MISS_RATE_SENDER_BURST": "2",
            "MISS_RATE_IP_PER_MINUTE": "0",
            "MISS_TRUST_PROXY": "1",
            "MISS_RATE_MAX_TRACKED": "50",
        }
    )
    assert custom.senders.limit == Limit(6, 2) and not custom.ips.limit.enabled
    assert custom.trusted_proxies == rate_limit.LOOPBACK and custom.ips.max_keys == 50


@pytest.mark.parametrize(
    "name,value",
    [("MISS_RATE_SENDER_PER_MINUTE", "fast"), ("MISS_RATE_IP_BURST", "-1"), ("MISS_RATE_IP_PER_MINUTE", "nan")],
)
def test_a_bad_setting_is_refused_with_its_name(name, value):
    with pytest.raises(ValueError, match=name):
        RateLimiter.from_env({name: value})


def test_the_429_says_when_to_retry_and_gives_the_numbers():
    resp = too_fast(2.2, NUMBERS)
    body = json.loads(resp.body)
    assert resp.status == 429 and resp.headers["Retry-After"] == "3" and body["retry_after"] == 3
    assert body["error"] and "very fast" in body["text"] and "3 seconds" in body["text"]
    assert "(555) 010-2000" in body["text"] and "911" in body["text"]


def test_reject_uses_the_request_peer_header_and_the_sender_read_from_its_body(monkeypatch):
    monkeypatch.setattr(rate_limit, "LIMITER", limiter("1"))

    def request(forwarded: str | None = None) -> SimpleNamespace:
        headers: dict[str, str] = {"x-forwarded-for": forwarded} if forwarded else {}
        return SimpleNamespace(ip="127.0.0.1", headers=headers, app=None)  # no model loaded: fallback numbers

    assert all(rate_limit.reject(request(), "p") is None for _ in range(3))
    refused = rate_limit.reject(request(), "p")
    assert refused is not None and refused.status == 429
    assert FALLBACK_NUMBERS["emergency_number"] in json.loads(refused.body)["text"]
    assert all(rate_limit.reject(request("203.0.113.7"), f"s{i}") is None for i in range(5))
    assert rate_limit.reject(request("203.0.113.7"), "s-next").status == 429
    assert rate_limit.reject(request("203.0.113.8"), None) is None  # a body naming no sender: the IP limit only
