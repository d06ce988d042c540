"""Rate limits on the REST channel, per sender and per client IP: one patient (or a script) sending
messages very fast cannot take the assistant from everyone else.

Token buckets, in this process's memory: each key (a sender id, or a client IP) may send `burst` messages
at once, then one more every 60/`per_minute` seconds. Over the limit -> HTTP 429 with Retry-After and a
text the client can show, which still gives the emergency number. The defaults leave room for a patient
typing and tapping quick replies; the IP limit is higher because a clinic's NAT shares one address.

Loopback is never IP-limited: it is a local reverse proxy or our own tools (tests, `make eval`,
`make bench`), and one bucket for all of them would throttle every patient behind the proxy together.
Behind nginx set MISS_TRUST_PROXY so the client address is read from X-Forwarded-For (its right-most
entry not a trusted proxy: earlier entries are whatever the client sent). Settings: docs/security.md.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.clinic_contacts import contact_numbers

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK: tuple[Network, ...] = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
TOO_FAST_TEXT = (
    "You're sending messages very fast. Please wait {seconds} seconds and try again, or call the clinic "
    "at {clinic_phone}. If you think this is an emergency, call {emergency_number} now."
)


@dataclass(frozen=True)
class Limit:
    per_minute: float  # sustained rate; 0 switches the limit off
    burst: int  # messages allowed at once

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0 and self.burst > 0


class TokenBuckets:
    """One token bucket per key; only the `max_keys` most recently used keys are kept (bounded memory:
    a dropped key starts again with a full bucket, which only ever errs towards letting a patient through)."""

    def __init__(self, limit: Limit, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.max_keys, self.clock = limit, max_keys, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, at)

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> float:
        """Spend one token of `key`: 0.0 if allowed, else the seconds until a token is available."""
        if not self.limit.enabled:
            return 0.0
        now, rate = self.clock(), self.limit.per_minute / 60.0
        tokens, at = self._buckets.pop(key, (float(self.limit.burst), now))
        tokens = min(float(self.limit.burst), tokens + (now - at) * rate)
        wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / rate
        self._buckets[key] = (tokens - 1.0 if wait == 0.0 else tokens, now)  # re-inserted as most recent
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait


def parse_networks(value: str) -> tuple[Network, ...]:
    """MISS_TRUST_PROXY: "1"/"true"/"yes" = a proxy on this machine (loopback), else addresses or
    networks of the proxies, space or comma separated. Empty = trust no proxy."""
    value = value.strip()
    if value.lower() in ("", "0", "false", "no"):
        return ()
    if value.lower() in ("1", "true", "yes"):
        return LOOPBACK
    try:
        return tuple(ipaddress.ip_network(part, strict=False) for part in value.replace(",", " ").split())
    except ValueError as err:
        raise ValueError(f"MISS_TRUST_PROXY={value!r}: {err}") from None


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is 127.0.0.1
    return mapped or address


def _within(text: str, networks: Iterable[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address.version == n.version and address in n for n in networks)


class RateLimiter:
    """The two limits of the REST channel; `check` says which one a message is over, if any."""

    def __init__(
        self,
        sender: Limit,
        ip: Limit,
        trusted_proxies: tuple[Network, ...] = (),
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.senders = TokenBuckets(sender, max_keys, clock)
        self.ips = TokenBuckets(ip, max_keys, clock)
        self.trusted_proxies = trusted_proxies

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> RateLimiter:
        """Raises ValueError naming the variable when a setting is not a number (Rasa then does not start)."""

        def number(name: str, default: float) -> float:
            raw = env.get(name, "").strip()
            try:
                value = float(raw) if raw else default
            except ValueError:
                raise ValueError(f"{name}={raw!r} is not a number") from None
            if value < 0 or math.isnan(value) or math.isinf(value):
                raise ValueError(f"{name}={raw!r} must be 0 or more")
            return value

        return cls(
            sender=Limit(number("MISS_RATE_SENDER_PER_MINUTE", 20), int(number("MISS_RATE_SENDER_BURST", 8))),
            ip=Limit(number("MISS_RATE_IP_PER_MINUTE", 240), int(number("MISS_RATE_IP_BURST", 60))),
            trusted_proxies=parse_networks(env.get("MISS_TRUST_PROXY", "")),
            max_keys=max(1, int(number("MISS_RATE_MAX_TRACKED", 10_000))),
        )

    def client_ip(self, peer: str, forwarded_for: str | None) -> str:
        """The client's address: the peer, or behind trusted proxies the right-most X-Forwarded-For entry
        that is not one of them (each proxy appends the address it got the request from)."""
        if not forwarded_for or not _within(peer, self.trusted_proxies):
            return peer
        hops: list[str] = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        for hop in reversed(hops):
            if not _within(hop, self.trusted_proxies):
                return hop[:64]
        return peer

    def check(self, sender: str | None, ip: str) -> tuple[str, float] | None:
        """None if the message may go on, else ("ip" | "sender", seconds to wait). The IP is checked first,
        so a message refused for its IP does not use up its sender's allowance."""
        if not _within(ip, LOOPBACK):
            wait = self.ips.take(ip)
            if wait:
                return "ip", wait
        if sender is not None:
            wait = self.senders.take(sender)
            if wait:
                return "sender", wait
        return None


def too_fast(seconds: float, numbers: Mapping[str, str]) -> HTTPResponse:
    """HTTP 429: Retry-After in whole seconds and a polite text (with the clinic and emergency numbers)."""
    retry_after = max(1, math.ceil(seconds))
    text = TOO_FAST_TEXT.format(seconds=retry_after, **numbers)
    return response.json(
        {"error": "too many messages", "retry_after": retry_after, "text": text},
        status=429,
        headers={"Retry-After": str(retry_after)},
    )


LIMITER = RateLimiter.from_env()  # at import, so a bad setting stops Rasa at start-up, not per message


def reject(request: Request, sender: str | None) -> HTTPResponse | None:
    """The 429 response for a message over a limit, else None. `sender`: the id the request's body names,
    None for a body that names none (only the IP limit applies to it)."""
    ip = LIMITER.client_ip(request.ip, request.headers.get("x-forwarded-for"))
    over = LIMITER.check(sender, ip)
    if over is None:
        return None
    logger.info("REST message over the per-%s rate limit; asked to retry in %.1f s", *over)  # no identifiers
    return too_fast(over[1], contact_numbers(request.app))
