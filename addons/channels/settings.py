"""Which environment variables switch each messaging channel on, and the platforms' API defaults.

The table is the single place that maps environment variables to connector settings:
scripts/credentials.py uses it to write the effective credentials file, docs/channels.md describes it.
The generated file holds `${VAR}` references, never the secrets themselves; Rasa expands them when it
reads the file, and fails on an unset variable, which is why a channel only appears in the file when
its variables are set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Real platform API bases. Each can be overridden (e.g. TELEGRAM_API_BASE=http://127.0.0.1:5705) so
# tests, or a company proxy, receive what would go to the platform.
TWILIO_API_DEFAULT = "https://api.twilio.com"
TELEGRAM_API_DEFAULT = "https://api.telegram.org"
SLACK_API_DEFAULT = "https://slack.com/api/"
FACEBOOK_API_DEFAULT = "https://graph.facebook.com"


@dataclass(frozen=True)
class ChannelSpec:
    """One connector: its credentials key (class path) and the variables behind each setting."""

    key: str  # the credentials.yml key: the input channel's class path
    label: str
    webhook_path: str  # where the platform must send its webhooks
    trigger: str  # setting this variable says "switch the channel on"
    required: Mapping[str, str]  # credential field -> environment variable
    optional: Mapping[str, str] = field(default_factory=dict)
    # variable -> (pattern its value must match, what to tell the operator): caught before Rasa starts
    formats: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def variables(self) -> list[str]:
        return sorted(set(self.required.values()) | set(self.optional.values()))


CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec(
        key="addons.channels.twilio.TwilioSmsInput",
        label="SMS (Twilio)",
        webhook_path="/webhooks/twilio/webhook",
        trigger="TWILIO_SMS_NUMBER",
        required={
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "twilio_number": "TWILIO_SMS_NUMBER",
        },
        optional={"webhook_url": "TWILIO_SMS_WEBHOOK_URL", "api_base": "TWILIO_API_BASE", "max_chars": "SMS_MAX_CHARS"},
        formats={"SMS_MAX_CHARS": (r"\d+", "a number of characters (160 to 1600)")},
    ),
    ChannelSpec(
        key="addons.channels.twilio.TwilioWhatsAppInput",
        label="WhatsApp (Twilio)",
        webhook_path="/webhooks/whatsapp/webhook",
        trigger="TWILIO_WHATSAPP_NUMBER",
        required={
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "twilio_number": "TWILIO_WHATSAPP_NUMBER",
        },
        optional={"webhook_url": "TWILIO_WHATSAPP_WEBHOOK_URL", "api_base": "TWILIO_API_BASE"},
    ),
    ChannelSpec(
        key="addons.channels.telegram.TelegramInput",
        label="Telegram",
        webhook_path="/webhooks/telegram/webhook",
        trigger="TELEGRAM_BOT_TOKEN",
        # The secret token is required: without it anyone who guesses the URL could post updates.
        required={"access_token": "TELEGRAM_BOT_TOKEN", "secret_token": "TELEGRAM_SECRET_TOKEN"},
        optional={"webhook_url": "TELEGRAM_WEBHOOK_URL", "api_base": "TELEGRAM_API_BASE"},
        formats={
            "TELEGRAM_BOT_TOKEN": (r"\d+:\S+", "the token @BotFather gave, like 123456789:AA..."),
            "TELEGRAM_SECRET_TOKEN": (r"[A-Za-z0-9_-]{1,256}", "1-256 characters of A-Z, a-z, 0-9, _ and -"),
        },
    ),
    ChannelSpec(
        key="addons.channels.slack.SlackInput",
        label="Slack",
        webhook_path="/webhooks/slack/webhook",
        trigger="SLACK_BOT_TOKEN",
        required={"slack_token": "SLACK_BOT_TOKEN", "slack_signing_secret": "SLACK_SIGNING_SECRET"},
        optional={"slack_channel": "SLACK_CHANNEL", "api_base": "SLACK_API_BASE"},
    ),
    ChannelSpec(
        key="addons.channels.facebook.MessengerInput",
        label="Facebook Messenger",
        webhook_path="/webhooks/facebook/webhook",
        trigger="FACEBOOK_PAGE_ACCESS_TOKEN",
        required={
            "page-access-token": "FACEBOOK_PAGE_ACCESS_TOKEN",
            "secret": "FACEBOOK_APP_SECRET",
            "verify": "FACEBOOK_VERIFY_TOKEN",
        },
        optional={"api_base": "FACEBOOK_API_BASE", "api_version": "FACEBOOK_API_VERSION"},
    ),
)


def enabled_channels(env: Mapping[str, str]) -> tuple[list[tuple[ChannelSpec, dict[str, str]]], list[str]]:
    """The channels switched on by `env` with their credential fields (as ${VAR} references), and
    the problems of channels switched on only half-way (a trigger set but a required variable not)."""
    enabled: list[tuple[ChannelSpec, dict[str, str]]] = []
    problems: list[str] = []
    for spec in CHANNELS:
        if not env.get(spec.trigger, "").strip():
            continue
        missing = [var for var in spec.required.values() if not env.get(var, "").strip()]
        if missing:
            problems.append(
                f"{spec.label}: {spec.trigger} is set but {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not"
            )
            continue
        malformed = [
            f"{var} must be {hint}"
            for var, (pattern, hint) in spec.formats.items()
            if env.get(var, "").strip() and not re.fullmatch(pattern, env[var].strip())
        ]
        if malformed:
            problems.append(f"{spec.label}: {'; '.join(malformed)}")
            continue
        fields = {name: "${" + var + "}" for name, var in spec.required.items()}
        fields.update({name: "${" + var + "}" for name, var in spec.optional.items() if env.get(var, "").strip()})
        enabled.append((spec, fields))
    return enabled, problems
