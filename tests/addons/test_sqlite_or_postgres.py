"""The stores' database on either engine (addons/sqlite_or_postgres.py), on a real SQLite file and a real
PostgreSQL (tests/content_pg.py: Debian's server, a fresh database per test; skipped where it is not
installed): where a location points, one transaction per `with`, rows by name and by position, read-only
sessions, a table nobody made yet, a schema made by several servers at once, the password from
MISS_DB_PASSWORD, and PostgreSQL sessions kept for the next step and replaced when the server dropped them.
The stores' own rules on top of it: tests/handoff/test_store.py, tests/actions/test_content_store_postgres.py."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import psycopg2
import pytest

from addons import sqlite_or_postgres
from addons.sqlite_or_postgres import ERRORS, ROOT, Location, Postgres, connect, create, location_from, missing_table
from tests.content_pg import ContentPostgres, NewLocation

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (id {id}, body TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS notes_by_n ON notes (n);
"""
SQLITE_SCHEMA = SCHEMA.format(id="INTEGER PRIMARY KEY AUTOINCREMENT")
# What the content store's PostgreSQL schema has too: a function and a trigger, replaced on every run.
PG_SCHEMA = (
    SCHEMA.format(id="BIGSERIAL PRIMARY KEY")
    + """
CREATE OR REPLACE FUNCTION notes_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'notes are kept';
END $$;
CREATE OR REPLACE TRIGGER notes_are_kept BEFORE DELETE ON notes FOR EACH ROW EXECUTE FUNCTION notes_refuse_delete();
"""
)
LOCK = 0x6E6F7465  # an advisory lock id of this test's own


@pytest.fixture
def location(new_location: NewLocation) -> Location:
    made = new_location()
    create(made, SQLITE_SCHEMA, PG_SCHEMA, LOCK)
    return made


@pytest.fixture
def pg_location(content_postgres: ContentPostgres, monkeypatch: pytest.MonkeyPatch) -> Postgres:
    monkeypatch.setenv("MISS_DB_PASSWORD", content_postgres.password)
    made = Postgres(content_postgres.new_database("store"))
    create(made, SQLITE_SCHEMA, PG_SCHEMA, LOCK)
    return made


def bodies(location: Location) -> list[str]:
    with connect(location, readonly=True) as db:
        return [row["body"] for row in db.execute("SELECT body FROM notes ORDER BY id").fetchall()]


# --- where ---------------------------------------------------------------------------------------------------
def test_a_location_is_a_sqlite_path_or_a_postgresql_url_without_its_password():
    def where(value: str | None) -> Location:
        return location_from(
            "MISS_NOTES_STORE", ".run/notes.sqlite", {} if value is None else {"MISS_NOTES_STORE": value}
        )

    assert where(None) == where("  ") == ROOT / ".run" / "notes.sqlite"  # unset or blank: the default
    assert where("run/n.sqlite") == ROOT / "run" / "n.sqlite"  # relative to the project, not the working directory
    assert where("/srv/n.sqlite") == where("sqlite:////srv/n.sqlite") == Path("/srv/n.sqlite")
    url = "postgresql://miss@db.clinic.internal:5432/miss_notes"
    assert where(url) == Postgres(url) and str(where(url)) == url
    assert where("postgres://miss@db/notes") == Postgres("postgres://miss@db/notes")
    with pytest.raises(ValueError, match="MISS_NOTES_STORE must not hold a password: set MISS_DB_PASSWORD") as refused:
        where("postgresql://miss:hunter22@db:5432/miss_notes")
    assert "hunter22" not in str(refused.value)  # the message goes to a log
    with pytest.raises(ValueError, match="MISS_NOTES_STORE needs a host and a database"):
        where("postgresql://miss@db:5432/")
    with pytest.raises(ValueError, match="MISS_NOTES_STORE must be a SQLite path, sqlite:///path or postgresql://"):
        where("mysql://miss@db/notes")


def test_a_postgresql_store_is_always_there_to_ask_a_sqlite_one_once_its_file_is_made(tmp_path: Path):
    assert Postgres("postgresql://miss@db/notes").exists()
    assert not (tmp_path / "none.sqlite").exists()
    create(tmp_path / "made" / "n.sqlite", SQLITE_SCHEMA, PG_SCHEMA, LOCK)  # its folder made too
    assert (tmp_path / "made" / "n.sqlite").exists()


