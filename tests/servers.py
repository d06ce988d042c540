"""Servers for a test session: started once, a failure to start failing the session with the reason, stopped
after (the servers themselves: scripts/local_servers.py and scripts/cluster.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar

import pytest


class _Startable(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


S = TypeVar("S", bound=_Startable)


@contextmanager
def running(servers: S) -> Iterator[S]:
    try:
        servers.start()
    except RuntimeError as err:
        servers.stop()
        pytest.fail(str(err))
    try:
        yield servers
    finally:
        servers.stop()
