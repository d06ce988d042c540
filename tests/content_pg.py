"""A real PostgreSQL for the content store's tests: Debian's postgresql-15 started on a free loopback port
the way scripts/cluster.py starts it (its own start-up code, so the tests run the server the cluster runs),
one fresh database per test, thrown away after the session."""

from __future__ import annotations

import itertools
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg2
import pytest

from scripts.cluster import PG_BIN, Cluster
from scripts.processes import ROOT


@dataclass(frozen=True)
class ContentPostgres:
    port: int
    password: str
    _names = itertools.count(1)

    def url(self, database: str) -> str:
        """The store's URL as MISS_CONTENT_STORE takes it: no password in it."""
        return f"postgresql://miss@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        name = f"content_{next(self._names)}"
        db = psycopg2.connect(self.url("miss"), password=self.password)
        try:
            db.autocommit = True  # CREATE DATABASE runs outside a transaction
            with db.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {name}")
        finally:
            db.close()
        return self.url(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def content_postgres() -> Iterator[ContentPostgres]:
    if not (PG_BIN / "postgres").exists():
        pytest.skip("PostgreSQL 15 is not installed (apt-get install -y postgresql)")
    port = _free_port()
    # Under the project's .run/, not pytest's tmp_path: as root the server runs as `postgres`, which may not
    # enter root's private temporary folders.
    cluster = Cluster(port - 20, ROOT / ".run" / f"content-pg-{port}")  # its PostgreSQL listens on base + 20
    shutil.rmtree(cluster.run_dir, ignore_errors=True)
    cluster.run_dir.mkdir(parents=True)
    try:
        cluster._start_postgres()
        yield ContentPostgres(port, cluster.db_password)
    finally:
        cluster._stop_postgres()
        shutil.rmtree(cluster.run_dir, ignore_errors=True)


@pytest.fixture
def pg_store_url(content_postgres: ContentPostgres, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, empty database's URL, with MISS_DB_PASSWORD set as the servers would have it."""
    monkeypatch.setenv("MISS_DB_PASSWORD", content_postgres.password)
    return content_postgres.new_database()
