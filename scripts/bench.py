"""`make bench`: REST latency of the assistant at 1, 8 and 32 concurrent conversations (loopback only).

Prints per-message latency p50/p95/p99 and throughput. (The side-by-side run against a bare
`rasa init` reference bot is issue 6's work and not done yet.)
"""
from __future__ import annotations

import json
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.local_servers import Servers, new_sender  # noqa: E402

TURNS = ["what is a dural tear?", "how common is that?", "what would I notice?",
         "how do I lower my infection risk", "is that dangerous?", "thanks"]
CONVERSATIONS_PER_LEVEL = 32
MAX_SECONDS_PER_LEVEL = 120


def conversation(base: str, deadline: float) -> List[float]:
    sender, latencies = new_sender(), []
    for turn in TURNS:
        if time.time() > deadline:
            break
        body = json.dumps({"sender": sender, "message": turn}).encode()
        request = urllib.request.Request(f"{base}/webhooks/rest/webhook", data=body, method="POST")
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as resp:
            resp.read()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered))) - 1))]


def main() -> int:
    servers = Servers(5305, 5355, ROOT / ".run" / "bench")
    started = time.time()
    servers.start()
    print(f"start to ready: {time.time() - started:.1f} s")
    try:
        servers.say("hello")  # warm-up
        print(f"{'concurrency':>11} {'messages':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'msg/s':>6}")
        for level in (1, 8, 32):
            deadline = time.time() + MAX_SECONDS_PER_LEVEL
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=level) as pool:
                runs = list(pool.map(lambda _: conversation(servers.base, deadline), range(CONVERSATIONS_PER_LEVEL)))
            elapsed = time.perf_counter() - t0
            lat = [x for run in runs for x in run]
            print(f"{level:>11} {len(lat):>8} {statistics.median(lat):>7.0f} {percentile(lat, 95):>7.0f} "
                  f"{percentile(lat, 99):>7.0f} {len(lat) / elapsed:>6.1f}")
    finally:
        servers.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
