"""The language the action server answers in, and the content and words it answers with.

The conversation's language is the `language` slot: set from the NLU's reading of each message when that
reading is clear (addons/language.py: a message of a few words, or a language asked for by name), and kept
until another clear reading. Before any clear reading the latest message's own reading, if any, decides
("Infección" as the first message), and the actions record it in the slot. English otherwise.

Spanish answers come from content/es/ (actions/spanish_content.py), loaded and checked when the action
server starts, so a broken Spanish file stops it as a broken English file does. The contract payload keeps
the English topic and section ids: they are the machine-readable contract, whatever the language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions import live_content
from actions.knowledge import KnowledgeBase
from actions.spanish_content import SpanishContent

LANGUAGE_SLOT = "language"
ENGLISH = "en"
SPANISH = "es"

SPANISH_CONTENT = SpanishContent.load()
_SPANISH_KB = KnowledgeBase(SPANISH_CONTENT.topics)


@dataclass(frozen=True)
class Answering:
    """What answers are made of in one language: the topics and the gap texts."""

    language: str
    kb: KnowledgeBase
    gaps: dict[str, str]


def reply_language(tracker: Tracker) -> str:
    slot = tracker.get_slot(LANGUAGE_SLOT)
    if slot in (ENGLISH, SPANISH):
        return str(slot)
    read = (tracker.latest_message or {}).get(LANGUAGE_SLOT)
    return SPANISH if read == SPANISH else ENGLISH


def remember_language(tracker: Tracker) -> list[dict[str, Any]]:
    """The slot event that keeps the language of a first message the NLU could not call clear ("Infección"),
    so the conversation goes on in it; nothing when the slot is already set."""
    if tracker.get_slot(LANGUAGE_SLOT) in (ENGLISH, SPANISH):
        return []
    read = (tracker.latest_message or {}).get(LANGUAGE_SLOT)
    return [SlotSet(LANGUAGE_SLOT, read)] if read in (ENGLISH, SPANISH) else []


def answering(language: str) -> Answering:
    """The content being served in `language`: the English is live (approved edits within the poll
    interval, actions/live_content.py); the Spanish is content/es/ as loaded at start-up."""
    if language == SPANISH:
        return Answering(SPANISH, _SPANISH_KB, SPANISH_CONTENT.gaps)
    content = live_content.current()
    return Answering(ENGLISH, content.kb, content.gaps)


def words(language: str, key: str, english: str, **values: str) -> str:
    """One of the assistant's own words (a button's title...): `english` as written in the code, or its
    Spanish from content/es/phrases.yml under `key` (the content tests keep the two in step)."""
    text = SPANISH_CONTENT.phrases[key].es if language == SPANISH else english
    return text.format(**values) if values else text


def without_accents(text: str) -> str:
    """Accents dropped ("antihistamínico" -> "antihistaminico"): cue words match however they were typed."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
