"""action_answer_question: answer a knowledge question or follow-up from the approved content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.emergency_follow_up import RIGHT_AFTER_TURNS, PatientQuestionAction, emergency_advised_recently
from actions.knowledge import ANSWERED_BY_SUMMARY, GAPS_FILE, KnowledgeBase, Topic, parse_gaps
from actions.language import Answering, answering, remember_language, reply_language, words
from actions.replies import contract_payload, fill_contacts, follow_up_buttons, topic_button
from actions.topic_resolution import (
    TOPIC_INTENTS,
    asks_outside_content,
    beyond_topic_content,
    complications_in_last_reply,
    detect_aspect,
    focus_after_a_decline,
    resolve,
    second_topic,
    topic_read_next,
    topics_of_previous_message,
)

GENERAL_PREVENTION_TOPIC = "reduce_risk_patient"


def load_gaps(path: Path = GAPS_FILE) -> dict[str, str]:
    """The texts of a gaps file, checked (knowledge.parse_gaps). The actions answer from the content being
    served instead (live_content.current().gaps), which starts as content/gaps.yml."""
    return parse_gaps(path, yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass
class ComposedAnswer:
    text: str
    topics: list[Topic]  # topics whose approved content the text uses, primary first
    shown_aspect: str
    extra_buttons: list[dict[str, str]] = field(default_factory=list)


# A question about what the patient's own symptom is ("is that the clot thing?", "¿eso es lo del coágulo?")
_ASKS_WHAT_THE_SYMPTOM_IS = re.compile(
    r"\b(is|was|could|might) (it|that|this)\b|\b(it|that|this) (is|was|could be|might be)\b"
    r"|\b(es|era|sera|será) (eso|esto)\b|\b(eso|esto) (es|era|sera|será)\b",
    re.I,
)
# "Which one is the worst?" asked of the list of risks: the article does not rank them, and the gravest harm it
# names is nerve or spinal cord injury ("even paralysis"). The answer says so (content/gaps.yml `not_ranked`)
# and gives that topic's summary, which the conversation then follows ("is that common?").
GRAVEST_HARM = {"risks_overview": "nerve_injury"}


def compose(kb: KnowledgeBase, gaps: dict[str, str], topic: Topic, aspect: str) -> ComposedAnswer:
    """The reply text for one aspect of one topic, honest about what the content does not cover. The
    topics it uses come primary first: the one the conversation follows."""
    parts: list[str] = []
    used = [topic]
    if aspect == "severity" and topic.id in GRAVEST_HARM and gaps.get("not_ranked"):
        gravest = kb.get(GRAVEST_HARM[topic.id])
        return ComposedAnswer(f"{gaps['not_ranked']} {gravest.summary.text}", [gravest, topic], "summary")
    if aspect == "severity":
        what = topic.answer("what")
        aspect = "what" if what else "summary"
        parts.append((what or topic.summary).text)
        if topic.safety_net:
            parts.append(topic.safety_net)
        return ComposedAnswer(" ".join(parts), used, aspect)
    found = topic.answer(aspect)
    if found:
        parts.append(found.text)
        if aspect == "signs" and topic.safety_net:
            parts.append(topic.safety_net)
        return ComposedAnswer(" ".join(parts), used, aspect)
    if aspect in ANSWERED_BY_SUMMARY:
        return ComposedAnswer(topic.summary.text, used, "summary")
    if aspect == "signs" and topic.safety_net:
        return ComposedAnswer(f"{gaps['signs_before_safety_net']} {topic.safety_net}", used, aspect)
    gap = gaps.get(aspect)
    if gap is None:
        return ComposedAnswer(topic.summary.text, used, "summary")
    parts.append(gap)
    if aspect == "prevention" and topic.id != GENERAL_PREVENTION_TOPIC:
        general = kb.get(GENERAL_PREVENTION_TOPIC)
        parts.append(general.summary.text)
        used.append(general)
    else:
        parts.append(topic.summary.text)
    return ComposedAnswer(" ".join(parts), used, aspect)


def send_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    content: Answering,
    topic_id: str,
    aspect: str,
    first_buttons: list[dict[str, str]] | None = None,
    follow_ups: bool = True,
) -> list[dict[str, Any]]:
    """Utter one topic's answer (text + buttons, then the contract payloads) and put it in focus."""
    kb = content.kb
    answer = compose(kb, content.gaps, kb.get(topic_id), aspect)
    topic = answer.topics[0]  # the topic asked about, or the one its answer moved on to (GRAVEST_HARM)
    more = follow_up_buttons(topic, kb, answer.shown_aspect, content.language) if follow_ups else []
    buttons = (first_buttons or []) + more
    dispatcher.utter_message(text=fill_contacts(answer.text, tracker, content.language), buttons=buttons[:4])
    for used in answer.topics:
        dispatcher.utter_message(json_message=contract_payload(used))
    return [SlotSet("topic_in_focus", topic.id), *remember_language(tracker)]


