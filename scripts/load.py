"""The load generator: scripted patient conversations over REST, many at once (loopback only).

One generator for `make bench` (scripts/bench.py), `make bench-cluster` (scripts/bench_cluster.py) and the
replica tests (tests/scale/), with one percentile definition (`percentile`, nearest rank).

A conversation is a script of steps sent in order under one fresh sender id; `concurrency` patients talk
at once, each waiting for the reply before sending the next message (a closed loop). Two shapes:

- `conversations(...)`: a fixed number of conversations (at most `max_seconds`), e.g. the bench's latency
  levels and the replica test's 40 patients;
- `sustained(...)`: for `seconds`, each patient starting a new conversation when one ends.

Every message is timed from request to the end of the reply body. A message is an error when the transport
fails or times out, the status is not 200, the body is not a non-empty JSON list, the bot's own `degraded`
check says the reply is a stop-gap (the assistant's "having trouble" reply), or the step expects topics and
the reply's first topic is not one of them.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

REQUEST_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Step:
    """What the patient says, and the topics one of which the reply must carry first (empty: not checked)."""

    text: str
    expect: frozenset[str] = frozenset()


Script = Sequence[Step]
Degraded = Callable[[list[Any]], bool]  # whether a reply is a stop-gap rather than an answer


def never_degraded(reply: list[Any]) -> bool:
    return False


def steps(*texts: str) -> list[Step]:
    """A script whose replies are not checked for topics."""
    return [Step(text) for text in texts]


# Follow-ups that name no topic resolve only if the server answering them sees the conversation's context:
# for the scaled-out set, where each turn may land on another replica.
FOLLOW_UP_SCRIPTS: list[list[Step]] = [
    [
        Step("what's a dural tear?", frozenset({"dural_tear"})),
        Step("how common is that?", frozenset({"dural_tear"})),
        Step("what would I notice?", frozenset({"dural_tear"})),
        Step("and what about blood clots?", frozenset({"blood_clots"})),
        Step("is that dangerous?", frozenset({"blood_clots"})),
        Step("tell me more", frozenset({"blood_clots"})),
    ],
    [
        Step("could I get an infection after surgery?", frozenset({"infection"})),
        Step("what are the signs?", frozenset({"infection"})),
        Step("how can I lower that risk?", frozenset({"infection"})),
        Step("what about nerve damage?", frozenset({"nerve_injury"})),
        Step("how likely is that?", frozenset({"nerve_injury"})),
        Step("what happens then?", frozenset({"nerve_injury"})),
    ],
    [
        Step("what are the risks of anesthesia?", frozenset({"anesthesia"})),
        Step("how common is that?", frozenset({"anesthesia"})),
        Step("tell me more", frozenset({"anesthesia"})),
        Step("what about blood clots?", frozenset({"blood_clots"})),
        Step("what would I notice?", frozenset({"blood_clots"})),
        Step("how can I prevent it?", frozenset({"blood_clots"})),
    ],
]


@dataclass
class Sample:
    """One message sent and what came back."""

    conversation: str  # the sender id
    index: int  # the step's place in its script
    text: str
    message_id: str | None
    sent_at: float  # wall clock (time.time()) when the request went out
    latency_ms: float
    status: int | None  # HTTP status; None when no HTTP answer came at all
    topics: list[str]  # the `topic` of each custom payload in the reply, in order
    error: str | None  # None: a real answer

    @property
    def seconds(self) -> float:
        return self.latency_ms / 1000


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile, q in 0-100: the smallest value with at least q% of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class LevelResult:
    concurrency: int
    seconds: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    conversations: int = 0
    truncated: bool = False  # the time bound cut a fixed number of conversations short

    @property
    def ok(self) -> list[float]:
        return [s.latency_ms for s in self.samples if s.error is None]

    @property
    def errors(self) -> dict[str, int]:
        return dict(Counter(s.error for s in self.samples if s.error))

    def by_conversation(self) -> dict[str, list[Sample]]:
        """Each conversation's samples, in the order they were sent."""
        out: dict[str, list[Sample]] = {}
        for sample in sorted(self.samples, key=lambda s: (s.conversation, s.index)):
            out.setdefault(sample.conversation, []).append(sample)
        return out

    def summary(self) -> dict:
        ok = self.ok
        return {
            "concurrency": self.concurrency,
            "messages": len(self.samples),
            "ok": len(ok),
            "errors": sum(self.errors.values()),
            "error_types": self.errors,
            "conversations": self.conversations,
            "seconds": round(self.seconds, 2),
            "truncated": self.truncated,
            "p50_ms": percentile(ok, 50),
            "p95_ms": percentile(ok, 95),
            "p99_ms": percentile(ok, 99),
            "max_ms": max(ok) if ok else None,
            "msgs_per_s": (len(ok) / self.seconds) if self.seconds > 0 else None,
        }


def reply_topics(reply: Any) -> list[str]:
    """The `topic` of each custom payload in a REST reply, in order (a custom payload may be a list)."""
    out = []
    for message in reply if isinstance(reply, list) else []:
        custom = message.get("custom") if isinstance(message, dict) else None
        for payload in custom if isinstance(custom, list) else [custom]:
            if isinstance(payload, dict) and isinstance(payload.get("topic"), str):
                out.append(payload["topic"])
    return out


