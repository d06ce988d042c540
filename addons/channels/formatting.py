"""Rendering one turn of the assistant's replies for a messaging platform.

Rasa hands an output channel one message dict at a time. The connectors collect a whole turn first
(see turn.py) so that it can be rendered as a unit:
- an emergency reply (custom payload topic "emergency") goes first, whole, in a message of its own;
- the knowledge answer's separate custom message {"topic", "source"} becomes a "Source: ..." line
  under the answer it belongs to (the patient sees where the information comes from);
- quick replies become native buttons, or numbered options ("Reply 1 for ...") where the platform
  has no buttons (SMS, WhatsApp without approved interactive templates);
- text longer than the platform allows is split at sentence boundaries (then lines, then words);
- the words added here ("Source:", "Reply 1 for ...") are in the turn's language: Spanish when the assistant's
  own replies are (content/es/phrases.yml, read once at start-up), since a channel does not see the
  conversation's slots.
Nothing here does I/O after start-up, so the rules are unit-tested directly.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from addons.language import SPANISH, read_language
from addons.spanish_replies import spanish_phrases, spanish_source_name

logger = logging.getLogger(__name__)

EMERGENCY_TOPIC = "emergency"
EMERGENCY_RESPONSE = "utter_emergency"


@dataclass(frozen=True)
class Option:
    """A quick reply: what the patient sees, and what Rasa receives when it is chosen."""

    title: str
    payload: str


@dataclass
class Reply:
    """One logical bot reply of a turn, before platform rendering."""

    text: str
    options: list[Option] = field(default_factory=list)
    source: str | None = None
    emergency: bool = False


@dataclass(frozen=True)
class Profile:
    """A platform's limits and abilities."""

    name: str
    max_chars: int  # the most text we put in one ordinary message
    emergency_max_chars: int  # the platform's hard maximum: an emergency reply is never split below it
    numbered_options: bool  # no native buttons: options become "Reply 1 for ..." lines
    max_options: int
    max_option_title: int
    gsm_text: bool = False  # SMS: replace typographic characters so a segment holds 153, not 67

    def with_max_chars(self, max_chars: int | None) -> Profile:
        """A deployment may ask for shorter messages (e.g. 160-character SMS), never longer than the
        platform allows."""
        if not max_chars:
            return self
        return replace(self, max_chars=max(160, min(int(max_chars), self.emergency_max_chars)))


# SMS: 320 characters (two concatenated segments, Twilio's advice for reliable delivery) per ordinary
# message; an emergency reply may use up to 1600 (the most Twilio accepts in one body) so it is never split.
SMS = Profile(
    "sms",
    max_chars=320,
    emergency_max_chars=1600,
    numbered_options=True,
    max_options=9,
    max_option_title=60,
    gsm_text=True,
)
# WhatsApp through Twilio: 1600 characters per body; buttons need approved templates, so numbered options.
WHATSAPP = Profile(
    "whatsapp", max_chars=1600, emergency_max_chars=1600, numbered_options=True, max_options=9, max_option_title=60
)
# Telegram: 4096 characters per message; inline keyboard buttons (text kept short enough to read).
TELEGRAM = Profile(
    "telegram", max_chars=4096, emergency_max_chars=4096, numbered_options=False, max_options=10, max_option_title=64
)
# Slack: 3000 characters per section block; button text at most 75.
SLACK = Profile(
    "slack", max_chars=3000, emergency_max_chars=3000, numbered_options=False, max_options=25, max_option_title=75
)
# Messenger: 2000 characters per message; at most 13 quick replies with titles of at most 20 characters.
MESSENGER = Profile(
    "messenger", max_chars=2000, emergency_max_chars=2000, numbered_options=False, max_options=13, max_option_title=20
)


@dataclass
class Outgoing:
    """One message as it goes to the platform."""

    text: str
    buttons: list[Option] = field(default_factory=list)  # native buttons, on the last part of a reply
    emergency: bool = False


# ---------------------------------------------------------------------------------------------------
# From Rasa's message dicts to replies