def send_answers(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    content: Answering,
    topic_id: str,
    aspect: str,
    offer: str | None = None,
) -> list[dict[str, Any]]:
    """The answer, then the answer to a second question of the same message if it asks one ("what's the
    infection risk and could I get a clot too?"); the first topic stays in focus. `offer`: another
    plausible topic, offered as "Did you mean" when the message asks one thing only."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    other = second_topic(topic_id, message.get("question_parts") or [], message.get("entities") or [])
    extra = []
    if offer and not other:
        title = content.kb.get(offer).title
        extra = [topic_button(offer, words(content.language, "did_you_mean", f"Did you mean: {title}?", title=title))]
    events = send_answer(dispatcher, tracker, content, topic_id, aspect, extra)
    if other:
        send_answer(dispatcher, tracker, content, other, detect_aspect(text) or "summary")
    return events


def kept_in_focus(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The slot event that keeps the topic a declined message named in focus, for the next follow-up."""
    topic = focus_after_a_decline(entities)
    return [SlotSet("topic_in_focus", topic)] if topic else []


class ActionAnswerQuestion(PatientQuestionAction):
    def name(self) -> str:
        return "action_answer_question"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        asked = (message.get("asking_part") or {}).get("text") or message.get("text") or ""
        if _ASKS_WHAT_THE_SYMPTOM_IS.search(asked) and emergency_advised_recently(tracker.events, RIGHT_AFTER_TURNS):
            # "the ambulance is here now. is that the clot that goes to the lungs?" read as a question about clots,
            # right after the advice: its answer is general, and says it is no judgement of the symptom
            say_it_is_no_judgement(dispatcher, reply_language(tracker))
        resolution = resolve(
            (message.get("intent") or {}).get("name"),
            message.get("entities") or [],
            message.get("text") or "",
            tracker.get_slot("topic_in_focus"),
            (message.get("intent") or {}).get("confidence") or 0.0,
            topics_of_previous_message(tracker.events),
            message.get("question_parts") or [],
            complications_in_last_reply(tracker.events),
        )
        text = message.get("text") or ""
        # a follow-up with nothing in focus: the topic read next, or the question which topic is meant
        topic = resolution.topic or topic_read_next(message.get("intent_ranking") or [])
        if topic is None:
            dispatcher.utter_message(response="utter_which_topic")
            return []
        aspect = resolution.aspect if resolution.topic else detect_aspect(text) or "summary"
        language = reply_language(tracker)
        # money, painkillers, doses, or what the topic's content never says: never a neighbour's answer
        if asks_outside_content(text) or beyond_topic_content(topic, text):
            person = words(language, "talk_to_a_person", "Talk to a person")
            dispatcher.utter_message(
                response="utter_out_of_scope", buttons=[{"title": person, "payload": "/human_handoff"}]
            )
            return [*kept_in_focus(message.get("entities") or []), *remember_language(tracker)]
        # The content being served at this moment: an approved change goes live between two messages.
        return send_answers(dispatcher, tracker, answering(language), topic, aspect)


class ActionAnswerBesideEmergency(Action):
    """After the emergency reply, the ordinary question the same message also asked ("my calf is swollen
    and painful. Also, how long is the recovery?"), with no buttons to draw the patient away from the
    advice. The NLU side sets `other_question` only for a question of its own, without a red flag."""

    def name(self) -> str:
        return "action_answer_beside_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        return answer_the_question_beside(dispatcher, tracker)


def say_it_is_no_judgement(dispatcher: CollectingDispatcher, language: str) -> None:
    dispatcher.utter_message(
        text=words(
            language,
            "not_a_judgement",
            "I can't tell what is happening to you. The team with you now can. "
            "Here is what our information says in general:",
        )
    )


def answer_the_question_beside(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The question the NLU side found beside an emergency or beside help on its way (`other_question`), answered
    without buttons; nothing when there is none, or it asks what the content does not cover."""
    message = tracker.latest_message or {}
    intent = next((e.get("value") for e in message.get("entities") or [] if e.get("entity") == "other_question"), None)
    topic = TOPIC_INTENTS.get(intent or "")
    part: dict[str, Any] = next((p for p in message.get("question_parts") or [] if p.get("intent") == intent), {})
    # (one question in the message: no parts, its asking part is the question)
    asked = part.get("text") or (message.get("asking_part") or {}).get("text") or ""
    if topic is None or asks_outside_content(asked):
        return []
    language = reply_language(tracker)
    if _ASKS_WHAT_THE_SYMPTOM_IS.search(asked):
        # "is that the clot going to the lungs thing?" once help is with them: the topic's general text, said to
        # be no judgement of what is happening to the patient
        say_it_is_no_judgement(dispatcher, language)
    content = answering(language)
    return send_answer(dispatcher, tracker, content, topic, detect_aspect(asked) or "summary", follow_ups=False)
