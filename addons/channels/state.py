"""Small per-sender state the connectors keep between webhooks, in SQLite.

- The numbered options last offered to each SMS/WhatsApp sender, so that a reply of "1" picks option 1
  of *that* patient's last message (keyed by channel and sender, so two patients never mix), and only
  for as long as a Rasa session lasts (an old "1" must not pick a stale option).
- Button payloads too long for Telegram's 64-byte callback_data, under a short content-derived key.
- The ids of webhook deliveries already handled, so a platform's retry is not answered twice.
SQLite rather than a dict: the state survives a restart of the Rasa server, and the file is local
(CHANNEL_STATE_DB, default .run/channel-state.sqlite). Calls take well under a millisecond, so they run
inline in the server's event loop.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from addons.channels.formatting import Option

DEFAULT_PATH = Path(__file__).resolve().parents[2] / ".run" / "channel-state.sqlite"
OPTIONS_TTL_SECONDS = 60 * 60  # the domain's session_expiration_time
SEEN_TTL_SECONDS = 2 * 24 * 60 * 60  # longer than any platform retries a delivery
TELEGRAM_CALLBACK_MAX_BYTES = 64
_NUMBER = re.compile(r"^\s*(?:#|no\.?\s*|option\s*)?(\d{1,2})\s*[.)!]?\s*$", re.IGNORECASE)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS options (channel TEXT, sender TEXT, options TEXT, saved_at REAL,
                                    PRIMARY KEY (channel, sender));
CREATE TABLE IF NOT EXISTS payloads (key TEXT PRIMARY KEY, payload TEXT);
CREATE TABLE IF NOT EXISTS seen (channel TEXT, event_id TEXT, seen_at REAL, PRIMARY KEY (channel, event_id));
"""


class ChannelState:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path or os.environ.get("CHANNEL_STATE_DB") or DEFAULT_PATH)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # the Messenger client sends from worker threads; keep writes serial
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection per call (committed, then closed): safe from any thread, nothing left open."""
        db = sqlite3.connect(self.path, timeout=5)
        try:
            with db:
                yield db
        finally:
            db.close()

    # Numbered options -------------------------------------------------------------------------------

    def save_options(self, channel: str, sender: str, options: list[Option]) -> None:
        """Replace the sender's options with the ones just sent (none: forget them)."""
        with self._lock, self._connect() as db:
            if options:
                db.execute(
                    "INSERT OR REPLACE INTO options VALUES (?, ?, ?, ?)",
                    (channel, sender, json.dumps([[o.title, o.payload] for o in options]), time.time()),
                )
            else:
                db.execute("DELETE FROM options WHERE channel = ? AND sender = ?", (channel, sender))

    def options(self, channel: str, sender: str) -> list[Option]:
        with self._connect() as db:
            row = db.execute(
                "SELECT options, saved_at FROM options WHERE channel = ? AND sender = ?", (channel, sender)
            ).fetchone()
        if not row or time.time() - row[1] > OPTIONS_TTL_SECONDS:
            return []
        return [Option(title, payload) for title, payload in json.loads(row[0])]

    def pick(self, channel: str, sender: str, text: str) -> Option | None:
        """The option a reply like "1", "2." or "#3" picks from the sender's last message, if any."""
        match = _NUMBER.match(text or "")
        if not match:
            return None
        options = self.options(channel, sender)
        number = int(match.group(1))
        return options[number - 1] if 1 <= number <= len(options) else None

    # Telegram callback data -------------------------------------------------------------------------

    def callback_data(self, payload: str) -> str:
        """The payload itself when it fits Telegram's 64 bytes, else a stored short key ("~" + hash)."""
        if len(payload.encode("utf-8")) <= TELEGRAM_CALLBACK_MAX_BYTES and not payload.startswith("~"):
            return payload
        key = "~" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
        with self._lock, self._connect() as db:
            db.execute("INSERT OR IGNORE INTO payloads VALUES (?, ?)", (key, payload))
        return key

    def payload_for(self, callback_data: str) -> str | None:
        if not callback_data.startswith("~"):
            return callback_data
        with self._connect() as db:
            row = db.execute("SELECT payload FROM payloads WHERE key = ?", (callback_data,)).fetchone()
        return row[0] if row else None

    # Deliveries already handled ---------------------------------------------------------------------

    def first_time(self, channel: str, event_id: str | None) -> bool:
        """True the first time a delivery id is seen (always True without an id)."""
        if not event_id:
            return True
        now = time.time()
        with self._lock, self._connect() as db:
            inserted = db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", (channel, str(event_id), now)).rowcount
            db.execute("DELETE FROM seen WHERE seen_at < ?", (now - SEEN_TTL_SECONDS,))
        return inserted == 1


_shared: ChannelState | None = None


def shared_state() -> ChannelState:
    """The server's one state store, opened on first use (after the environment is set)."""
    global _shared
    if _shared is None:
        _shared = ChannelState()
    return _shared
