"""A slow action server must not keep a patient waiting, and a busy Rasa server must not be taken for one.

Each custom-action call gets a short deadline: when the action server has not answered within it, the
call fails with asyncio.TimeoutError, the processor logs it and carries on without the action's events,
nothing is sent, and the REST channel answers with its "having trouble" text and the clinic's numbers
(addons/rest_channel.py). Emergencies do not call the action server (a rule and a domain response), so
they are not delayed at all. One custom action runs per turn, so the whole reply stays within about this
deadline plus the Rasa server's own time.

What the deadline measures. Rasa 3.6 sends the call from the server's one event loop with aiohttp's
`ClientTimeout(total=300)`, and that clock runs in the same loop: under load, the loop spends its time
on other patients' messages (NLU, policies, storage) while the action server's answer waits in the
socket, and the timer that fires when the loop gets back counts that queueing too. In `make bench`, 1 of
192 messages at 32 concurrent conversations and 4 at 64 got the "having trouble" reply that way, with an
action server that had answered in milliseconds. So the call is sent from a thread of its own, with an
event loop that does nothing else (`_ActionCaller`): its clock starts when the request goes out and stops
when the answer is in, so the deadline measures the action server's own response time (and the network),
not the Rasa server's queue. The patient's coroutine waits for the result in the main loop as before.
Everything else about the call is Rasa's own `EndpointConfig.request` (headers, auth, TLS, compression,
its errors), run in that loop.

Installed where the Rasa server starts, by addons.rasa_server.install_rasa_patches: every RemoteAction
then talks to its action server through a `DeadlineEndpoint`. Other HTTP endpoints keep Rasa's default.
"""

from __future__ import annotations

import asyncio
import math
import os
import threading
from collections.abc import Mapping
from typing import Any

from rasa.utils.endpoints import EndpointConfig

DEFAULT_SECONDS = 2.0  # the answers take ~20 ms; 2 s leaves room for a busy action server and replies within 3 s


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


class _ActionCaller:
    """One daemon thread running an event loop that only sends action calls (started on first use)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="action-calls", daemon=True).start()
                self._loop = loop
            return self._loop


_caller = _ActionCaller()
_deadline = DEFAULT_SECONDS


class DeadlineEndpoint(EndpointConfig):
    """The action server's endpoint: requests run in the action-call thread, cut off after the deadline."""

    @classmethod
    def wrapping(cls, endpoint: EndpointConfig) -> DeadlineEndpoint:
        wrapped = cls.__new__(cls)
        wrapped.__dict__.update(endpoint.__dict__)  # same URL, headers, auth, token, TLS settings
        return wrapped

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        # Rasa passes its own timeout (300 s); aiohttp takes any number of seconds as the total
        kwargs["timeout"] = _deadline
        call = asyncio.run_coroutine_threadsafe(EndpointConfig.request(self, *args, **kwargs), _caller.loop())
        # cancelling this await (the patient's request given up) cancels the call in the other loop too
        return await asyncio.wrap_future(call)


def apply_action_deadline(seconds: float | None = None) -> float:
    """Route every custom-action call through a DeadlineEndpoint with this deadline (default:
    $MISS_ACTION_TIMEOUT_SECONDS or 2 s); returns it. Idempotent; a later call changes the deadline."""
    from rasa.core.actions.action import RemoteAction

    global _deadline
    _deadline = seconds_from_env() if seconds is None else seconds
    if not getattr(RemoteAction.__init__, "_miss_deadline", False):
        rasa_init = RemoteAction.__init__

        def __init__(self: RemoteAction, name: str, action_endpoint: EndpointConfig | None) -> None:
            if action_endpoint is not None and not isinstance(action_endpoint, DeadlineEndpoint):
                action_endpoint = DeadlineEndpoint.wrapping(action_endpoint)
            rasa_init(self, name, action_endpoint)

        __init__._miss_deadline = True  # type: ignore[attr-defined]  # marks the patch as installed
        RemoteAction.__init__ = __init__  # type: ignore[method-assign]  # the patch
    return _deadline
