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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: Rasa takes seconds to import
    from addons.event_broker import ScrubbingSQLEventBroker
    from addons.tracker_store import PrivateSQLTrackerStore

ROOT = Path(__file__).resolve().parents[1]


class StoreError(RuntimeError):
    """The endpoints file names storage this script cannot purge."""


def open_stores(endpoints_path: str | None) -> tuple[PrivateSQLTrackerStore, ScrubbingSQLEventBroker | None]:
    """The tracker store and the event stream that the Rasa server started with `endpoints_path` uses
    (None: endpoints.yml with the MISS_* storage variables applied, as scripts/run.sh makes it). The purge
    below and the staff console's deletion of one conversation (console/data_rights.py) both go through
    here and through the stores' own deletion, so there is one way a conversation leaves storage."""
    from rasa.core.brokers.broker import EventBroker
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import read_endpoints_from_path
    from rasa.shared.core.domain import Domain

    from addons.event_broker import ScrubbingSQLEventBroker
    from addons.tracker_store import PrivateSQLTrackerStore

    if endpoints_path is None:
        from scripts.endpoints import write as write_endpoints

        endpoints_path = str(ROOT / ".run" / "endpoints-purge.yml")
        write_endpoints(Path(endpoints_path))
    endpoints = read_endpoints_from_path(endpoints_path)
    store = TrackerStore.create(endpoints.tracker_store, Domain.load(str(ROOT / "domain.yml")))
    if not isinstance(store, PrivateSQLTrackerStore):
        raise StoreError(f"{endpoints_path}: the tracker store is not addons.tracker_store.PrivateSQLTrackerStore")
    broker = None
    if endpoints.event_broker is not None:
        created = asyncio.run(EventBroker.create(endpoints.event_broker))
        broker = created if isinstance(created, ScrubbingSQLEventBroker) else None
    return store, broker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--endpoints",
        default=None,
        help="default: endpoints.yml with the MISS_* storage variables applied (scripts/endpoints.py)",
    )
    parser.add_argument("--days", type=float, default=None, help="override the configured retention period")
    args = parser.parse_args(argv)
    try:
        store, broker = open_stores(args.endpoints)
    except StoreError as err:
        print(err, file=sys.stderr)
        return 2
    removed = store.purge(args.days)
    days = store.retention_days if args.days is None else args.days
    print(f"purged {removed} conversation(s) idle for more than {days:g} days")
    if broker is not None:  # kept as long as the conversations, never longer
        print(f"purged {broker.purge(days)} conversation(s) from the console's event stream")
    return 0


if __name__ == "__main__":
    sys.exit(main())
