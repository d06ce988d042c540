"""Delete conversations idle for longer than the retention period (default: the tracker store's
`retention_days` in endpoints.yml, 30 days, or MISS_RETENTION_DAYS). Run daily, e.g. from cron: `make purge`
(with the same MISS_* variables as the servers, it purges PostgreSQL too).

    python -m scripts.purge_conversations [--endpoints endpoints.yml] [--days 30]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import read_endpoints_from_path
    from rasa.shared.core.domain import Domain

    from addons.tracker_store import PrivateSQLTrackerStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--endpoints",
        default=None,
        help="default: endpoints.yml with the MISS_* storage variables applied (scripts/endpoints.py)",
    )
    parser.add_argument("--days", type=float, default=None, help="override the configured retention period")
    args = parser.parse_args(argv)
    if args.endpoints is None:
        from scripts.endpoints import write as write_endpoints

        args.endpoints = str(ROOT / ".run" / "endpoints-purge.yml")
        write_endpoints(Path(args.endpoints))
    endpoints = read_endpoints_from_path(args.endpoints)
    store = TrackerStore.create(endpoints.tracker_store, Domain.load(str(ROOT / "domain.yml")))
    if not isinstance(store, PrivateSQLTrackerStore):
        print(
            f"{args.endpoints}: the tracker store is not addons.tracker_store.PrivateSQLTrackerStore", file=sys.stderr
        )
        return 2
    removed = store.purge(args.days)
    print(f"purged {removed} conversation(s) idle for more than {args.days or store.retention_days:g} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
