"""Start the real action server and Rasa server (REST channel) on given ports: for the end-to-end
tests, the evaluation and the benchmarks; with `replicas=2`, two Rasa servers behind nginx, as `make run`
starts them (scripts/run.sh).

Messaging channels are opened only when asked for with `channel_env` (the variables of
docs/channels.md): the servers never pick up a developer's real platform secrets from the environment,
so no test can reach a real platform.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scripts import processes
from scripts.credentials import write as write_credentials
from scripts.endpoints import describe as describe_endpoints
from scripts.endpoints import write as write_endpoints
from scripts.processes import ROOT, http_ok
from scripts.replicas import missing_tools, nginx_command, nginx_conf, redis_command

MODEL = ROOT / "models" / "miss-assistant.tar.gz"
STARTUP_SECONDS = 240


def default_replicas(env: Mapping[str, str] = os.environ) -> int:
    """How many Rasa servers `make run` and `make bench` start: $MISS_RASA_REPLICAS, else 2 on a machine
    of two or more cores where nginx and redis-server are installed (one Rasa server keeps one core busy
    at most; `make bench` measured 2 against 1), else 1."""
    raw = env.get("MISS_RASA_REPLICAS", "").strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise ValueError(f"MISS_RASA_REPLICAS={raw!r} must be a whole number of at least 1")
        return int(raw)
    return 2 if (os.cpu_count() or 1) >= 2 and not missing_tools() else 1


class Servers:
    """The action server and the Rasa server(s); `say` talks to the REST channel like a client would."""

    def __init__(
        self,
        rasa_port: int,
        action_port: int,
        log_dir: Path,
        channel_env: dict[str, str] | None = None,
        web_origins: Sequence[str] | None = None,
        api_token: str | None = None,
        api_jwt_secret: str | None = None,
        env: dict[str, str] | None = None,
        replicas: int = 1,
        storage_env: Mapping[str, str] | None = None,
        interface: str = "127.0.0.1",
        model: Path = MODEL,
    ) -> None:
        """`web_origins`: web pages allowed to use the socket.io channel from a browser (the browser
        tests' static server); Rasa gets them as `--cors` and $MISS_WEB_ORIGINS (addons/channels/web_socketio.py).
        `api_token` (and `api_jwt_secret`): switch Rasa's HTTP API on behind them, as scripts/run.sh does with
        $MISS_API_TOKEN ($MISS_API_JWT_SECRET); without them the API stays off. `env`: more variables for both
        servers (e.g. the MISS_RATE_* limits of addons/rate_limit.py). `storage_env`: the MISS_* variables of
        scripts/endpoints.py (`make run` passes its environment); without them, SQLite in `log_dir`.
        `interface`: where `rasa_port` listens (everything else listens on loopback only). `model`: the
        trained model to serve.

        `replicas` > 1: that many Rasa servers on the ports after `rasa_port` (loopback only), nginx on
        `rasa_port` in front of them (scripts/replicas.py), all sharing the one tracker store, with each
        conversation's lock in Redis (MISS_REDIS_HOST of `storage_env`, else a Redis of their own on the port
        after the replicas'), since Rasa's in-process lock cannot keep two processes from handling one
        conversation's messages at once. Rasa's event loop is one thread: one server keeps one core busy at
        most, so two use a machine of two."""
        self.rasa_port, self.action_port, self.log_dir, self.interface = rasa_port, action_port, log_dir, interface
        self.model = model
        self.replica_ports = [rasa_port] if replicas == 1 else [rasa_port + 1 + i for i in range(replicas)]
        self.web_origins = list(web_origins or [])
        log_dir.mkdir(parents=True, exist_ok=True)
        self.endpoints = log_dir / "endpoints.yml"
        self.database = log_dir / "conversations.sqlite"
        # SQLite in log_dir unless storage_env says otherwise: never a developer's MISS_* settings by accident
        storage = {
            "MISS_ACTION_URL": f"http://localhost:{action_port}/webhook",
            "MISS_SQLITE_PATH": str(self.database),
            **(storage_env or {}),
        }
        self.redis_port = rasa_port + replicas + 1 if replicas > 1 and not storage.get("MISS_REDIS_HOST") else None
        if self.redis_port:
            storage.update(MISS_REDIS_HOST="127.0.0.1", MISS_REDIS_PORT=str(self.redis_port))
        self.storage = describe_endpoints(write_endpoints(self.endpoints, storage))
        self.channel_env = dict(channel_env or {})
        # The effective credentials: credentials.yml plus the channels switched on by channel_env only.
        self.credentials = log_dir / "credentials.yml"
        self.channels = write_credentials(self.credentials, self.channel_env)
        self.env = {
            # glibc gives each thread of TensorFlow and Sanic its own malloc arena by default (8 per core);
            # their unreturned free pages grow each server's memory under load. Two arenas keep it flat.
            "MALLOC_ARENA_MAX": "2",
            **os.environ,
            **self.channel_env,
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "CHANNEL_STATE_DB": str(log_dir / "channel-state.sqlite"),
            "SANIC_HOST": "127.0.0.1",
            **(env or {}),
        }  # the action server listens on loopback only
        self.api = bool(api_token or api_jwt_secret)
        if self.api:  # read by scripts/rasa_run.py: never on the command line
            self.env.update({"MISS_API_TOKEN": api_token or "", "MISS_API_JWT_SECRET": api_jwt_secret or ""})
        if self.web_origins:
            self.env["MISS_WEB_ORIGINS"] = " ".join(self.web_origins)
        if replicas > 1:  # the client's address is what nginx on this machine puts in X-Forwarded-For
            self.env.setdefault("MISS_TRUST_PROXY", "1")
            # socket.io between the replicas through their Redis: a staff reply sent on one reaches the
            # patient's socket on the other (live handoff; addons/channels/web_socketio.client_manager)
            redis_host, redis_port = storage.get("MISS_REDIS_HOST"), storage.get("MISS_REDIS_PORT", "6379")
            if redis_host:
                self.env.setdefault("MISS_SOCKETIO_REDIS_URL", f"redis://{redis_host}:{redis_port}/0")
        self.actions: subprocess.Popen | None = None
        self.replicas: dict[int, subprocess.Popen] = {}
        self.front: list[subprocess.Popen] = []  # Redis and nginx, with replicas
        self.base = f"http://localhost:{rasa_port}"

    # False where a test's stand-in already listens on the action port (tests/e2e's slow action server)
    runs_action_server = True

    @property
    def ports(self) -> list[int]:
        """Every port these servers will listen on (not a stand-in's, which is meant to be there)."""
        actions = [self.action_port] if self.runs_action_server else []
        return sorted({self.rasa_port, *self.replica_ports, *actions, *([self.redis_port] if self.redis_port else [])})

    @property
    def rasa(self) -> subprocess.Popen | None:
        """The (first) Rasa server."""
        return self.replicas.get(self.replica_ports[0])

    def _spawn(self, args: list[str], log_name: str) -> subprocess.Popen:
        return processes.spawn(args, self.log_dir / log_name, self.env)

    def start_actions(self) -> None:
        self.actions = self._spawn(
            [str(ROOT / ".venv/bin/rasa"), "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
            "actions.log",
        )

    def launch(self) -> None:
        """Start the processes without waiting for them (the bench times them to their first answer)."""
        if not self.model.exists():
            raise RuntimeError(f"no trained model at {self.model}: run `make train` first")
        # A server already listening there (a developer's, another suite's) would answer in place of ours,
        # and a measurement or test would report on the wrong model without a word.
        busy = [port for port in self.ports if processes.port_open(port)]
        if busy:
            raise RuntimeError(f"port(s) {', '.join(map(str, busy))} already in use: stop what listens there first")
        replicated = len(self.replica_ports) > 1
        if replicated and missing_tools(("nginx", "redis-server") if self.redis_port else ("nginx",)):
            raise RuntimeError(
                f"{' and '.join(missing_tools())} needed for Rasa replicas: apt-get install -y nginx redis-server"
            )
        if self.runs_action_server:
            self.start_actions()
        if self.redis_port:
            self.front.append(self._spawn(redis_command(self.redis_port), "redis.log"))
        self._start_rasa()
        if replicated:
            run_dir = self.log_dir.resolve()
            conf = nginx_conf(run_dir, self.rasa_port, self.replica_ports, listen=self.interface)
            (run_dir / "nginx.conf").write_text(conf)
            self.front.append(self._spawn(nginx_command(run_dir), "nginx.log"))

    def start(self) -> None:
        self.launch()
        self.wait_until_ready()

    @property
    def all_processes(self) -> list[subprocess.Popen | None]:
        return [*self.replicas.values(), self.actions, *self.front]

    def _start_rasa(self) -> None:
        # with the API: scripts/rasa_run.py adds --enable-api and the secrets from the environment; both
        # commands install the project's patches to Rasa first (addons/rasa_server.py)
        rasa_run = (
            [str(ROOT / ".venv/bin/python"), "-m", "scripts.rasa_run"]
            if self.api
            else [str(ROOT / ".venv/bin/python"), "-m", "addons.rasa_server", "run"]
        )
        for port in self.replica_ports:
            self.replicas[port] = self._spawn(
                [
                    *rasa_run,
                    "--model",
                    str(self.model),
                    "--port",
                    str(port),
                    "--credentials",
                    str(self.credentials),
                    "--endpoints",
                    str(self.endpoints),
                    "--interface",
                    self.interface if port == self.rasa_port else "127.0.0.1",  # replicas: behind nginx only
                    *self._cors_args(),
                ],
                "rasa.log" if len(self.replica_ports) == 1 else f"rasa-{port}.log",
            )

    def wait_until_ready(self) -> None:
        urls = [f"http://127.0.0.1:{port}/webhooks/rest/" for port in {self.rasa_port, *self.replica_ports}]
        urls.append(f"http://localhost:{self.action_port}/health")
        processes.wait_until(
            lambda: all(http_ok(url) for url in urls),
            f"servers logging to {self.log_dir}",
            STARTUP_SECONDS,
            watch=self.all_processes,
        )

    def _cors_args(self) -> list[str]:
        return ["--cors", *self.web_origins] if self.web_origins else []

    def restart_rasa(self) -> None:
        """Stop the Rasa server(s) and start them again on the same ports and database."""
        processes.stop(self.replicas.values(), timeout=60)
        self._start_rasa()
        self.wait_until_ready()

    def stop_actions(self) -> None:
        processes.stop([self.actions])

    def stop(self) -> None:
        processes.stop(self.all_processes)

    def post_raw(self, body: bytes) -> tuple[int, Any, float]:
        request = urllib.request.Request(
            f"{self.base}/webhooks/rest/webhook", data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"null"), time.perf_counter() - started
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null"), time.perf_counter() - started

    def say(self, text: str, sender: str | None = None) -> list[dict[str, Any]]:
        status, reply, _ = self.post_raw(json.dumps({"sender": sender or new_sender(), "message": text}).encode())
        if status != 200:
            raise AssertionError(f"HTTP {status}: {reply}")
        messages: list[dict[str, Any]] = reply
        return messages


def new_sender() -> str:
    return "e2e-" + uuid.uuid4().hex[:12]