def _options(raw: Any) -> list[Option]:
    options = []
    for button in raw or []:
        if isinstance(button, dict) and button.get("title") and button.get("payload"):
            options.append(Option(str(button["title"]).strip(), str(button["payload"])))
    return options


def replies_from_messages(messages: Iterable[dict[str, Any]]) -> list[Reply]:
    """Group Rasa's messages of one turn into replies, attaching each contract payload to its text."""
    replies: list[Reply] = []
    for message in messages:
        text = (message.get("text") or "").strip()
        custom = message.get("custom")
        emergency = message.get("utter_action") == EMERGENCY_RESPONSE
        if isinstance(custom, dict) and custom.get("topic") == EMERGENCY_TOPIC:
            emergency = True
        for key in ("image", "attachment"):  # not used by this assistant; never dropped silently
            if isinstance(message.get(key), str) and message[key]:
                text = f"{text}\n{message[key]}".strip()
        options = _options(message.get("quick_replies") or message.get("buttons"))
        if text or options:
            replies.append(Reply(text, options, emergency=emergency))
        elif isinstance(custom, dict) and "topic" in custom and replies:
            # The contract payload a knowledge answer sends as its own message: it describes the reply
            # just before it.
            if custom["topic"] == EMERGENCY_TOPIC:
                replies[-1].emergency = True
        elif custom is not None:
            logger.info("A custom payload without text is not shown to patients: %r", custom)
            continue
        if isinstance(custom, dict) and custom.get("source") and replies:
            replies[-1].source = str(custom["source"])
    return replies


# ---------------------------------------------------------------------------------------------------
# Splitting

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_GSM_SUBSTITUTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
}


def to_gsm(text: str) -> str:
    """Typographic quotes and dashes force an SMS into UCS-2 (67 characters a segment); plain ones don't."""
    for char, plain in _GSM_SUBSTITUTES.items():
        text = text.replace(char, plain)
    return text


