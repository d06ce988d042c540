"""The effective credentials file: channels switched on by environment variables, no secret written."""

from __future__ import annotations

import pytest
from rasa.shared.exceptions import RasaException
from rasa.shared.utils.io import read_config_file

from addons.channels.settings import CHANNELS
from scripts.credentials import BASE, ChannelConfigError, render, write
from tests.channels.conftest import CHANNEL_ENV

REST = "addons.rest_channel.GuardedRestInput"


def base_channels():
    """The channels credentials.yml itself opens (the guarded REST channel, and whatever else is there)."""
    return list(read_config_file(BASE))


def test_without_channel_variables_only_the_rest_channel_is_on(tmp_path):
    write(tmp_path / "c.yml", {})
    assert list(read_config_file(tmp_path / "c.yml")) == base_channels() and REST in base_channels()


def test_each_channel_is_switched_on_by_its_variables_and_rasa_expands_them(tmp_path, monkeypatch):
    out = tmp_path / "c.yml"
    labels = write(out, CHANNEL_ENV)
    assert len(labels) == len(CHANNELS)
    text = out.read_text()
    for secret in ("TWILIO_AUTH_TOKEN", "TELEGRAM_BOT_TOKEN", "SLACK_SIGNING_SECRET", "FACEBOOK_APP_SECRET"):
        assert CHANNEL_ENV[secret] not in text and "${" + secret + "}" in text
    for name, value in CHANNEL_ENV.items():
        monkeypatch.setenv(name, value)
    loaded = read_config_file(out)
    assert list(loaded) == base_channels() + [spec.key for spec in CHANNELS]
    assert loaded["addons.channels.slack.SlackInput"]["slack_signing_secret"] == CHANNEL_ENV["SLACK_SIGNING_SECRET"]
    assert loaded["addons.channels.twilio.TwilioSmsInput"]["max_chars"] == CHANNEL_ENV["SMS_MAX_CHARS"]


def test_why_the_file_is_generated_rasa_refuses_unset_variables(tmp_path, monkeypatch):
    out = tmp_path / "c.yml"
    write(out, {"SLACK_BOT_TOKEN": "xoxb", "SLACK_SIGNING_SECRET": "s"})
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    with pytest.raises(RasaException):
        read_config_file(out)


def test_a_half_configured_channel_is_an_error_naming_what_is_missing():
    with pytest.raises(ChannelConfigError, match="TELEGRAM_SECRET_TOKEN"):
        render({"TELEGRAM_BOT_TOKEN": "123:abc"})


def test_optional_settings_are_only_written_when_set():
    env = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t", "TWILIO_WHATSAPP_NUMBER": "+1555"}
    text, labels = render(env)
    assert labels == ["WhatsApp (Twilio)"] and "api_base" not in text and "TwilioSmsInput" not in text


def test_the_committed_credentials_file_has_no_environment_references():
    assert "${" not in "".join(line for line in BASE.read_text().splitlines() if not line.startswith("#"))


def test_values_telegram_or_twilio_would_refuse_are_caught_before_start():
    with pytest.raises(ChannelConfigError, match="TELEGRAM_SECRET_TOKEN must be"):
        render({"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_SECRET_TOKEN": "has spaces and $"})
    with pytest.raises(ChannelConfigError, match="SMS_MAX_CHARS"):
        render(
            {
                "TWILIO_ACCOUNT_SID": "AC1",
                "TWILIO_AUTH_TOKEN": "t",
                "TWILIO_SMS_NUMBER": "+1555",
                "SMS_MAX_CHARS": "lots",
            }
        )
