"""The scaled-out set on loopback (scripts/cluster.py): PostgreSQL, Redis, nginx, 2 Rasa replicas and
2 action servers, started once for the module and thrown away after."""
from __future__ import annotations

import os
import subprocess

import pytest

from scripts.cluster import Cluster
from scripts.local_servers import ROOT

BASE_PORT = int(os.environ.get("SCALE_BASE_PORT", "5800"))


@pytest.fixture(scope="module")
def cluster():
    started = Cluster(BASE_PORT, ROOT / ".run" / "scale")
    try:
        started.start()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as err:
        started.stop()
        pytest.fail(str(err))
    try:
        yield started
    finally:
        started.stop()