def new_sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass
class _Run:
    """What one load run sends and how it judges the replies."""

    url: str
    scripts: Sequence[Script]
    prefix: str
    degraded: Degraded
    message_ids: bool
    on_sample: Callable[[Sample, int], None] | None
    result: LevelResult
    started_conversations: int = 0

    def next_script(self) -> tuple[str, Script]:
        script = self.scripts[self.started_conversations % len(self.scripts)]
        self.started_conversations += 1
        self.result.conversations += 1
        return new_sender(self.prefix), script

    async def send(self, session: aiohttp.ClientSession, sender: str, index: int, step: Step) -> Sample:
        message_id = f"{sender}-{index}" if self.message_ids else None
        body: dict[str, str] = {"sender": sender, "message": step.text}
        if message_id:
            body["message_id"] = message_id  # exactly-once handling if the request is re-sent (addons/redelivery.py)
        sent_at, started = time.time(), time.perf_counter()
        status: int | None = None
        reply: Any = None
        error: str | None = None
        try:
            async with session.post(self.url, json=body) as resp:
                status, raw = resp.status, await resp.read()
            if status != 200:
                error = f"http_{status}"
            else:
                reply = json.loads(raw or b"null")
        except asyncio.TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as err:
            error = f"transport_{type(err).__name__}"
        except ValueError:
            error = "bad_json"
        latency_ms = (time.perf_counter() - started) * 1000
        topics = reply_topics(reply)
        if error is None:
            if not isinstance(reply, list) or not reply:
                error = "empty_reply"
            elif self.degraded(reply):
                error = "degraded_reply"
            elif step.expect and (not topics or topics[0] not in step.expect):
                error = "wrong_topic"
        sample = Sample(sender, index, step.text, message_id, sent_at, latency_ms, status, topics, error)
        self.result.samples.append(sample)
        if self.on_sample:
            self.on_sample(sample, len(self.result.samples))
        return sample


def _session(concurrency: int, timeout: float) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=max(1, concurrency))
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout))


async def _conversations(run: _Run, count: int, max_seconds: float, timeout: float) -> LevelResult:
    result = run.result
    stop_at = time.perf_counter() + max_seconds

    async def patient(session: aiohttp.ClientSession) -> None:
        while run.started_conversations < count and time.perf_counter() < stop_at:
            sender, script = run.next_script()
            for index, step in enumerate(script):
                if time.perf_counter() >= stop_at:
                    result.truncated = True
                    return
                await run.send(session, sender, index, step)

    async with _session(result.concurrency, timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(patient(session) for _ in range(result.concurrency)))
        result.seconds = time.perf_counter() - started
    if run.started_conversations < count:
        result.truncated = True
    return result


async def _sustained(run: _Run, seconds: float, stagger: bool, timeout: float) -> LevelResult:
    result = run.result
    stop_at = time.perf_counter() + seconds

    async def patient(session: aiohttp.ClientSession, offset: int) -> None:
        while time.perf_counter() < stop_at:
            sender, script = run.next_script()
            order = list(enumerate(script))
            if offset:
                # the first conversation starts part-way through, so that the mix of message kinds is even
                # from the first second; its follow-ups then lack their context, so topics go unchecked
                order = [(i, Step(s.text)) for i, s in order[offset:] + order[:offset]]
                offset = 0
            for index, step in order:
                if time.perf_counter() >= stop_at:
                    return
                await run.send(session, sender, index, step)

    async with _session(result.concurrency, timeout) as session:
        started = time.perf_counter()
        length = len(run.scripts[0])
        await asyncio.gather(*(patient(session, i % length if stagger else 0) for i in range(result.concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def conversations(
    url: str,
    scripts: Sequence[Script],
    concurrency: int,
    count: int,
    prefix: str,
    *,
    max_seconds: float = math.inf,
    degraded: Degraded = never_degraded,
    message_ids: bool = False,
    timeout: float = REQUEST_TIMEOUT_S,
    on_sample: Callable[[Sample, int], None] | None = None,
) -> LevelResult:
    """`count` conversations, `concurrency` at a time, the n-th following scripts[n % len(scripts)].
    `on_sample(sample, messages_so_far)` is called after each reply (e.g. to kill a replica mid-run)."""
    run = _Run(url, scripts, prefix, degraded, message_ids, on_sample, LevelResult(concurrency))
    return asyncio.run(_conversations(run, count, max_seconds, timeout))


def sustained(
    url: str,
    scripts: Sequence[Script],
    concurrency: int,
    seconds: float,
    prefix: str,
    *,
    stagger: bool = False,
    degraded: Degraded = never_degraded,
    message_ids: bool = False,
    timeout: float = REQUEST_TIMEOUT_S,
) -> LevelResult:
    """`concurrency` patients talking without pause for `seconds`, each starting a new conversation when one
    ends. `stagger`: patient i starts its first conversation at step i, for an even mix from the start."""
    run = _Run(url, scripts, prefix, degraded, message_ids, None, LevelResult(concurrency))
    return asyncio.run(_sustained(run, seconds, stagger, timeout))
