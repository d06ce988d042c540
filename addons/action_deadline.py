"""A slow action server must not keep a patient waiting: each custom-action call gets a short deadline.

Rasa 3.6's RemoteAction.run calls the action server with `timeout=DEFAULT_REQUEST_TIMEOUT` (300 s), read
from the module globals of `rasa.core.actions.action` at call time; aiohttp turns the number into
`ClientTimeout(total=...)`, which overrides the session's own 300 s. When it expires aiohttp raises
asyncio.TimeoutError, the processor logs it and carries on without the action's events, nothing is
sent, and the REST channel answers with its "having trouble" text and the clinic's numbers
(addons/rest_channel.py). Emergencies do not call the action server (a rule and a domain response),
so they are not delayed at all. One custom action runs per turn, so the whole reply stays within
about this deadline plus NLU time.

Only the action call is shortened: other HTTP endpoints (EndpointConfig sessions) keep Rasa's default.
Installed where the Rasa server starts, by addons.rasa_server.install_rasa_patches.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping

DEFAULT_SECONDS = 2.0  # the answers take ~20 ms; 2 s leaves room for load and still replies within 3 s


def seconds_from_env(env: Mapping[str, str] = os.environ) -> float:
    raw = env.get("MISS_ACTION_TIMEOUT_SECONDS", "").strip()
    if not raw:
        return DEFAULT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"MISS_ACTION_TIMEOUT_SECONDS={raw!r} is not a number of seconds") from None
    if not 0 < seconds < math.inf:
        raise ValueError(f"MISS_ACTION_TIMEOUT_SECONDS={raw!r} must be more than 0")
    return seconds


def apply_action_deadline(seconds: float | None = None) -> float:
    """Set the custom-action timeout (default: $MISS_ACTION_TIMEOUT_SECONDS or 2 s); returns it."""
    import rasa.core.actions.action as action_module

    deadline = seconds_from_env() if seconds is None else seconds
    # Rasa declares the constant as an int (300 s); aiohttp takes any number of seconds
    action_module.DEFAULT_REQUEST_TIMEOUT = deadline  # type: ignore[assignment]
    return deadline
