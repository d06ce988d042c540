"""Per-sender numbered options, long Telegram payloads, seen deliveries."""

from __future__ import annotations

import time

import pytest

from addons.channels import state as state_module
from addons.channels.formatting import Option
from addons.channels.state import ChannelState


@pytest.fixture
def state(tmp_path) -> ChannelState:
    return ChannelState(tmp_path / "state.sqlite")


def test_a_number_picks_from_that_senders_last_options(state):
    state.save_options("twilio", "+1555000001", [Option("Infection", "/ask_infection"), Option("Recovery", "/r")])
    state.save_options("twilio", "+1555000002", [Option("What is the dura?", "/ask_dural_tear")])
    assert state.pick("twilio", "+1555000001", "2") == Option("Recovery", "/r")
    assert state.pick("twilio", "+1555000002", " 1. ") == Option("What is the dura?", "/ask_dural_tear")
    assert state.pick("whatsapp", "+1555000001", "1") is None  # another channel, another conversation
    assert state.pick("twilio", "+1555000001", "3") is None
    assert state.pick("twilio", "+1555000001", "option 1") == Option("Infection", "/ask_infection")
    assert state.pick("twilio", "+1555000001", "1 more question") is None


def test_new_options_replace_old_ones_and_none_forgets_them(state):
    state.save_options("twilio", "p", [Option("A", "/a")])
    state.save_options("twilio", "p", [])
    assert state.pick("twilio", "p", "1") is None


def test_options_expire_with_the_session(state, monkeypatch):
    state.save_options("twilio", "p", [Option("A", "/a")])
    later = time.time() + state_module.OPTIONS_TTL_SECONDS + 1
    monkeypatch.setattr(state_module.time, "time", lambda: later)
    assert state.pick("twilio", "p", "1") is None


def test_long_payloads_get_a_short_telegram_key(state):
    short = "/ask_infection"
    long = '/ask_risk_factors_complexity{"aspect": "prevention", "extra": "something long"}'
    assert state.callback_data(short) == short
    key = state.callback_data(long)
    assert len(key.encode()) <= 64 and key.startswith("~")
    assert state.payload_for(key) == long and state.payload_for(short) == short
    assert state.payload_for("~unknown") is None


def test_a_delivery_id_is_handled_once(state):
    assert state.first_time("slack", "Ev1") and not state.first_time("slack", "Ev1")
    assert state.first_time("telegram", "Ev1")
    assert state.first_time("slack", None) and state.first_time("slack", None)


def test_the_state_survives_a_restart(tmp_path):
    ChannelState(tmp_path / "s.sqlite").save_options("twilio", "p", [Option("A", "/a")])
    assert ChannelState(tmp_path / "s.sqlite").pick("twilio", "p", "1") == Option("A", "/a")
