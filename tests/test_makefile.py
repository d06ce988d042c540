"""The Makefile documents every target: a `## target: text` line each, and `make help` lists them all."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

MAKEFILE = (ROOT / "Makefile").read_text()
TARGETS = set(re.findall(r"^([a-z][a-z0-9-]*):(?!=)", MAKEFILE, re.M))
DOCUMENTED = re.findall(r"^## ([a-z][a-z0-9-]*):", MAKEFILE, re.M)


def test_every_target_has_exactly_one_help_line():
    assert sorted(DOCUMENTED) == sorted(TARGETS), "give each target one `## target: what it does` line"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    listed = {line.split()[0] for line in out.splitlines() if line and not line[0].isspace()}
    assert listed == TARGETS
