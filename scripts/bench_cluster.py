"""Per-replica capacity of the scaled-out set, the figures docs/scaling.md plans from.

Starts scripts/cluster.py with ONE Rasa replica and ONE action server (PostgreSQL, Redis, nginx as in
production), drives it with concurrent 6-turn conversations with context follow-ups (scripts/load.py, the
scale tests' conversations) at rising concurrency for a fixed time each, and reports per level: messages/s,
p50/p95 (nearest rank), errors (no 200, or a follow-up answered on the wrong topic). From the database and
nginx's log: action calls per message, events stored per message and their average size.

    python -m scripts.bench_cluster [--seconds 20] [--levels 4 8 16 32]     # `make bench-cluster`
Writes reports/cluster-capacity.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from scripts import load
from scripts.cluster import Cluster
from scripts.processes import ROOT

OUT = ROOT / "reports" / "cluster-capacity.json"
REQUEST_TIMEOUT_S = 150  # a turn may wait for a dead replica's lock; none is killed here, but as in the tests


def sustained(cluster: Cluster, concurrency: int, seconds: float) -> dict[str, float]:
    """`concurrency` patients talking without pause for `seconds`; each starts a new conversation when
    one ends."""
    level = load.sustained(
        f"{cluster.front}/webhooks/rest/webhook",
        load.FOLLOW_UP_SCRIPTS,
        concurrency,
        seconds,
        f"cap{concurrency}",
        message_ids=True,
        timeout=REQUEST_TIMEOUT_S,
    ).summary()
    return {
        "concurrency": concurrency,
        "messages": level["messages"],
        "msg_per_s": round(level["messages"] / level["seconds"], 1),
        "p50_ms": round(level["p50_ms"] or 0),
        "p95_ms": round(level["p95_ms"] or 0),
        "errors": level["errors"],
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
        load.conversations(
            f"{cluster.front}/webhooks/rest/webhook", load.FOLLOW_UP_SCRIPTS, 4, 4, "warmup", message_ids=True
        )
        levels = []
        for level in args.levels:
            levels.append(sustained(cluster, level, args.seconds))
            print(levels[-1], flush=True)
        total = sum(int(level["messages"]) for level in levels) + 24
        report = {
            "machine_cores": os.cpu_count(),
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
