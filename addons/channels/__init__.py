"""Messaging connectors: Twilio SMS and WhatsApp, Telegram, Slack and Facebook Messenger.

Each connector subclasses Rasa's own connector and adds what a patient-facing clinic assistant needs:
the platform's request signature is checked before anything is answered, a turn's replies are
collected and then rendered for the platform (native buttons or numbered options, sentence-boundary
splitting within the platform's limits, the "Source:" line, emergencies first and whole), and every
platform API base URL can be pointed at a local stub for tests.

Modules: settings (which environment variables switch a channel on), formatting (platform-neutral
rendering of a turn), state (per-sender numbered options, long button payloads, seen webhook ids),
verify (signature checks), turn (the collect-render-deliver output mixin), and one module per platform.
Channels are switched on by scripts/credentials.py, which writes the effective credentials file.
"""
