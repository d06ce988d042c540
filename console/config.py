"""The console's settings, from environment variables (docs/console.md lists them with their defaults)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class ConfigError(ValueError):
    """A MISS_CONSOLE_* / MISS_AUDIT_* value that cannot be used: the server refuses to start."""


def _number(env: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum:g}, not {raw!r}")
    return value


def _path(raw: str) -> Path:
    path = Path(raw)
    return path if path.is_absolute() else ROOT / path  # relative to the project, as Rasa's .run/ files


@dataclass(frozen=True)
class ConsoleConfig:
    database: Path
    # Sessions end after this long without a request, and in any case this long after the login.
    idle_minutes: float = 30
    session_hours: float = 12
    # Lockout: this many failed logins for one user name within the window lock it for lockout_minutes.
    max_failures: int = 5
    failure_window_minutes: float = 15
    lockout_minutes: float = 15
    # Audit entries older than this are deleted by `make purge` (the purge is itself logged). HIPAA asks
    # for six years of documentation, hence the default.
    audit_retention_days: float = 2190
    # Secure cookies: on when the console is served over HTTPS (a TLS-terminating proxy in front of
    # scripts/web_server.py cannot be seen from here, so it is set explicitly there).
    secure_cookies: bool = False
    # The clinic's time zone for "per day" figures is the server's; nothing to set here.
    # Where "should have been topic X" writes its training examples (reviewed_data.py): under data/, so
    # that the next `make train` reads them. Tests point it elsewhere (MISS_REVIEWED_NLU).
    reviewed_nlu: Path = ROOT / "data" / "reviewed" / "nlu_reviewed.yml"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ConsoleConfig:
        env = os.environ if env is None else env
        secure = env.get("MISS_CONSOLE_SECURE_COOKIES", "0")
        if secure not in ("0", "1"):
            raise ConfigError(f"MISS_CONSOLE_SECURE_COOKIES must be 0 or 1, not {secure!r}")
        return cls(
            database=_path(env.get("MISS_CONSOLE_DB") or ".run/console.sqlite"),
            idle_minutes=_number(env, "MISS_CONSOLE_IDLE_MINUTES", 30, 1),
            session_hours=_number(env, "MISS_CONSOLE_SESSION_HOURS", 12, 0.1),
            max_failures=int(_number(env, "MISS_CONSOLE_MAX_FAILURES", 5, 2)),
            failure_window_minutes=_number(env, "MISS_CONSOLE_FAILURE_WINDOW_MINUTES", 15, 1),
            lockout_minutes=_number(env, "MISS_CONSOLE_LOCKOUT_MINUTES", 15, 1),
            audit_retention_days=_number(env, "MISS_AUDIT_RETENTION_DAYS", 2190, 1),
            secure_cookies=secure == "1",
            reviewed_nlu=_path(env.get("MISS_REVIEWED_NLU") or "data/reviewed/nlu_reviewed.yml"),
        )
