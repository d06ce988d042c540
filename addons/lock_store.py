"""Redis lock store whose waiting tickets do not expire while they wait.

Rasa's ticket lock gives every ticket a fixed lifetime from the moment it is issued, waiting included.
When a replica dies holding a conversation's lock, the next message of that conversation (re-sent by
nginx to another replica) waits for the dead ticket to expire; its own ticket, issued a moment later,
expires in the same second, and from then on the queue holds no ticket with its number: it waits until
Sanic's 60 s response timeout (seen in tests/scale). Renewing the waiting ticket on every poll keeps its
place, so the message is served as soon as the dead ticket has expired (TICKET_LOCK_LIFETIME).
Configured by scripts/endpoints.py as `type: addons.lock_store.RenewingRedisLockStore`.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any

from rasa.core import lock_store as rasa_lock_store
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LockError, RedisLockStore


def renew(lock: TicketLock, ticket_number: int, lifetime: float, now: float) -> None:
    """Push the expiry of `ticket_number` to `now + lifetime`, putting it back in its place if it had
    already expired (the queue stays ordered by number, as the ticket lock expects)."""
    for ticket in lock.tickets:
        if ticket.number == ticket_number:
            ticket.expires = now + lifetime
            return
    tickets = sorted([*lock.tickets, Ticket(ticket_number, now + lifetime)], key=lambda t: t.number)
    lock.tickets = deque(tickets)


class RenewingRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self.ticket_lifetime = float(rasa_lock_store.LOCK_LIFETIME)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:
                break
            if not lock.is_locked(ticket):
                return lock
            renew(lock, ticket, self.ticket_lifetime, time.time())
            self.save_lock(lock)
            await asyncio.sleep(wait_time_in_seconds)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
