"""The scaled-out set on loopback (scripts/cluster.py): PostgreSQL, Redis, nginx, 2 Rasa replicas and
2 action servers, started once for the module and thrown away after."""

from __future__ import annotations

import os

import pytest

from scripts.cluster import Cluster
from scripts.local_servers import ROOT
from tests.servers import running

BASE_PORT = int(os.environ.get("SCALE_BASE_PORT", "5800"))


@pytest.fixture(scope="module")
def cluster():
    with running(Cluster(BASE_PORT, ROOT / ".run" / "scale")) as started:
        yield started
