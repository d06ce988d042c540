"""addons/rasa_server.py: the project's patches to Rasa are one explicit step where a server starts.

Importing the add-ons changes nothing in Rasa; `python -m addons.rasa_server ...` installs the patches
before Rasa's own command line runs. Checked in a fresh interpreter, where no other test has installed
them yet. What the patches do: tests/addons/test_speedups.py and tests/addons/test_action_deadline.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import importlib, json, pkgutil, sys
import rasa.__main__
import rasa.core.actions.action as action
import rasa.core.run
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.utils.endpoints import EndpointConfig

def state():
    endpoint = action.RemoteAction("action_answer_question", EndpointConfig("http://127.0.0.1:5055/webhook"))
    return {"validator": action.RemoteAction._validate_action_result.__module__,
            "action_endpoint": type(endpoint.action_endpoint).__module__,
            "model_frozen": getattr(rasa.core.run.load_agent_on_start, "_miss_freeze", False),
            "responses": TemplatedNaturalLanguageGenerator.generate.__module__}

import addons
for module in pkgutil.walk_packages(addons.__path__, "addons."):
    importlib.import_module(module.name)
after_import = state()

seen = {}
def rasa_main():
    seen.update(state(), argv=sys.argv)

rasa.__main__.main = rasa_main
from addons.rasa_server import main
main(["run", "--port", "5999"])
print(json.dumps({"after_import": after_import, "when_rasa_runs": seen}))
"""


def probe() -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_importing_the_addons_changes_nothing_in_rasa_and_the_server_command_installs_the_patches():
    result = probe()
    assert result["after_import"] == {
        "validator": "rasa.core.actions.action",
        "action_endpoint": "rasa.utils.endpoints",
        "model_frozen": False,
        "responses": "rasa.core.nlg.response",
    }
    seen = result["when_rasa_runs"]
    assert seen["validator"] == "addons.speedups"
    assert seen["action_endpoint"] == "addons.action_deadline"  # action calls with the deadline
    assert seen["model_frozen"]  # gc.freeze() once the model is loaded
    assert seen["responses"] == "addons.approved_replies"  # the domain's replies with the approved contacts
    assert seen["argv"] == ["rasa", "run", "--port", "5999"]
