"""The backup for the pickup timeout's reminder: a sweep in the console's web server.

Why: the pickup timeout is a Rasa reminder (actions/handoff.py, `ReminderScheduled`), and Rasa keeps
reminders in the memory of the replica that scheduled them. If that replica restarts, the reminder is gone
and the request would wait until staff close it, the patient never given the clinic's number. So every
`MISS_HANDOFF_SWEEP_SECONDS` (default 15; 0 turns it off) the web server looks for waiting requests whose
`timeout_at` passed more than GRACE_SECONDS ago (so that the reminder, when it is alive, comes first) and asks
Rasa to handle `EXTERNAL_handoff_timeout` in each such conversation through its HTTP API, as the reminder
would (console/handoff_relay.py, `trigger`; the output channel of the patient's latest message, as the staff
replies go). `action_handoff_timeout` then closes the request through the store's guarded transition (only a
waiting request whose time is up, once), so the patient gets the number once even when the reminder and
the sweep both fire, or two web servers sweep.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping

from aiohttp import web

from addons.handoff.store import WAITING, Handoff, HandoffStore
from console.handoff_relay import RasaRelay, RelayError

logger = logging.getLogger(__name__)

SECONDS_ENV = "MISS_HANDOFF_SWEEP_SECONDS"
DEFAULT_SECONDS = 15.0
GRACE_SECONDS = 5.0
# The intent of the reminder (actions/handoff.py, TIMEOUT_INTENT), which runs action_handoff_timeout.
TIMEOUT_INTENT = "EXTERNAL_handoff_timeout"


def period(env: Mapping[str, str] | None = None) -> float:
    """Seconds between sweeps; 0 (or less) turns the sweep off. A value that is no number keeps the default."""
    raw = (os.environ if env is None else env).get(SECONDS_ENV, "").strip()
    if not raw:
        return DEFAULT_SECONDS
    try:
        return float(raw)
    except ValueError:
        logger.warning(f"{SECONDS_ENV}={raw!r} is no number: the handoff sweep runs every {DEFAULT_SECONDS:g} s")
        return DEFAULT_SECONDS


def overdue(handoffs: Iterable[Handoff], now: float, grace: float = GRACE_SECONDS) -> list[Handoff]:
    """The waiting requests whose pickup timeout passed more than `grace` seconds before `now`."""
    return [h for h in handoffs if h.status == WAITING and h.timeout_at + grace < now]


async def sweep_once(
    store: HandoffStore, relay: RasaRelay, now: float | None = None, grace: float = GRACE_SECONDS
) -> list[Handoff]:
    """One sweep: the timeout asked of Rasa for each overdue waiting request; returns those Rasa took."""
    now = time.time() if now is None else now
    rescued: list[Handoff] = []
    for handoff in overdue(await asyncio.to_thread(store.open_handoffs), now, grace):
        late = now - handoff.timeout_at
        try:
            await relay.trigger(handoff.conversation_id, TIMEOUT_INTENT)
        except RelayError as err:
            logger.warning(f"handoff {handoff.id}: its pickup timeout is {late:.0f} s overdue, Rasa not reached: {err}")
            continue
        logger.warning(
            f"handoff {handoff.id}: pickup timeout {late:.0f} s overdue (its reminder lost?), "
            f"the timeout asked of Rasa for the patient ({handoff.channel})"
        )
        rescued.append(handoff)
    return rescued


async def run(store: HandoffStore, relay: RasaRelay, seconds: float, clock: Callable[[], float] = time.time) -> None:
    """Sweep every `seconds` until cancelled; the first sweep one period after the start."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await sweep_once(store, relay, clock())
        except Exception:  # a store that cannot be read now (down): try again next time, never stop
            logger.exception("the handoff sweep failed; trying again next time")


def install(app: web.Application, store: HandoffStore, relay: RasaRelay) -> None:
    """Run the sweep beside the app (started and stopped with it). Off without Rasa's API (nothing to ask)
    or with MISS_HANDOFF_SWEEP_SECONDS=0."""
    seconds = period()
    if seconds <= 0 or not relay.configured:
        return

    async def sweeping(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(run(store, relay, seconds))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.cleanup_ctx.append(sweeping)
