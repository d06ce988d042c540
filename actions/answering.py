"""action_answer_question: answer a knowledge question or follow-up from the approved content."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import ROOT, KnowledgeBase, Topic, knowledge_base
from actions.replies import contract_payload, fill_contacts, follow_up_buttons
from actions.topic_resolution import resolve

GAPS_FILE = ROOT / "content" / "gaps.yml"
GENERAL_PREVENTION_TOPIC = "reduce_risk_patient"


def load_gaps(path: Path = GAPS_FILE) -> Dict[str, str]:
    gaps = yaml.safe_load(path.read_text(encoding="utf-8"))
    for aspect in ("likelihood", "signs", "prevention", "next"):
        if not isinstance(gaps.get(aspect), str):
            raise ValueError(f"{path}: missing the text for {aspect!r}")
    return {k: " ".join(v.split()) for k, v in gaps.items()}


@dataclass
class ComposedAnswer:
    text: str
    topics: List[Topic]                 # topics whose approved content the text uses, primary first
    shown_aspect: str
    extra_buttons: List[Dict[str, str]] = field(default_factory=list)


def compose(kb: KnowledgeBase, gaps: Dict[str, str], topic: Topic, aspect: str) -> ComposedAnswer:
    """The reply text for one aspect of one topic, honest about what the content does not cover."""
    parts: List[str] = []
    used = [topic]
    if aspect == "severity":
        aspect = "what" if topic.answer("what") else "summary"
        parts.append(topic.answer(aspect).text)
        if topic.safety_net:
            parts.append(topic.safety_net)
        return ComposedAnswer(" ".join(parts), used, aspect)
    found = topic.answer(aspect)
    if found:
        parts.append(found.text)
        if aspect == "signs" and topic.safety_net:
            parts.append(topic.safety_net)
        return ComposedAnswer(" ".join(parts), used, aspect)
    if aspect == "what":
        return ComposedAnswer(topic.answer("summary").text, used, "summary")
    gap = gaps.get(aspect)
    if gap is None:
        return ComposedAnswer(topic.answer("summary").text, used, "summary")
    parts.append(gap.replace("{title}", topic.title))
    if aspect == "prevention" and topic.id != GENERAL_PREVENTION_TOPIC:
        general = kb.get(GENERAL_PREVENTION_TOPIC)
        parts.append(general.answer("summary").text)
        used.append(general)
    elif aspect == "signs" and topic.safety_net:
        parts.append(topic.safety_net)
    else:
        parts.append(topic.answer("summary").text)
    return ComposedAnswer(" ".join(parts), used, aspect)


def send_answer(dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase, gaps: Dict[str, str],
                topic_id: str, aspect: str, first_buttons: Optional[List[Dict[str, str]]] = None,
                ) -> List[Dict[Text, Any]]:
    """Utter one topic's answer (text + buttons, then the contract payloads) and put it in focus."""
    topic = kb.get(topic_id)
    answer = compose(kb, gaps, topic, aspect)
    buttons = (first_buttons or []) + follow_up_buttons(topic, kb, answer.shown_aspect)
    dispatcher.utter_message(text=fill_contacts(answer.text, tracker), buttons=buttons[:4])
    for used in answer.topics:
        dispatcher.utter_message(json_message=contract_payload(used))
    return [SlotSet("topic_in_focus", topic.id)]


class ActionAnswerQuestion(Action):
    def __init__(self) -> None:
        self.kb = knowledge_base()
        self.gaps = load_gaps()

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        resolution = resolve(
            (message.get("intent") or {}).get("name"),
            message.get("entities") or [],
            message.get("text") or "",
            tracker.get_slot("topic_in_focus"),
            (message.get("intent") or {}).get("confidence") or 0.0,
        )
        if resolution.topic is None:
            dispatcher.utter_message(response="utter_which_topic")
            return []
        return send_answer(dispatcher, tracker, self.kb, self.gaps, resolution.topic, resolution.aspect)
