"""The clinic's numbers in the replies the Rasa server makes itself: read from the loaded domain."""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from sanic import Sanic

from actions.replies import DEFAULT_CONTACTS
from addons.clinic_contacts import FALLBACK_NUMBERS, contact_numbers, trouble_text

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
_app_names = itertools.count()


def server_with(domain: Domain | None) -> Sanic:
    """A Sanic app as Rasa sets it up: its agent (with the domain) on app.ctx."""
    app = Sanic(f"clinic_contacts_{next(_app_names)}")
    app.ctx.agent = Agent(domain=domain) if domain is not None else None
    return app


def domain_with_numbers(clinic_phone: str, emergency_number: str) -> Domain:
    raw = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    raw["slots"]["clinic_phone"]["initial_value"] = clinic_phone
    raw["slots"]["emergency_number"]["initial_value"] = emergency_number
    return Domain.from_dict(raw)


def test_the_numbers_are_those_of_domain_yml():
    slots = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["slots"]
    numbers = contact_numbers(server_with(Domain.load(DOMAIN_FILE)))
    assert numbers == {name: slots[name]["initial_value"] for name in ("clinic_phone", "emergency_number")}


def test_a_clinic_that_changes_its_numbers_in_the_domain_gets_them_in_the_trouble_reply():
    text = trouble_text(server_with(domain_with_numbers("(555) 777-1234", "112")))
    assert "(555) 777-1234" in text and "112" in text and "having trouble" in text
    assert FALLBACK_NUMBERS["emergency_number"] not in text


def test_before_a_model_is_loaded_the_reply_still_gives_somewhere_to_call():
    for app in (server_with(None), None):
        assert contact_numbers(app) == FALLBACK_NUMBERS
        assert FALLBACK_NUMBERS["emergency_number"] in trouble_text(app)


def test_a_slot_without_a_value_falls_back_instead_of_reading_none():
    numbers = contact_numbers(server_with(domain_with_numbers("(555) 777-1234", "")))
    assert numbers == {"clinic_phone": "(555) 777-1234", "emergency_number": FALLBACK_NUMBERS["emergency_number"]}


def test_the_action_server_falls_back_to_the_same_numbers():
    # The action server runs from its own image without addons/, so actions/replies.py keeps its copy
    # of the fallbacks (with the clinic's hours, which only the actions use); it must not drift.
    assert {name: DEFAULT_CONTACTS[name] for name in FALLBACK_NUMBERS} == FALLBACK_NUMBERS
