"""Per-replica capacity of the scaled-out set, the figures docs/scaling.md plans from.

Starts scripts/cluster.py with ONE Rasa replica and ONE action server (PostgreSQL, Redis, nginx as in
production), drives it with concurrent 6-turn conversations (tests/scale/conversations.py) at rising
concurrency for a fixed time each, and reports per level: messages/s, p50/p95, errors. From the database
and nginx's log: action calls per message, events stored per message and their average size.

    python -m scripts.bench_cluster [--seconds 20] [--levels 4 8 16 32]     # `make bench-cluster`
Writes reports/cluster-capacity.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.cluster import Cluster
from tests.scale.conversations import percentile, run_conversations

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "reports" / "cluster-capacity.json"


def sustained(cluster: Cluster, concurrency: int, seconds: float) -> dict[str, float]:
    """`concurrency` patients talking without pause for `seconds`; each starts a new conversation when
    one ends."""
    deadline = time.time() + seconds
    turns: list = []

    def patient(n: int) -> list:
        mine: list = []
        while time.time() < deadline:
            mine += [
                t for ts in run_conversations(cluster.front, 1, prefix=f"cap{concurrency}-{n}").values() for t in ts
            ]
        return mine

    started = time.time()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for mine in pool.map(patient, range(concurrency)):
            turns += mine
    elapsed = time.time() - started
    seconds_each = [t.seconds for t in turns]
    errors = sum(1 for t in turns if t.status != 200 or not t.topics or t.topics[0] != t.expected)
    return {
        "concurrency": concurrency,
        "messages": len(turns),
        "msg_per_s": round(len(turns) / elapsed, 1),
        "p50_ms": round(1000 * percentile(seconds_each, 0.5)),
        "p95_ms": round(1000 * percentile(seconds_each, 0.95)),
        "errors": errors,
    }


def storage_figures(cluster: Cluster, messages: int) -> dict[str, float]:
    ((events, size),) = [
        tuple(map(float, row))
        for row in cluster.psql("SELECT count(*), coalesce(avg(octet_length(data)), 0) FROM events")
    ]
    log = (cluster.run_dir / "nginx-access.log").read_text().splitlines()
    action_calls = sum(1 for line in log if " /webhook " in line)
    return {
        "events_per_msg": round(events / max(1, messages), 1),
        "event_bytes": round(size),
        "action_calls_per_msg": round(action_calls / max(1, messages), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--levels", type=int, nargs="+", default=[4, 8, 16, 32])
    parser.add_argument("--base-port", type=int, default=5300)
    args = parser.parse_args(argv)
    cluster = Cluster(args.base_port, ROOT / ".run" / "bench-cluster", rasa_replicas=1, action_replicas=1)
    print("Starting one Rasa replica + one action server with PostgreSQL, Redis and nginx...", flush=True)
    cluster.start()
    try:
        run_conversations(cluster.front, 4, prefix="warmup")
        levels = []
        for level in args.levels:
            levels.append(sustained(cluster, level, args.seconds))
            print(levels[-1], flush=True)
        total = sum(int(level["messages"]) for level in levels) + 24
        report = {
            "machine_cores": __import__("os").cpu_count(),
            "seconds_per_level": args.seconds,
            "levels": levels,
            **storage_figures(cluster, total),
        }
    finally:
        cluster.stop()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2))
    print(f"\n{'concurrent':>10} {'msg/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for level in report["levels"]:
        print(
            f"{level['concurrency']:>10} {level['msg_per_s']:>7} {level['p50_ms']:>7} {level['p95_ms']:>7} "
            f"{level['errors']:>6}"
        )
    print(
        f"action calls/message {report['action_calls_per_msg']}, events/message {report['events_per_msg']}, "
        f"{report['event_bytes']} bytes/event -> {OUT.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
