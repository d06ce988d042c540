"""Start the real action server and Rasa server (REST channel) on given ports: for the end-to-end
tests, the evaluation and the benchmarks.

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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts import processes
from scripts.credentials import write as write_credentials
from scripts.endpoints import write as write_endpoints
from scripts.processes import ROOT, http_ok

MODEL = ROOT / "models" / "miss-assistant.tar.gz"
STARTUP_SECONDS = 240


class Servers:
    """The two processes; `say` talks to the REST channel like a client would."""

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
    ) -> None:
        """`web_origins`: web pages allowed to use the socket.io channel from a browser (the browser
        tests' static server); Rasa gets them as `--cors` and $MISS_WEB_ORIGINS (addons/channels/web_socketio.py).
        `api_token` (and `api_jwt_secret`): switch Rasa's HTTP API on behind them, as scripts/run.sh does with
        $MISS_API_TOKEN ($MISS_API_JWT_SECRET); without them the API stays off. `env`: more variables for both
        servers (e.g. the MISS_RATE_* limits of addons/rate_limit.py)."""
        self.rasa_port, self.action_port, self.log_dir = rasa_port, action_port, log_dir
        self.web_origins = list(web_origins or [])
        log_dir.mkdir(parents=True, exist_ok=True)
        self.endpoints = log_dir / "endpoints.yml"
        self.database = log_dir / "conversations.sqlite"
        # The default storage (SQLite), never a developer's MISS_* settings: only these two are given.
        write_endpoints(
            self.endpoints,
            {"MISS_ACTION_URL": f"http://localhost:{action_port}/webhook", "MISS_SQLITE_PATH": str(self.database)},
        )
        self.channel_env = dict(channel_env or {})
        # The effective credentials: credentials.yml plus the channels switched on by channel_env only.
        self.credentials = log_dir / "credentials.yml"
        write_credentials(self.credentials, self.channel_env)
        self.env = {
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
        self.actions: subprocess.Popen | None = None
        self.rasa: subprocess.Popen | None = None
        self.base = f"http://localhost:{rasa_port}"

    def _spawn(self, args: list[str], log_name: str) -> subprocess.Popen:
        return processes.spawn(args, self.log_dir / log_name, self.env)

    def start_actions(self) -> None:
        self.actions = self._spawn(
            [str(ROOT / ".venv/bin/rasa"), "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
            "actions.log",
        )

    def launch(self) -> None:
        """Start the processes without waiting for them (the bench times them to their first answer)."""
        if not MODEL.exists():
            raise RuntimeError("no trained model: run `make train` first")
        self.start_actions()
        self._start_rasa()

    def start(self) -> None:
        self.launch()
        self.wait_until_ready()

    @property
    def all_processes(self) -> list[subprocess.Popen | None]:
        return [self.rasa, self.actions]

    def _start_rasa(self) -> None:
        # with the API: scripts/rasa_run.py adds --enable-api and the secrets from the environment; both
        # commands install the project's patches to Rasa first (addons/rasa_server.py)
        rasa_run = (
            [str(ROOT / ".venv/bin/python"), "-m", "scripts.rasa_run"]
            if self.api
            else [str(ROOT / ".venv/bin/python"), "-m", "addons.rasa_server", "run"]
        )
        self.rasa = self._spawn(
            [
                *rasa_run,
                "--model",
                str(MODEL),
                "--port",
                str(self.rasa_port),
                "--credentials",
                str(self.credentials),
                "--endpoints",
                str(self.endpoints),
                "--interface",
                "127.0.0.1",
                *self._cors_args(),
            ],
            "rasa.log",
        )

    def wait_until_ready(self) -> None:
        processes.wait_until(
            lambda: http_ok(f"{self.base}/webhooks/rest/") and http_ok(f"http://localhost:{self.action_port}/health"),
            f"servers logging to {self.log_dir}",
            STARTUP_SECONDS,
            watch=self.all_processes,
        )

    def _cors_args(self) -> list[str]:
        return ["--cors", *self.web_origins] if self.web_origins else []

    def restart_rasa(self) -> None:
        """Stop the Rasa server and start it again on the same port and database."""
        processes.stop([self.rasa], timeout=60)
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
