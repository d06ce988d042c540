"""The scaled-out assistant on one machine, on loopback: for trying it and for the replica tests.

    nginx :BASE      round-robin over the Rasa replicas (REST, socket.io, channels)
    Rasa  :BASE+1..  replicas; PostgreSQL tracker store, Redis lock store (scripts/endpoints.py)
    nginx :BASE+10   round-robin over the action servers
    actions :BASE+11..
    PostgreSQL :BASE+20, Redis :BASE+21 (Debian's packages; data under the run directory). PostgreSQL holds
                     four databases: `miss` (the tracker store), `miss_events` (the scrubbing event
                     broker every replica writes and the staff console reads; MISS_EVENTS_DB_NAME),
                     `miss_content` (the content store, MISS_CONTENT_STORE, that a staff console started with
                     the cluster's variables writes and every replica reads; docs/console.md) and
                     `miss_handoff` (the live handoffs, MISS_HANDOFF_STORE: the action servers request, the
                     console takes and closes, every replica reads; docs/handoff.md)

    python -m scripts.cluster [--base-port 5200] [--rasa 2] [--actions 2]    # `make cluster`; Ctrl-C stops

The database password is MISS_DB_PASSWORD when that is set (then a staff console started beside the
cluster with the same variables reads its stream), otherwise made up at each start; either way it reaches
Rasa in the environment only (scripts/postgres.py runs the server).
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
from addons.handoff import store as handoff_store
from scripts import endpoints, postgres, processes
from scripts.local_servers import MODEL, STARTUP_SECONDS
from scripts.processes import ROOT, http_ok, port_open
from scripts.replicas import missing_tools, nginx_command, nginx_conf, redis_command

CONTENT_DB = "miss_content"  # the content store: its own database, the servers never touch the tracker's for it
HANDOFF_DB = "miss_handoff"  # the live handoffs: likewise its own (docs/handoff.md)
LOCK_LIFETIME_SECONDS = 5  # a dead replica's lock on a conversation frees after this (a turn takes < 2.5 s)


class Cluster:
    def __init__(self, base_port: int, run_dir: Path, rasa_replicas: int = 2, action_replicas: int = 2) -> None:
        self.base_port, self.run_dir = base_port, run_dir.resolve()
        self.rasa_ports = [base_port + 1 + i for i in range(rasa_replicas)]
        self.action_ports = [base_port + 11 + i for i in range(action_replicas)]
        self.front = f"http://127.0.0.1:{base_port}"
        self.action_front_port = base_port + 10
        self.pg_port, self.redis_port = base_port + 20, base_port + 21
        self.pg_dir = self.run_dir / "postgres"
        # Yours when MISS_DB_PASSWORD is set, so that a staff console started beside the cluster with the
        # same variable reads its event stream (docs/console.md); otherwise made up, never written down.
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
            "MISS_EVENTS_DB_NAME": "miss_events",
            "MISS_DB_USER": "miss",
            "MISS_DB_PASSWORD": self.db_password,
            "MISS_REDIS_HOST": "127.0.0.1",
            "MISS_REDIS_PORT": str(self.redis_port),
            "MISS_ACTION_URL": f"http://127.0.0.1:{self.action_front_port}/webhook",
            "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS),
            "CHANNEL_STATE_DB": str(self.run_dir / "channel-state.sqlite"),
            # Approved content reaches every replica from here; the password is MISS_DB_PASSWORD's, never in it.
            "MISS_CONTENT_STORE": f"postgresql://miss@127.0.0.1:{self.pg_port}/{CONTENT_DB}",
            # Requests for a person, taken on any console, keep every replica quiet; same password rule.
            "MISS_HANDOFF_STORE": f"postgresql://miss@127.0.0.1:{self.pg_port}/{HANDOFF_DB}",
        }
        self.endpoints = self.run_dir / "endpoints.yml"
        self.events_db = self.env["MISS_EVENTS_DB_NAME"]
        self.postgres = postgres.LocalPostgres(self.pg_dir, self.pg_port, self.db_password)

    # --- start -----------------------------------------------------------------------------------
    def start(self) -> None:
        if not MODEL.exists():
            raise RuntimeError("no trained model: run `make train` first")
        if missing_tools():
            raise RuntimeError(
                f"{' and '.join(missing_tools())} needed: apt-get install -y redis-server nginx postgresql"
            )
        if not postgres.available():
            raise RuntimeError("PostgreSQL 15 is needed: apt-get install -y postgresql")
        if port_open(self.base_port):
            raise RuntimeError(f"port {self.base_port} is taken: is a cluster already running there?")
        if self.run_dir.exists():
            self._stop_postgres()  # left running by a run that was killed
            shutil.rmtree(self.run_dir)
        (self.run_dir / "nginx-tmp").mkdir(parents=True)
        try:
            # The databases exist before any replica starts: Rasa creates tables, not databases.
            self.postgres.start([self.env["MISS_DB_NAME"], self.events_db, CONTENT_DB, HANDOFF_DB])
        except subprocess.CalledProcessError as err:
            raise RuntimeError(f"PostgreSQL did not start: {err.stderr!r}; see {self.pg_dir}") from err
        # Their tables before any server starts: a reader never creates them, and one that found no table
        # would log a warning at every poll until a console made it.
        content_store.create(content_store.store_location(self.env), self.env)
        handoff_store.create(handoff_store.store_location(self.env), self.env)
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
        self.postgres.stop()

    def psql(self, sql: str, database: str | None = None) -> list[list[str]]:
        """Rows of a query over the unix socket (tab-separated fields); the tracker store's database unless
        `database` (e.g. `self.events_db`, the console's event stream) is named."""
        return self.postgres.psql(sql, database or self.env["MISS_DB_NAME"])


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
            f"  Staff console (with the MISS_DB_PASSWORD this was started with): .venv/bin/python -m "
            f"scripts.web_server --port 8080 --rasa-url {cluster.front} --endpoints {cluster.endpoints}\n"
            f"  Content store: MISS_CONTENT_STORE={cluster.env['MISS_CONTENT_STORE']} (a console started with it\n"
            f"  and the same MISS_DB_PASSWORD edits what every replica serves)\n"
            f"  Live handoff: MISS_HANDOFF_STORE={cluster.env['MISS_HANDOFF_STORE']} (the console's inbox takes\n"
            f"  what the action servers request; every replica goes quiet while staff have a conversation)\n"
            f"  Ctrl-C stops everything (the database is thrown away)."
        )

    return processes.serve(start, lambda: [*cluster.rasa.values(), *cluster.others], cluster.stop, f"{args.run_dir}/")


if __name__ == "__main__":
    sys.exit(main())
