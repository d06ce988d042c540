"""A local stand-in for the platforms' APIs (Twilio, Telegram, Slack, Graph API for Messenger).

It listens on loopback only, checks the credentials each platform would check (basic auth, bot token
in the path, bearer token, access_token), answers the way the platform does closely enough for the
SDKs to accept it, and records every request, so the tests see exactly what a platform would receive.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TELEGRAM = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")
SLACK = re.compile(r"^/api/(?P<method>[\w.]+)$")
TWILIO = re.compile(r"^/2010-04-01/Accounts/(?P<sid>\w+)/Messages\.json$")
GRAPH = re.compile(r"^(?:/v[\d.]+)?/me/messages$")


@dataclass
class Call:
    platform: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]
    at: float = field(default_factory=time.time)

    @property
    def recipient(self) -> str | None:
        if self.platform == "telegram":
            return str(self.body.get("chat_id"))
        if self.platform == "slack":
            return self.body.get("channel")
        if self.platform == "twilio":
            return self.body.get("To")
        if self.platform == "facebook":
            return str((self.body.get("recipient") or {}).get("id"))
        return None


@dataclass
class Secrets:
    twilio_sid: str
    twilio_token: str
    telegram_token: str
    slack_token: str
    facebook_token: str


class PlatformStub:
    def __init__(self, port: int, secrets: Secrets) -> None:
        self.port, self.secrets = port, secrets
        self.calls: list[Call] = []
        self.refused: list[tuple[str, str]] = []  # (path, reason): requests with wrong credentials
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> PlatformStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # What the tests read ---------------------------------------------------------------------------

    def sent(self, platform: str, recipient: str, method: str | None = None) -> list[Call]:
        """The messages sent to one recipient, in the order the platform received them."""
        sending = {
            "telegram": "sendMessage",
            "slack": "chat.postMessage",
            "twilio": "Messages.json",
            "facebook": "me/messages",
        }
        with self._lock:
            return [
                c
                for c in self.calls
                if c.platform == platform and c.recipient == recipient and c.method == (method or sending[platform])
            ]

    def wait_sent(
        self, platform: str, recipient: str, at_least: int = 1, timeout: float = 20.0, quiet: float = 0.7
    ) -> list[Call]:
        """Wait until at least `at_least` messages arrived and then none for `quiet` seconds."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            calls = self.sent(platform, recipient)
            if len(calls) >= at_least and time.time() - calls[-1].at >= quiet:
                return calls
            time.sleep(0.05)
        return self.sent(platform, recipient)

    def calls_to(self, platform: str, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.platform == platform and c.method == method]

    # Serving ---------------------------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def _refuse(self, path: str, reason: str) -> None:
        with self._lock:
            self.refused.append((path, reason))

    def _route(
        self, path: str, query: dict[str, str], headers: dict[str, str], body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        s = self.secrets
        if m := TELEGRAM.match(path):
            if m["token"] != s.telegram_token:
                self._refuse(path, "telegram token")
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            self._record(Call("telegram", m["method"], path, query, headers, body))
            if m["method"] == "sendMessage":
                chat = {"id": int(body["chat_id"]), "type": "private"}
                return 200, {
                    "ok": True,
                    "result": {
                        "message_id": len(self.calls),
                        "date": int(time.time()),
                        "chat": chat,
                        "text": body.get("text", ""),
                    },
                }
            if m["method"] == "getMe":
                return 200, {
                    "ok": True,
                    "result": {"id": 1, "is_bot": True, "first_name": "Clinic", "username": "clinic_bot"},
                }
            return 200, {"ok": True, "result": True}
        if m := SLACK.match(path):
            if headers.get("authorization") != f"Bearer {s.slack_token}":
                self._refuse(path, "slack token")
                return 200, {"ok": False, "error": "invalid_auth"}
            self._record(Call("slack", m["method"], path, query, headers, body))
            return 200, {
                "ok": True,
                "channel": body.get("channel"),
                "ts": f"{time.time():.6f}",
                "message": {"text": body.get("text")},
            }
        if m := TWILIO.match(path):
            expected = "Basic " + base64.b64encode(f"{s.twilio_sid}:{s.twilio_token}".encode()).decode()
            if m["sid"] != s.twilio_sid or headers.get("authorization") != expected:
                self._refuse(path, "twilio auth")
                return 401, {"code": 20003, "message": "Authenticate", "status": 401}
            self._record(Call("twilio", "Messages.json", path, query, headers, body))
            return 201, {
                "sid": f"SM{len(self.calls):032d}",
                "account_sid": s.twilio_sid,
                "to": body.get("To"),
                "from": body.get("From"),
                "body": body.get("Body"),
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
            }
        if GRAPH.match(path):
            if query.get("access_token") != s.facebook_token:
                self._refuse(path, "graph token")
                return 400, {"error": {"message": "Invalid OAuth access token.", "code": 190}}
            self._record(Call("facebook", "me/messages", path, query, headers, body))
            return 200, {"recipient_id": (body.get("recipient") or {}).get("id"), "message_id": f"m_{len(self.calls)}"}
        return 404, {"error": f"no such stub route {path}"}

    def _handler(self) -> Callable[..., BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                content_type = (self.headers.get("Content-Type") or "").split(";")[0]
                if content_type == "application/json":
                    body = json.loads(raw or b"{}")
                else:  # form-encoded: Twilio's SDK and aiogram
                    body = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, payload = stub._route(parts.path, dict(parse_qsl(parts.query)), headers, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, *_: Any) -> None:  # keep pytest output clean
                pass

        return Handler
