"""Start the real action server and Rasa server (REST channel) on spare ports for end-to-end tests."""
from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "miss-assistant.tar.gz"
RASA_PORT = int(os.environ.get("E2E_RASA_PORT", "5105"))
ACTION_PORT = int(os.environ.get("E2E_ACTION_PORT", "5155"))
LOG_DIR = ROOT / ".run" / "e2e"
STARTUP_SECONDS = 240


def _get_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except Exception:
        return False


class Servers:
    """The two processes; `post` talks to the REST channel like a client would."""

    def __init__(self) -> None:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.endpoints = LOG_DIR / "endpoints.yml"
        self.endpoints.write_text(
            (ROOT / "endpoints.yml").read_text().replace("localhost:5055", f"localhost:{ACTION_PORT}"))
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
        self.actions: Optional[subprocess.Popen] = None
        self.rasa: Optional[subprocess.Popen] = None
        self.base = f"http://localhost:{RASA_PORT}"

    def _spawn(self, args: List[str], log_name: str) -> subprocess.Popen:
        log = open(LOG_DIR / log_name, "w")
        return subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def start_actions(self) -> None:
        self.actions = self._spawn([str(ROOT / ".venv/bin/rasa"), "run", "actions", "--actions", "actions",
                                    "--port", str(ACTION_PORT)], "actions.log")

    def start(self) -> None:
        if not MODEL.exists():
            pytest.fail("no trained model: run `make train` first")
        self.start_actions()
        self.rasa = self._spawn([str(ROOT / ".venv/bin/rasa"), "run", "--model", str(MODEL), "--port",
                                 str(RASA_PORT), "--credentials", "credentials.yml", "--endpoints",
                                 str(self.endpoints)], "rasa.log")
        deadline = time.time() + STARTUP_SECONDS
        while time.time() < deadline:
            if _get_ok(f"{self.base}/webhooks/rest/") and _get_ok(f"http://localhost:{ACTION_PORT}/health"):
                return
            for proc in (self.actions, self.rasa):
                if proc.poll() is not None:
                    pytest.fail(f"a server exited at start-up; see {LOG_DIR}")
            time.sleep(1)
        pytest.fail(f"servers not ready after {STARTUP_SECONDS}s; see {LOG_DIR}")

    def stop_actions(self) -> None:
        if self.actions and self.actions.poll() is None:
            self.actions.terminate()
            self.actions.wait(timeout=30)

    def stop(self) -> None:
        for proc in (self.rasa, self.actions):
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()

    def post_raw(self, body: bytes) -> Tuple[int, Any, float]:
        request = urllib.request.Request(f"{self.base}/webhooks/rest/webhook", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"null"), time.perf_counter() - started
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null"), time.perf_counter() - started

    def say(self, text: str, sender: Optional[str] = None) -> List[Dict[str, Any]]:
        status, reply, _ = self.post_raw(json.dumps({"sender": sender or new_sender(), "message": text}).encode())
        assert status == 200, (status, reply)
        return reply


def new_sender() -> str:
    return "e2e-" + uuid.uuid4().hex[:12]


def topics(reply: List[Dict[str, Any]]) -> List[str]:
    return [m["custom"]["topic"] for m in reply if isinstance(m.get("custom"), dict) and "topic" in m["custom"]]


def text(reply: List[Dict[str, Any]]) -> str:
    return " ".join(m.get("text", "") for m in reply)


@pytest.fixture(scope="session")
def servers():
    running = Servers()
    running.start()
    yield running
    running.stop()
