"""Load generation for `make bench`: concurrent REST conversations against one bot (loopback only).

A conversation is a list of turns sent in order under one fresh sender id; N conversations run at once.
Every message is timed from request to the end of the reply body. A message is an error when the
transport fails, the status is not 200, the body is not a non-empty JSON list, or the bot's own
`degraded` check says the reply is a stop-gap (e.g. the assistant's "having trouble" reply when its
action server did not answer).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

REQUEST_TIMEOUT_S = 10.0
Degraded = Callable[[list[Any]], bool]  # whether a reply is the assistant's "having trouble" apology


def never_degraded(reply: list[Any]) -> bool:
    return False


@dataclass
class Sample:
    latency_ms: float
    error: str | None


@dataclass
class LevelResult:
    concurrency: int
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    conversations: int = 0
    truncated: bool = False  # the time bound cut the level short

    @property
    def ok(self) -> list[float]:
        return [s.latency_ms for s in self.samples if s.error is None]

    @property
    def errors(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.samples:
            if s.error:
                out[s.error] = out.get(s.error, 0) + 1
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


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (as the shared evaluator computes it)."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[min(k, len(ordered)) - 1]


def new_sender(prefix: str) -> str:
    return f"bench-{prefix}-{uuid.uuid4().hex[:12]}"


async def _send(session: aiohttp.ClientSession, url: str, sender: str, text: str, degraded: Degraded) -> Sample:
    body = json.dumps({"sender": sender, "message": text})
    started = time.perf_counter()
    try:
        async with session.post(url, data=body, headers={"Content-Type": "application/json"}) as resp:
            raw = await resp.read()
            latency = (time.perf_counter() - started) * 1000
            if resp.status != 200:
                return Sample(latency, f"http_{resp.status}")
    except asyncio.TimeoutError:
        return Sample((time.perf_counter() - started) * 1000, "timeout")
    except aiohttp.ClientError as err:
        return Sample((time.perf_counter() - started) * 1000, f"transport_{type(err).__name__}")
    try:
        reply = json.loads(raw or b"null")
    except ValueError:
        return Sample(latency, "bad_json")
    if not isinstance(reply, list) or not reply:
        return Sample(latency, "empty_reply")
    if degraded(reply):
        return Sample(latency, "degraded_reply")
    return Sample(latency, None)


def _session(concurrency: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=max(1, concurrency), force_close=False)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S))


async def _fixed_conversations(
    url: str,
    turns: Sequence[str],
    concurrency: int,
    conversations: int,
    max_seconds: float,
    prefix: str,
    degraded: Degraded,
) -> LevelResult:
    result = LevelResult(concurrency, 0.0)
    deadline = time.perf_counter() + max_seconds
    next_index = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal next_index
        while next_index < conversations and time.perf_counter() < deadline:
            next_index += 1
            result.conversations += 1
            sender = new_sender(prefix)
            for text in turns:
                if time.perf_counter() >= deadline:
                    result.truncated = True
                    return
                result.samples.append(await _send(session, url, sender, text, degraded))

    async with _session(concurrency) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    if next_index < conversations:
        result.truncated = True
    return result


async def _sustained(
    url: str, turns: Sequence[str], concurrency: int, seconds: float, prefix: str, degraded: Degraded
) -> LevelResult:
    """`concurrency` closed-loop users, each running conversation after conversation for `seconds`."""
    result = LevelResult(concurrency, 0.0)
    stop_at = time.perf_counter() + seconds

    async def worker(session: aiohttp.ClientSession, offset: int) -> None:
        while time.perf_counter() < stop_at:
            result.conversations += 1
            sender = new_sender(prefix)
            # start users at different turns so the mix of message kinds is even from the first second
            for text in list(turns[offset:]) + list(turns[:offset]):
                if time.perf_counter() >= stop_at:
                    return
                result.samples.append(await _send(session, url, sender, text, degraded))
            offset = 0

    async with _session(concurrency) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session, i % len(turns)) for i in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def fixed_conversations(
    url: str,
    turns: Sequence[str],
    concurrency: int,
    conversations: int,
    max_seconds: float,
    prefix: str,
    degraded: Degraded = never_degraded,
) -> LevelResult:
    return asyncio.run(_fixed_conversations(url, turns, concurrency, conversations, max_seconds, prefix, degraded))


def sustained(
    url: str, turns: Sequence[str], concurrency: int, seconds: float, prefix: str, degraded: Degraded = never_degraded
) -> LevelResult:
    return asyncio.run(_sustained(url, turns, concurrency, seconds, prefix, degraded))


# --------------------------------------------------------------------------- memory


def _children(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process plus all its descendants, in MB."""
    pids = [pid, *_children(pid)]
    return {
        "rss_mb": sum(_status_kb(p, "VmRSS") for p in pids) / 1024,
        "peak_mb": sum(_status_kb(p, "VmHWM") for p in pids) / 1024,
        "processes": len(pids),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process plus its descendants, in seconds."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")