def _words(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, split between words (inside a word only if it must; never at
    a hyphen: "post-op" stays whole), with runs of white space read as one space."""
    return textwrap.wrap(" ".join(text.split()), width=limit, break_on_hyphens=False)


def _clauses(sentence: str, limit: int) -> list[str]:
    """A sentence longer than a whole message: split after a comma, semicolon or colon where possible,
    else between words."""
    pieces: list[str] = []
    for clause in re.split(r"(?<=[,;:])\s+", sentence):
        pieces.extend([clause] if len(clause) <= limit else _words(clause, limit))
    return pieces


def _units(text: str, limit: int) -> list[tuple[str, str]]:
    """The text as (separator, piece) units of at most `limit` characters: sentences (or the clauses
    of a sentence too long for one message), joined by a space, a newline or a blank line."""
    units: list[tuple[str, str]] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        for l_index, line in enumerate(paragraph.split("\n")):
            for s_index, sentence in enumerate(_SENTENCE_END.split(line.strip())):
                if not sentence:
                    continue
                sep = " " if s_index else ("\n" if l_index else "\n\n")
                for p_index, piece in enumerate(_clauses(sentence, limit) if len(sentence) > limit else [sentence]):
                    units.append((sep if p_index == 0 else " ", piece))
    return units


def _join(units: list[tuple[str, str]]) -> str:
    return "".join(piece if i == 0 else sep + piece for i, (sep, piece) in enumerate(units))


def pack(body: str, tail: list[str], limit: int, sticky: int = 0) -> list[str]:
    """Fill messages of at most `limit` characters with whole sentences of `body`, then the `tail`
    blocks (source line, numbered options), each kept whole where it fits and on its own lines.
    The first `sticky` tail blocks (the source line) never start a message on their own: the last
    sentence moves along with them, so a source is never separated from all of its answer."""
    units = [(sep, piece, False) for sep, piece in _units(body, limit)]
    for index, block in enumerate(b for b in tail if b):
        # A block too long for one message (nine options in a 160-character SMS) breaks between its lines,
        # so that no option is cut in two; only a line longer than a message breaks between words.
        lines = [block] if len(block) <= limit else block.split("\n")
        for l_index, line in enumerate(lines):
            pieces = [line] if len(line) <= limit else _words(line, limit)
            first = "\n\n" if l_index == 0 else "\n"
            units.extend((first if i == 0 else " ", piece, index < sticky) for i, piece in enumerate(pieces))
    chunks: list[list[tuple[str, str]]] = []
    for sep, piece, keep_with_previous in units:
        current = chunks[-1] if chunks else None
        if current is not None and len(_join([*current, (sep, piece)])) <= limit:
            current.append((sep, piece))
            continue
        carried: list[tuple[str, str]] = []
        if keep_with_previous and current and len(current) > 1 and len(_join([*current[-1:], (sep, piece)])) <= limit:
            carried = [current.pop()]
        chunks.append([*carried, (sep, piece)])
    return [_join(chunk) for chunk in chunks]


def split_text(text: str, limit: int) -> list[str]:
    return pack(text, [], limit)


def shorten(title: str, limit: int) -> str:
    """A button title within the platform's limit, cut at a word and marked with an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "\u2026"


def numbered_block(options: list[Option], language: str = "en") -> str:
    return "\n".join(
        words(language, "reply_number", "Reply {number} for {title}", number=number, title=option.title)
        for number, option in enumerate(options, 1)
    )


def words(language: str, key: str, english: str, **values: Any) -> str:
    """`english` (a phrase of content/es/phrases.yml, by `key`) in `language`, filled with `values`."""
    template = spanish_phrases()[key][1] if language == SPANISH else english
    return template.format(**values)


def turn_language(replies: list[Reply]) -> str:
    """The language of the assistant's own replies this turn: the emergency reply is bilingual, so it tells
    only when it is all there is."""
    said = " ".join(r.text for r in replies if not r.emergency) or " ".join(r.text for r in replies)
    return SPANISH if read_language(said).language == SPANISH else "en"


# ---------------------------------------------------------------------------------------------------
# Rendering a turn


def render_turn(replies: list[Reply], profile: Profile) -> tuple[list[Outgoing], list[Option]]:
    """The messages to send, in order, and the numbered options a reply of "1", "2"... picks from
    (empty on platforms with buttons, or when the turn offered no options)."""
    ordered = [r for r in replies if r.emergency] + [r for r in replies if not r.emergency]
    # On a numbered platform only one reply per turn can own the numbers: the last one offering options.
    owner = None
    if profile.numbered_options:
        owners = [i for i, r in enumerate(ordered) if r.options and not r.emergency]
        owner = owners[-1] if owners else None
    clean = to_gsm if profile.gsm_text else (lambda s: s)
    language = turn_language(replies)
    outgoing: list[Outgoing] = []
    numbered: list[Option] = []
    for index, reply in enumerate(ordered):
        text = clean(reply.text)
        if reply.emergency:
            # Whole, in one message, before anything else: the instruction must not be cut off.
            if len(text) <= profile.emergency_max_chars:
                outgoing.append(Outgoing(text, emergency=True))
            else:
                logger.error("An emergency reply is longer than %s allows; it has to be split", profile.name)
                outgoing.extend(
                    Outgoing(part, emergency=True) for part in split_text(text, profile.emergency_max_chars)
                )
            continue
        options = reply.options[: profile.max_options]
        source = spanish_source_name(reply.source) if reply.source and language == SPANISH else reply.source
        tail = [words(language, "source_line", "Source: {source}", source=clean(source))] if source else []
        buttons: list[Option] = []
        if profile.numbered_options:
            if index == owner:
                numbered = [Option(clean(o.title), o.payload) for o in options]
                tail.append(numbered_block(numbered, language))
        else:
            buttons = [Option(shorten(o.title, profile.max_option_title), o.payload) for o in options]
        parts = pack(text, tail, profile.max_chars, sticky=1 if reply.source else 0)
        if not parts and buttons:  # buttons need a message to sit on
            parts = [words(language, "please_choose", "Please choose:")]
        for number, part in enumerate(parts, 1):
            outgoing.append(Outgoing(part, buttons if number == len(parts) else []))
    return outgoing, numbered