# --- one transaction per `with`, rows by name and position ---------------------------------------------------
def test_one_transaction_per_with_committed_at_the_end_and_rolled_back_on_an_exception(location: Location):
    with connect(location) as db:
        db.execute("INSERT INTO notes (body) VALUES (?)", ("kept",))
    with pytest.raises(RuntimeError), connect(location) as db:
        db.execute("INSERT INTO notes (body) VALUES (?)", ("lost",))
        assert [row["body"] for row in db.execute("SELECT body FROM notes ORDER BY id")] == ["kept", "lost"]
        raise RuntimeError("the step failed half-way")
    with pytest.raises(ERRORS), connect(location) as db:
        db.execute("INSERT INTO notes (body) VALUES (?)", ("lost too",))
        db.execute("INSERT INTO notes (body) VALUES (?)", (None,))  # NOT NULL: the database refuses
    assert bodies(location) == ["kept"]


def test_rows_read_by_column_name_and_by_position_on_both_engines(location: Location):
    with connect(location) as db:
        inserted = db.execute("INSERT INTO notes (body, n) VALUES (?, ?) RETURNING *", ["first", 7]).fetchone()
        assert (inserted["body"], inserted["n"]) == ("first", 7)
        db.execute("INSERT INTO notes (body, n) VALUES (?, ?)", ("second", 8))
    with connect(location, readonly=True) as db:
        row = db.execute("SELECT body, n FROM notes WHERE n = ?", (7,)).fetchone()
        assert (row["body"], row["n"]) == (row[0], row[1]) == ("first", 7)
        assert dict(row) == {"body": "first", "n": 7}  # what the stores' dataclasses are made from
        assert db.execute("SELECT max(n) FROM notes").fetchone()[0] == 8
        assert db.execute("SELECT body FROM notes WHERE n = ?", (99,)).fetchone() is None


# --- read-only ---------------------------------------------------------------------------------------------
def test_read_only_sessions_cannot_write(location: Location):
    with connect(location) as db:
        db.execute("INSERT INTO notes (body) VALUES (?)", ("kept",))
    for sql in ("INSERT INTO notes (body) VALUES ('x')", "UPDATE notes SET body = 'x'", "DROP TABLE notes"):
        with pytest.raises(ERRORS, match=r"readonly|read-only"), connect(location, readonly=True) as db:
            db.execute(sql)
    assert bodies(location) == ["kept"]


def test_a_reader_never_creates_a_sqlite_file(tmp_path: Path):
    missing = tmp_path / "none.sqlite"
    with pytest.raises(sqlite3.OperationalError), connect(missing, readonly=True):
        pass
    assert not missing.exists()


# --- a table nobody made yet ----------------------------------------------------------------------------------
def test_a_table_nobody_made_yet_is_told_apart_from_other_errors(new_location: NewLocation):
    fresh = new_location()
    create(fresh, "SELECT 1;", "SELECT 1;", LOCK)  # the file or database is there, with no table
    errors = []
    for sql in ("SELECT * FROM notes", "SELECT FROM WHERE"):
        with pytest.raises(ERRORS) as raised, connect(fresh, readonly=True) as db:
            db.execute(sql)
        errors.append(raised.value)
    assert [missing_table(err) for err in errors] == [True, False]
    assert not missing_table(ValueError("no such table"))


