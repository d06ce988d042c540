"""A throw-away PostgreSQL server on loopback (Debian's postgresql-15 package), for the scaled-out set on one
machine (scripts/cluster.py) and for tests that need the real thing (tests/console/test_stream_postgres.py).

Its data lives under a directory of the caller's; it listens on 127.0.0.1 and on a unix socket in that
directory. The one role, `miss`, has the password the caller made up (scram-sha-256 over TCP, as a real
deployment would use), and owns every database created here.

PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROLE = "miss"


def available() -> bool:
    return (PG_BIN / "postgres").exists() and shutil.which("psql") is not None


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class LocalPostgres:
    def __init__(self, data_dir: Path, port: int, password: str) -> None:
        self.dir, self.port, self.password = data_dir.resolve(), port, password

    def start(self, databases: list[str]) -> None:
        """initdb, start, and create `databases` (owned by `miss`). Raises CalledProcessError."""
        self.dir.mkdir(parents=True)
        password_file = self.dir.parent / f"{self.dir.name}-password"
        password_file.write_text(self.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(password_file, "postgres", "postgres")
        password_file.chmod(0o600)
        try:
            self._run(
                PG_BIN / "initdb",
                [
                    *("-D", str(self.dir), "-U", ROLE, "--pwfile", str(password_file)),
                    *("--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8"),
                ],
            )
        finally:
            password_file.unlink()
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._run(
            PG_BIN / "pg_ctl", ["-D", str(self.dir), "-w", "-l", str(self.dir / "server.log"), "-o", options, "start"]
        )
        for name in databases:
            self._run(PG_BIN / "createdb", ["-h", str(self.dir), "-p", str(self.port), "-U", ROLE, name])

    def _run(self, program: Path, args: list[str]) -> None:
        subprocess.run(as_postgres([str(program), *args]), check=True, capture_output=True)

    def stop(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            subprocess.run(
                as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.dir), "-m", "fast", "stop"]), capture_output=True
            )

    def psql(self, sql: str, database: str = "miss") -> list[list[str]]:
        """Rows of a query, run over the unix socket (tab-separated fields)."""
        out = subprocess.run(
            as_postgres(
                [
                    *("psql", "-h", str(self.dir), "-p", str(self.port), "-U", ROLE, "-d", database),
                    *("-At", "-F", "\t", "-c", sql),
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [line.split("\t") for line in out.splitlines() if line]
