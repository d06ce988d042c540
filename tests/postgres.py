"""A real PostgreSQL for unit tests (scripts/postgres.py: Debian's postgresql-15), on a free loopback port,
with a tracker store database and an event broker database as scripts/cluster.py makes them."""

from __future__ import annotations

import secrets
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from scripts import postgres
from scripts.processes import ROOT

TRACKER_DB, EVENTS_DB = "miss", "miss_events"


@dataclass(frozen=True)
class TestPostgres:
    server: postgres.LocalPostgres
    port: int
    password: str

    def env(self) -> dict[str, str]:
        """The MISS_* variables that point scripts/endpoints.py at this server."""
        return {
            "MISS_TRACKER_DIALECT": "postgresql",
            "MISS_DB_HOST": "127.0.0.1",
            "MISS_DB_PORT": str(self.port),
            "MISS_DB_NAME": TRACKER_DB,
            "MISS_EVENTS_DB_NAME": EVENTS_DB,
            "MISS_DB_USER": postgres.ROLE,
            "MISS_DB_PASSWORD": self.password,
        }

    def broker_kwargs(self) -> dict[str, object]:
        """ScrubbingSQLEventBroker's arguments for the events database (as Rasa passes the endpoints')."""
        return {
            "dialect": "postgresql",
            "host": "127.0.0.1",
            "port": self.port,
            "db": EVENTS_DB,
            "username": postgres.ROLE,
            "password": self.password,
        }


@contextmanager
def running_postgres() -> Iterator[TestPostgres]:
    if not postgres.available():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install -y postgresql)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Under the project's .run/, not pytest's tmp_path: as root the server runs as `postgres`, which may
    # not enter root's private temporary folders.
    base = ROOT / ".run" / f"test-postgres-{port}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    server = postgres.LocalPostgres(base / "data", port, secrets.token_urlsafe(18))
    try:
        server.start([TRACKER_DB, EVENTS_DB])
        yield TestPostgres(server, port, server.password)
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
