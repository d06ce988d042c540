"""The action server registers exactly the custom actions the domain lists (no base class, none missing)."""

from __future__ import annotations

import yaml
from rasa_sdk.executor import ActionExecutor

from tests.conftest import ROOT


def test_the_action_server_registers_the_domains_actions():
    executor = ActionExecutor()
    executor.register_package("actions")
    domain_actions = set(yaml.safe_load((ROOT / "domain.yml").read_text())["actions"])
    assert set(executor.actions) == domain_actions