# --- the schema, by several servers at once ---------------------------------------------------------------------
def test_servers_creating_the_schema_at_once_all_succeed(new_location: NewLocation):
    """PostgreSQL's CREATE ... IF NOT EXISTS and CREATE OR REPLACE are not safe against a concurrent create of
    the same name: the advisory lock makes them take turns. SQLite answers "database is locked" at once, without
    waiting, to two connections switching a fresh file to WAL together: a few in a hundred races, so each
    engine races several fresh stores. Run again, the script changes nothing."""
    for _ in range(98 if isinstance(new_location(), Path) else 3):
        fresh = new_location()
        failed: list[BaseException] = []
        barrier = threading.Barrier(4)

        def make(
            where: Location = fresh, barrier: threading.Barrier = barrier, failed: list[BaseException] = failed
        ) -> None:
            barrier.wait()
            try:
                create(where, SQLITE_SCHEMA, PG_SCHEMA, LOCK)
            except BaseException as err:
                failed.append(err)

        threads = [threading.Thread(target=make) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failed == []
        with connect(fresh) as db:
            db.execute("INSERT INTO notes (body) VALUES (?)", ("after",))
        assert bodies(fresh) == ["after"]


# --- PostgreSQL: the password, kept sessions ------------------------------------------------------------------
def test_the_password_is_read_from_the_environment_when_connecting(
    pg_location: Postgres, content_postgres: ContentPostgres, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MISS_DB_PASSWORD", "not-the-password-1234")
    other = Postgres(content_postgres.new_database("store"))
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed") as refused:
        create(other, SQLITE_SCHEMA, PG_SCHEMA, LOCK)
    assert "not-the-password-1234" not in str(refused.value)
    create(other, SQLITE_SCHEMA, PG_SCHEMA, LOCK, env={"MISS_DB_PASSWORD": content_postgres.password})
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"), connect(other):
        pass  # connect reads os.environ, as the servers' steps do
    monkeypatch.setenv("MISS_DB_PASSWORD", content_postgres.password)
    assert bodies(other) == []


def test_the_parameters_of_a_url_reach_the_connection(pg_location: Postgres):
    """The deployment's URLs ask for TLS (`?sslmode=require`, deploy/values-*.yaml): libpq reads a URL's
    parameters, here an application name, and the test server's lack of TLS where it is required."""
    named = Postgres(pg_location.url + "?application_name=miss-store-test&sslmode=disable")
    assert location_from("MISS_NOTES_STORE", ".run/notes.sqlite", {"MISS_NOTES_STORE": named.url}) == named
    with connect(named, readonly=True) as db:
        assert db.execute("SELECT current_setting('application_name')").fetchone()[0] == "miss-store-test"
    with pytest.raises(psycopg2.OperationalError, match="SSL"), connect(Postgres(pg_location.url + "?sslmode=require")):
        pass  # scripts/postgres.py's server has no certificate


def backend_pid(location: Postgres, readonly: bool = False) -> int:
    with connect(location, readonly=readonly) as db:
        return int(db.execute("SELECT pg_backend_pid() AS pid").fetchone()["pid"])


def sessions_of(content_postgres: ContentPostgres, location: Postgres, terminate: bool = False) -> int:
    """How many sessions this process has open on the location's database (ended first when `terminate`)."""
    admin = psycopg2.connect(content_postgres.url("miss"), password=content_postgres.password)
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            select = "pg_terminate_backend(pid)" if terminate else "pid"
            cursor.execute(
                f"SELECT {select} FROM pg_stat_activity WHERE datname = %s AND pid != pg_backend_pid()",
                (location.url.rsplit("/", 1)[1],),
            )
            return cursor.rowcount
    finally:
        admin.close()


def settled_sessions(content_postgres: ContentPostgres, location: Postgres, expected: int) -> int:
    """sessions_of once a session just closed has left the server's list (it leaves a moment after)."""
    deadline = time.monotonic() + 5
    while (found := sessions_of(content_postgres, location)) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_a_session_is_kept_for_the_next_step_and_one_the_server_dropped_is_replaced(
    pg_location: Postgres, content_postgres: ContentPostgres
):
    writer, reader = backend_pid(pg_location), backend_pid(pg_location, readonly=True)
    assert writer != reader  # one kept per mode: a read-only session never writes
    assert backend_pid(pg_location) == writer and backend_pid(pg_location, readonly=True) == reader  # no new connection
    # A restart of the server, or an idle timeout, ends the kept sessions.
    assert sessions_of(content_postgres, pg_location, terminate=True) >= 2
    with connect(pg_location) as db:  # the next steps never see it
        db.execute("INSERT INTO notes (body) VALUES (?)", ("after a restart",))
    assert bodies(pg_location) == ["after a restart"]
    assert backend_pid(pg_location) != writer


def test_a_session_whose_step_the_database_refused_is_not_kept(pg_location: Postgres):
    before = backend_pid(pg_location)
    with pytest.raises(psycopg2.Error, match="notes are kept"), connect(pg_location) as db:
        db.execute("INSERT INTO notes (body) VALUES (?)", ("x",))
        db.execute("DELETE FROM notes")
    assert backend_pid(pg_location) != before  # perhaps broken: closed, a new one instead
    with pytest.raises(LookupError), connect(pg_location) as db:  # the caller's own exception: rolled back, kept
        pid = int(db.execute("SELECT pg_backend_pid()").fetchone()[0])
        raise LookupError
    assert backend_pid(pg_location) == pid


def test_at_most_two_sessions_per_url_and_mode_are_kept(pg_location: Postgres, content_postgres: ContentPostgres):
    with connect(pg_location) as a, connect(pg_location) as b, connect(pg_location) as c:
        for db in (a, b, c):
            db.execute("SELECT 1")
        assert settled_sessions(content_postgres, pg_location, 3) == 3
    assert settled_sessions(content_postgres, pg_location, 2) == sqlite_or_postgres._IdleSessions.IDLE_MAX == 2
