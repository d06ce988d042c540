"""The renewing Redis lock store against a real redis-server: a message waiting behind a dead replica's
lock is served once that lock expires (Rasa's own store can wait until the request times out)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import time

import pytest
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import RedisLockStore

from addons.lock_store import RenewingRedisLockStore, renew
from scripts import processes

LIFETIME = 1.0


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = processes.spawn(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        tmp_path_factory.mktemp("redis") / "log",
    )
    processes.wait_until(lambda: processes.port_open(port), "redis-server", 10, watch=[server], interval=0.05)
    yield port
    processes.stop([server])


def test_renewing_moves_the_expiry_or_puts_a_lost_ticket_back_in_order():
    lock = TicketLock("c", __import__("collections").deque([Ticket(0, 5.0), Ticket(2, 5.0)]))
    renew(lock, 2, 10.0, now=100.0)
    assert [(t.number, t.expires) for t in lock.tickets] == [(0, 5.0), (2, 110.0)]
    renew(lock, 1, 10.0, now=100.0)
    assert [t.number for t in lock.tickets] == [0, 1, 2]


async def wait_behind_dead_holder(store: RedisLockStore, conversation: str) -> float:
    store.issue_ticket(conversation, LIFETIME)  # held by a replica that died
    started = time.perf_counter()
    # Our ticket is issued within the same poll interval as the dead one expires: the trap.
    async with store.lock(conversation, lock_lifetime=LIFETIME, wait_time_in_seconds=0.7):
        return time.perf_counter() - started


def test_a_message_behind_a_dead_replicas_lock_is_served_when_that_lock_expires(redis_port):
    store = RenewingRedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="t1")
    store.ticket_lifetime = LIFETIME
    waited = asyncio.run(asyncio.wait_for(wait_behind_dead_holder(store, "p1"), timeout=5))
    assert LIFETIME * 0.9 <= waited <= LIFETIME + 1.0


def test_rasas_own_store_loses_the_waiting_ticket_in_the_same_situation(redis_port):
    """Why the subclass exists: without renewal the waiter never gets the lock."""
    store = RedisLockStore(host="127.0.0.1", port=redis_port, key_prefix="t2")
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(wait_behind_dead_holder(store, "p1"), timeout=4))
