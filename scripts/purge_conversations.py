"""Delete conversations idle for longer than the retention period (default: the tracker store's
`retention_days` in endpoints.yml, 30 days, or MISS_RETENTION_DAYS). Run daily, e.g. from cron: `make purge`
(with the same MISS_* variables as the servers, it purges PostgreSQL too).

With them go the same conversations' events in the staff console's event stream (addons/event_broker.py).
The console's own database (its per-message figures, audit entries past their retention, dead sessions)
is purged by `python -m console purge`, which `make purge` runs next (docs/console.md); this script stays
free of the console, as the Rasa image's purge job runs it (deploy/).

    python -m scripts.purge_conversations [--endpoints endpoints.yml] [--days 30]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from rasa.core.brokers.broker import EventBroker
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
    days = store.retention_days if args.days is None else args.days
    print(f"purged {removed} conversation(s) idle for more than {days:g} days")
    if endpoints.event_broker is not None:
        from addons.event_broker import ScrubbingSQLEventBroker

        broker = asyncio.run(EventBroker.create(endpoints.event_broker))
        if isinstance(broker, ScrubbingSQLEventBroker):  # kept as long as the conversations, never longer
            print(f"purged {broker.purge(days)} conversation(s) from the console's event stream")
    return 0


if __name__ == "__main__":
    sys.exit(main())
