"""The scaled-out assistant on one machine, on loopback: for trying it and for the replica tests.

    nginx :BASE      round-robin over the Rasa replicas (REST, socket.io, channels)
    Rasa  :BASE+1..  replicas; PostgreSQL tracker store, Redis lock store (scripts/endpoints.py)
    nginx :BASE+10   round-robin over the action servers
    actions :BASE+11..
    PostgreSQL :BASE+20, Redis :BASE+21 (Debian's packages; data under the run directory); its database
                     `miss_content` is the content store (MISS_CONTENT_STORE) that a staff console started
                     with the cluster's variables writes and every replica reads (docs/console.md)

    python -m scripts.cluster [--base-port 5200] [--rasa 2] [--actions 2]    # `make cluster`; Ctrl-C stops

PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user. The database
password is MISS_DB_PASSWORD when that is set, otherwise made up at each start; either way it is handed to
the servers in the environment only.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from actions import content_store
from scripts import endpoints, processes
from scripts.local_servers import MODEL, STARTUP_SECONDS
from scripts.processes import ROOT, http_ok, port_open
from scripts.replicas import missing_tools, nginx_command, nginx_conf, redis_command

PG_BIN = Path("/usr/lib/postgresql/15/bin")
CONTENT_DB = "miss_content"  # the content store: its own database, the servers never touch the tracker's for it
LOCK_LIFETIME_SECONDS = 5  # a dead replica's lock on a conversation frees after this (a turn takes < 2.5 s)


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    def __init__(self, base_port: int, run_dir: Path, rasa_replicas: int = 2, action_replicas: int = 2) -> None:
        self.base_port, self.run_dir = base_port, run_dir.resolve()
        self.rasa_ports = [base_port + 1 + i for i in range(rasa_replicas)]
        self.action_ports = [base_port + 11 + i for i in range(action_replicas)]
        self.front = f"http://127.0.0.1:{base_port}"
        self.action_front_port = base_port + 10
        self.pg_port, self.redis_port = base_port + 20, base_port + 21
        self.pg_dir = self.run_dir / "postgres"
        # MISS_DB_PASSWORD when set, so that a staff console started beside the cluster with the same variables
        # can write its content store; otherwise made up at each start and never written down.
        self.db_password = os.environ.get("MISS_DB_PASSWORD") or secrets.token_urlsafe(18)
        self.rasa: dict[int, subprocess.Popen] = {}
        self.others: list[subprocess.Popen] = []
        self.env: dict[str, str] = {
            **os.environ,
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SANIC_HOST": "127.0.0.1",
            "MISS_TRACKER_DIALECT": "postgresql",
            "MISS_DB_HOST": "127.0.0.1",
            "MISS_DB_PORT": str(self.pg_port),
            "MISS_DB_NAME": "miss",
            "MISS_DB_USER": "miss",
            "MISS_DB_PASSWORD": self.db_password,
            "MISS_REDIS_HOST": "127.0.0.1",
            "MISS_REDIS_PORT": str(self.redis_port),
            "MISS_ACTION_URL": f"http://127.0.0.1:{self.action_front_port}/webhook",
            "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS),
            "CHANNEL_STATE_DB": str(self.run_dir / "channel-state.sqlite"),
            # Approved content reaches every replica from here; the password is MISS_DB_PASSWORD's, never in it.
            "MISS_CONTENT_STORE": f"postgresql://miss@127.0.0.1:{self.pg_port}/{CONTENT_DB}",
        }
        self.endpoints = self.run_dir / "endpoints.yml"

    # --- start -----------------------------------------------------------------------------------
    def start(self) -> None:
        if not MODEL.exists():
            raise RuntimeError("no trained model: run `make train` first")
        if missing_tools():
            raise RuntimeError(
                f"{' and '.join(missing_tools())} needed: apt-get install -y redis-server nginx postgresql"
            )
        if not (PG_BIN / "postgres").exists():
            raise RuntimeError("PostgreSQL 15 is needed: apt-get install -y postgresql")
        if port_open(self.base_port):
            raise RuntimeError(f"port {self.base_port} is taken: is a cluster already running there?")
        if self.run_dir.exists():
            self._stop_postgres()  # left running by a run that was killed
            shutil.rmtree(self.run_dir)
        (self.run_dir / "nginx-tmp").mkdir(parents=True)
        try:
            self._start_postgres()
        except subprocess.CalledProcessError as err:
            raise RuntimeError(f"PostgreSQL did not start: {err.stderr!r}; see {self.pg_dir}") from err
        self._create_content_store()
        self._spawn(redis_command(self.redis_port), "redis.log")
        endpoints.write(self.endpoints, self.env)
        (self.run_dir / "nginx.conf").write_text(
            nginx_conf(self.run_dir, self.base_port, self.rasa_ports, (self.action_front_port, self.action_ports))
        )
        self._spawn(nginx_command(self.run_dir), "nginx.log")
        for port in self.action_ports:
            self._spawn(
                [str(ROOT / ".venv/bin/rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
                f"actions-{port}.log",
            )
        for port in self.rasa_ports:
            self.start_rasa(port)
        self.wait_until_ready()

    def _start_postgres(self) -> None:
        self.pg_dir.mkdir()
        password_file = self.run_dir / "pg-password"
        password_file.write_text(self.db_password + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.pg_dir, "postgres", "postgres")
            shutil.chown(password_file, "postgres", "postgres")
        password_file.chmod(0o600)
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.pg_dir),
                    "-U",
                    "miss",
                    "--pwfile",
                    str(password_file),
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        password_file.unlink()
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.pg_dir),
                    "-w",
                    "-l",
                    str(self.pg_dir / "server.log"),
                    "-o",
                    f"-p {self.pg_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1 -c max_connections=100",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "createdb"), "-h", str(self.pg_dir), "-p", str(self.pg_port), "-U", "miss", "miss"]
            ),
            check=True,
            capture_output=True,
        )

    def _create_content_store(self) -> None:
        """Its database and table before any server starts: a reader never creates it, and one that found
        no table would log a warning at every poll until a console made it."""
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "createdb"), "-h", str(self.pg_dir), "-p", str(self.pg_port), "-U", "miss", CONTENT_DB]
            ),
            check=True,
            capture_output=True,
        )
        content_store.create(content_store.store_location(self.env), self.env)

    def _spawn(self, args: list[str], log_name: str) -> subprocess.Popen:
        proc = processes.spawn(args, self.run_dir / log_name, self.env)
        self.others.append(proc)
        return proc

    def start_rasa(self, port: int) -> None:
        self.rasa[port] = processes.spawn(
            [
                str(ROOT / ".venv/bin/python"),
                "-m",
                "addons.rasa_server",  # `rasa run` with the project's patches to Rasa
                "run",
                "--model",
                str(MODEL),
                "--port",
                str(port),
                "--interface",
                "127.0.0.1",
                "--credentials",
                str(ROOT / "credentials.yml"),
                "--endpoints",
                str(self.endpoints),
            ],
            self.run_dir / f"rasa-{port}.log",
            self.env,
        )

    def wait_until_ready(self, ports: list[int] | None = None) -> None:
        urls = [f"http://127.0.0.1:{p}/webhooks/rest/" for p in ports or self.rasa_ports]
        urls += [f"http://127.0.0.1:{p}/health" for p in self.action_ports]
        processes.wait_until(
            lambda: all(http_ok(url) for url in urls),
            f"cluster logging to {self.run_dir}",
            STARTUP_SECONDS,
            watch=[*self.rasa.values(), *self.others],
        )

    # --- faults and stop -------------------------------------------------------------------------
    def kill_rasa(self, port: int) -> None:
        """SIGKILL: the replica dies with whatever it was doing, as in a crash or an OOM kill."""
        self.rasa[port].kill()
        self.rasa[port].wait()

    def stop(self) -> None:
        processes.stop([*self.rasa.values(), *self.others])
        self._stop_postgres()

    def _stop_postgres(self) -> None:
        if (self.pg_dir / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir), "-m", "fast", "stop"]),
                capture_output=True,
            )

    def psql(self, sql: str) -> list[list[str]]:
        """Rows of a query, run over the unix socket (tab-separated fields)."""
        out = subprocess.run(
            _as_postgres(
                [
                    "psql",
                    "-h",
                    str(self.pg_dir),
                    "-p",
                    str(self.pg_port),
                    "-U",
                    "miss",
                    "-d",
                    "miss",
                    "-At",
                    "-F",
                    "\t",
                    "-c",
                    sql,
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [line.split("\t") for line in out.splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-port", type=int, default=5200)
    parser.add_argument("--rasa", type=int, default=2, help="Rasa server replicas")
    parser.add_argument("--actions", type=int, default=2, help="action server replicas")
    parser.add_argument("--run-dir", type=Path, default=ROOT / ".run" / "cluster")
    args = parser.parse_args(argv)
    cluster = Cluster(args.base_port, args.run_dir, args.rasa, args.actions)

    def start() -> None:
        print(
            f"Starting PostgreSQL, Redis, nginx, {args.actions} action servers and {args.rasa} Rasa replicas "
            f"(about a minute)... logs in {args.run_dir}/"
        )
        cluster.start()
        print(
            f"\nReady. REST through nginx: POST {cluster.front}/webhooks/rest/webhook\n"
            f"  {endpoints.describe(endpoints.effective(cluster.env))}\n"
            f"  Rasa replicas on {cluster.rasa_ports}, action servers on {cluster.action_ports}\n"
            f"  Content store: MISS_CONTENT_STORE={cluster.env['MISS_CONTENT_STORE']} (a console started with it\n"
            f"  and the same MISS_DB_PASSWORD edits what every replica serves)\n"
            f"  Ctrl-C stops everything (the database is thrown away)."
        )

    return processes.serve(start, lambda: [*cluster.rasa.values(), *cluster.others], cluster.stop, f"{args.run_dir}/")


if __name__ == "__main__":
    sys.exit(main())
