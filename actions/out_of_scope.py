"""action_out_of_scope: say honestly that this is not answered here, offer what is, and the way to staff.

Two exceptions, both for messages the classifier was unsure about or read as out of scope:
- a follow-up on the topic in focus ("why is that?" after an answer) is answered about that topic
  (actions/topic_resolution.resolve_unsure decides);
- otherwise, when knowledge topics were plausible, they are offered as "did you mean" buttons
  rather than guessed at.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import kept_in_focus, send_answers
from actions.emergency_follow_up import PatientQuestionAction
from actions.handoff import can_start, offer_payload
from actions.language import answering, remember_language, reply_language, words
from actions.replies import topic_button
from actions.topic_resolution import (
    TOPIC_INTENTS,
    beyond_topic_content,
    complications_in_last_reply,
    entity_topics,
    resolve_unsure,
    topics_of_previous_message,
)
from addons.complaints import is_complaint

DEFAULT_SUGGESTIONS = ["risks_overview", "infection", "recovery"]
# Readings that mean something only beside an emergency (waiting, help coming): no reading of a question.
ONLY_WITH_AN_EMERGENCY = frozenset({"emergency_wait", "emergency_help_coming", "report_emergency"})
SUGGESTION_MIN_CONFIDENCE = 0.15
ISSUE_RESPONSES = {
    "empty": "utter_input_empty",
    "no_words": "utter_input_empty",
    "other_language": "utter_input_other_language",
    "instructions": "utter_out_of_scope",  # no topic guessed from an attempt to change the rules
}


_GREETING = re.compile(
    r"^\W*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings"
    r"|hola|buen(os|as) (d[ií]as|tardes|noches)|buenas|saludos)\b",
    re.I,
)
_ASKS = re.compile(
    r"\?|(^|[,.;:!-])\s*(what|how|why|when|which|can|could|will|would|should|is|are|do|does"
    r"|qu[eé]|c[oó]mo|por qu[eé]|cu[aá]ndo|cu[aá]l|puedo|puede|es|hay)\b",
    re.I,
)


def opens_with_a_greeting(text: str) -> bool:
    """A greeting that goes on to say how the patient feels, without asking anything: still a greeting."""
    rest = _GREETING.sub("", text or "", count=1)
    return bool(_GREETING.match(text or "")) and not _ASKS.search(rest)


def suggested_topics(intent_ranking: list[dict[str, Any]], limit: int = 2) -> list[str]:
    """Knowledge topics the classifier found plausible, best first."""
    topics = [
        TOPIC_INTENTS[r["name"]]
        for r in intent_ranking
        if r.get("name") in TOPIC_INTENTS and (r.get("confidence") or 0.0) >= SUGGESTION_MIN_CONFIDENCE
    ]
    return topics[:limit]


class ActionOutOfScope(PatientQuestionAction):
    def name(self) -> str:
        return "action_out_of_scope"

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        language = reply_language(tracker)
        content = answering(language)
        kb = content.kb
        message = tracker.latest_message or {}
        issue = message.get("input_issue")
        if issue in ISSUE_RESPONSES:
            dispatcher.utter_message(response=ISSUE_RESPONSES[issue])
            return []
        # "hi, my surgery is monday and I'm nervous" is a greeting; "hi, I'm terrified of the anaesthetic" names
        # what the patient fears, and is answered about it below.
        named = entity_topics(message.get("entities") or [], kinds=("complication",))
        if opens_with_a_greeting(message.get("text") or "") and not named:
            dispatcher.utter_message(response="utter_greet")
            return []
        ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") not in ONLY_WITH_AN_EMERGENCY]
        follow_up = resolve_unsure(
            ranking,
            message.get("entities") or [],
            message.get("text") or "",
            tracker.get_slot("topic_in_focus"),
            topics_of_previous_message(tracker.events),
            message.get("question_parts") or [],
            message.get("asking_part"),
            complications_in_last_reply(tracker.events),
        )
        if (
            follow_up
            and follow_up.resolution.topic
            and not beyond_topic_content(follow_up.resolution.topic, message.get("text") or "")
        ):
            return send_answers(
                dispatcher,
                tracker,
                content,
                follow_up.resolution.topic,
                follow_up.resolution.aspect,
                follow_up.alternative,
            )
        was_unsure = (message.get("intent") or {}).get("name") == "nlu_fallback"
        guesses = suggested_topics(message.get("intent_ranking") or []) if was_unsure else []
        buttons = [
            topic_button(t, words(language, "did_you_mean", f"Did you mean: {kb.get(t).title}?", title=kb.get(t).title))
            for t in guesses
        ]
        buttons += [topic_button(t, kb.get(t).title) for t in DEFAULT_SUGGESTIONS if t not in guesses]
        buttons.append({"title": words(language, "talk_to_a_person", "Talk to a person"), "payload": "/human_handoff"})
        reason = handoff_trigger(tracker.events, message.get("text") or "")
        offer = reason is not None and can_start(tracker)
        if offer:  # the person is offered on its own, below, rather than as the fourth button
            buttons = [b for b in buttons if b["payload"] != "/human_handoff"]
        dispatcher.utter_message(response="utter_out_of_scope", buttons=buttons[:4])
        if offer and reason is not None:
            yes = {
                "title": words(language, "yes_talk_to_a_person", "Yes, talk to a person"),
                "payload": offer_payload(reason),
            }
            dispatcher.utter_message(response="utter_handoff_offer", buttons=[yes])
        return [*kept_in_focus(message.get("entities") or []), *remember_language(tracker)]


def handoff_trigger(events: list[dict[str, Any]], text: str) -> str | None:
    """Why to offer a person with this decline (live handoff, docs/handoff.md): the patient says the answers do
    not help ("not_helped"), or the patient's previous message was declined too ("declined_twice"); else None."""
    if is_complaint(text):
        return "not_helped"
    seen_current = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_current:
                return None  # the previous message got no decline
            seen_current = True
        elif seen_current and event.get("event") == "bot":
            custom = (event.get("data") or {}).get("custom")
            if isinstance(custom, dict) and custom.get("topic") == "out_of_scope":
                return "declined_twice"
    return None
