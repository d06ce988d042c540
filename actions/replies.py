"""Building replies: the answer contract payload, quick-reply buttons and clinic contact wording."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker

from actions import live_content
from actions.knowledge import FollowUp, KnowledgeBase, Topic
from actions.language import ENGLISH, SPANISH, words

# For a slot without a value. The Rasa server's fallbacks are the same (addons/clinic_contacts.py; a test
# keeps them equal): the action server's image has no addons/ to import them from.
DEFAULT_CONTACTS = {"emergency_number": "911", "clinic_phone": "the clinic", "clinic_hours": "office hours"}


SPANISH_HOURS_SLOT = "clinic_hours_es"  # the office hours in Spanish (domain.yml), for Spanish replies


def contact(tracker: Tracker, slot: str, language: str = ENGLISH) -> str:
    """An approved edit in the content store wins over the domain's slot value: the slots' initial values
    are fixed in the trained model, the store's are live within the poll interval (actions/live_content.py)."""
    approved = live_content.current().contacts
    if approved and approved.get(slot) and approved[slot] != tracker.get_slot(slot):
        return approved[slot]  # changed in the console: hours right in English beat outdated ones in Spanish
    if slot == "clinic_hours" and language == SPANISH and tracker.get_slot(SPANISH_HOURS_SLOT):
        return str(tracker.get_slot(SPANISH_HOURS_SLOT))
    return tracker.get_slot(slot) or DEFAULT_CONTACTS[slot]


def fill_contacts(text: str, tracker: Tracker, language: str = ENGLISH) -> str:
    """Fill {emergency_number}, {clinic_phone}, {clinic_hours} from the domain's contact slots."""
    for slot in DEFAULT_CONTACTS:
        text = text.replace("{" + slot + "}", contact(tracker, slot, language))
    return text


def contract_payload(topic: Topic) -> dict[str, Any]:
    """The machine-readable tag every knowledge answer carries (shared/topics.yml)."""
    return {"topic": topic.id, "source": topic.section}


def topic_button(topic_id: str, title: str, aspect: str | None = None) -> dict[str, str]:
    payload = f"/ask_{topic_id}"
    if aspect:
        payload += json.dumps({"aspect": aspect})
    return {"title": title, "payload": payload}


def follow_up_buttons(
    topic: Topic, kb: KnowledgeBase, shown_aspect: str, language: str = ENGLISH
) -> list[dict[str, str]]:
    """2-4 natural next questions: the topic's own follow-ups minus what was just shown."""
    buttons = [_button(topic, f, kb) for f in topic.follow_ups if f.aspect != shown_aspect]
    if shown_aspect != "summary" and len(buttons) < 4:
        buttons.insert(0, topic_button(topic.id, words(language, "back_to_basics", "Back to basics"), "summary"))
    if len(buttons) < 2:
        buttons.append({"title": words(language, "other_topics", "Other topics"), "payload": "/help"})
    return buttons[:4]


def _button(topic: Topic, follow_up: FollowUp, kb: KnowledgeBase) -> dict[str, str]:
    if follow_up.topic:
        return topic_button(follow_up.topic, follow_up.label)
    return topic_button(topic.id, follow_up.label, follow_up.aspect)
