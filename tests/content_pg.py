"""A real PostgreSQL for the content store's and the handoff store's tests: tests/postgres.py's server
(scripts/postgres.py, the one scripts/cluster.py runs), one fresh database per test, thrown away after the
session."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

from addons.sqlite_or_postgres import Location, Postgres
from tests.postgres import running_postgres

NewLocation = Callable[[], Location]


@dataclass(frozen=True)
class ContentPostgres:
    port: int
    password: str
    _names = itertools.count(1)

    def url(self, database: str) -> str:
        """The store's URL as MISS_CONTENT_STORE takes it: no password in it."""
        return f"postgresql://miss@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "content") -> str:
        name = f"{prefix}_{next(self._names)}"
        db = psycopg2.connect(self.url("miss"), password=self.password)
        try:
            db.autocommit = True  # CREATE DATABASE runs outside a transaction
            with db.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {name}")
        finally:
            db.close()
        return self.url(name)


@pytest.fixture(scope="session")
def content_postgres() -> Iterator[ContentPostgres]:
    with running_postgres() as server:
        yield ContentPostgres(server.port, server.password)


@pytest.fixture
def pg_store_url(content_postgres: ContentPostgres, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, empty database's URL, with MISS_DB_PASSWORD set as the servers would have it."""
    monkeypatch.setenv("MISS_DB_PASSWORD", content_postgres.password)
    return content_postgres.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_location(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> NewLocation:
    """Where a fresh, empty store would be, on each engine: a file not yet made, or a PostgreSQL database
    without tables (MISS_DB_PASSWORD set as the servers have it)."""
    if request.param == "sqlite":
        names = iter(range(1, 100))
        return lambda: tmp_path / f"store-{next(names)}.sqlite"
    server: ContentPostgres = request.getfixturevalue("content_postgres")
    monkeypatch.setenv("MISS_DB_PASSWORD", server.password)
    return lambda: Postgres(server.new_database("store"))
