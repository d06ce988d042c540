"""action_emergency_follow_up: after the emergency reply, the advice stands.

The rules answer the message right after an emergency reply with domain responses (they work with the
action server down). This action handles the same intents further on in the conversation: within a
few turns of an emergency reply, "can I wait until morning?" gets the advice again and "I called
them" an acknowledgement; with no emergency reply in sight they get the ordinary replies.
"""

from __future__ import annotations

import re
from abc import ABCMeta, abstractmethod
from collections.abc import Iterable
from re import Pattern
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import live_content
from addons.triage import normalise

EMERGENCY_REPLIES = frozenset({"utter_emergency", "utter_emergency_es", "utter_emergency_wait"})
RECENT_PATIENT_TURNS = 6
# Right after an emergency reply a message is read as being about it: the patient's next two messages.
RIGHT_AFTER_TURNS = 2
# Intents that, right after an emergency reply, are about the emergency whatever their words.
ABOUT_THE_EMERGENCY = frozenset({"emergency_wait", "report_symptom"})
# Read as help on its way (addons/intent_router.py checked its words): acknowledged unless it also asks to wait.
HELP_COMING = "emergency_help_coming"
# Small talk right after the advice gets its ordinary reply, unless it asks to wait ("he says rest first, later
# see how", read as a goodbye): then the advice again (rules in data/rules.yml send these here).
SMALL_TALK_REPLIES = {
    "goodbye": "utter_goodbye",
    "thank": "utter_you_are_welcome",
    "affirm": "utter_anything_else",
    "deny": "utter_anything_else",
}


_MATCHES_NOTHING = re.compile(r"(?!)")


def in_care_cues() -> Pattern[str]:
    """The clinic-reviewed `in_care` words in force: the approved triage patterns' where there are some, else
    content/emergency_triggers.yml's (actions/live_content.py reads both)."""
    return live_content.current().in_care_cues or _MATCHES_NOTHING


def advice_settled_cues() -> Pattern[str]:
    """The clinic-reviewed `advice_settled` words in force (as `in_care_cues`)."""
    return live_content.current().advice_settled_cues or _MATCHES_NOTHING


def under_way_now_cues() -> Pattern[str]:
    """The clinic-reviewed words that say help is under way as the patient writes (as `in_care_cues`)."""
    return live_content.current().under_way_now_cues or _MATCHES_NOTHING


def delay_cues() -> Pattern[str]:
    """The clinic-reviewed delay words in force (as `in_care_cues`): the approved triage patterns' reach every
    action server within the content store's poll interval."""
    return live_content.current().delay_cues or _MATCHES_NOTHING


def _is_emergency_reply(event: dict[str, Any]) -> bool:
    """An emergency reply, sent by a rule (an action event of its response) or from within an action
    (a bot message tagged `emergency`)."""
    if event.get("event") == "action":
        return event.get("name") in EMERGENCY_REPLIES
    if event.get("event") == "bot":
        custom = (event.get("data") or {}).get("custom") or {}
        return isinstance(custom, dict) and custom.get("topic") == "emergency"
    return False


def emergency_advised_recently(
    events: Iterable[dict[str, Any]], turns: int = RECENT_PATIENT_TURNS, until_help_is_coming: bool = False
) -> bool:
    """Whether an emergency reply was sent in this session within the patient's last `turns` messages
    (with `until_help_is_coming`: and the patient has not said since that help is on its way)."""
    seen_turns = 0
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "session_started":
            return False
        if kind == "user":
            seen_turns += 1
            if seen_turns > turns:
                return False
            if until_help_is_coming and seen_turns > 1 and settles_the_advice(event):
                return False
        if kind == "bot" and (event.get("metadata") or {}).get("handoff"):
            # A member of the clinic's staff wrote since (console/handoff_relay.py): the inbox flagged the
            # emergency to them, and it is in a person's hands.
            return False
        if _is_emergency_reply(event):
            return True
    return False


def _as_the_triage_reads(message: dict[str, Any]) -> str:
    """The message's text as the triage patterns read it (addons/triage.normalise, its spellings folded): "I've
    rung" -> "ive rung", "my brother de carry me go hospital" -> "my brother taking me to hospital"."""
    return normalise(message.get("text") or "")


def settles_the_advice(message: dict[str, Any]) -> bool:
    """Whether a patient's message (a tracker's latest message or a user event) settles the advice: care has
    reached them since, or -- with no words that ask to wait -- help is on its way or the symptom is taken
    back. A message that settled it once keeps it settled: "ok the ambulance is here" then "is that a clot?".

    A message the classifier reads as asking to wait or as a symptom report settles it only when its words say help
    is on its way and under way now ("my sister is taking me to the hospital right now"): the classifier knows more ways
    of putting off care than the delay words do ("my son can take me in when he's off work")."""
    intent: str | None = ((message.get("parse_data") or message).get("intent") or {}).get("name")
    text = _as_the_triage_reads(message)
    if in_care_cues().search(text):
        return True  # "while I wait for my lift" at the hospital is no delay
    if delay_cues().search(text):
        return False
    if intent in ABOUT_THE_EMERGENCY:
        return bool(advice_settled_cues().search(text) and under_way_now_cues().search(text))
    return intent == HELP_COMING or bool(advice_settled_cues().search(text))


def repeats_emergency_advice(tracker: Tracker) -> bool:
    """Whether this message, right after an emergency reply, gets the advice again instead of an answer: yes,
    whatever else it asks, unless it settles the advice (care since, help on its way, the symptom taken back).
    Patients put off care in more ways than any list of words: another errand first ("cows to milk first.
    after?"), a harmless cause ("could it just be heartburn tho"), a question about something else. None of
    them makes the symptom less urgent, so only what settles the advice ends it."""
    # Once the patient said help is on its way, "while we wait, what is a dural tear?" is a question.
    if not emergency_advised_recently(tracker.events, RIGHT_AFTER_TURNS, until_help_is_coming=True):
        return False
    return not settles_the_advice(tracker.latest_message or {})


# Read as a message the assistant cannot answer: right after the advice, help on its way said in words the
# classifier did not know ("fine, my neighbour is driving me in") is acknowledged, not declined.
DECLINED_INTENTS = frozenset({"out_of_scope", "nlu_fallback"})


def acknowledges_help(tracker: Tracker) -> bool:
    """Whether this message, read as one the assistant cannot answer, comes right after an emergency reply
    and settles the advice: then it gets the acknowledgement ("Good. Getting help now is the right thing")."""
    message = tracker.latest_message or {}
    if (message.get("intent") or {}).get("name") not in DECLINED_INTENTS:
        return False
    if not emergency_advised_recently(tracker.events, RIGHT_AFTER_TURNS, until_help_is_coming=True):
        return False
    text = _as_the_triage_reads(message)
    if in_care_cues().search(text):
        # Seen and home again, "how common are these leaks?": the question gets its answer, not a "good, get help"
        return "?" not in (message.get("text") or "")
    return bool(advice_settled_cues().search(text)) and not delay_cues().search(text)


# "ok", "thanks", "no", "bye bye now": small talk. A longer message read as a yes, a no or thanks says more ("I really
# don't want to be a nuisance to anyone", "ya volvió en sí, dice que está bien, ¿ya no hace falta llevarla verdad?",
# b49, es29): right after the advice it gets the advice again unless it settles it, like any other message.
SMALL_TALK_WORDS = 4


def _more_than_small_talk(tracker: Tracker) -> bool:
    said = str((tracker.latest_message or {}).get("text") or "")
    return "?" in said or len(re.findall(r"\w+", said)) > SMALL_TALK_WORDS


def _says_help_is_under_way(tracker: Tracker, text: str, asks_to_wait: bool) -> bool:
    """Whether small talk right after the advice also says help is on its way ("ok ok I'm ringing now")."""
    if asks_to_wait or not advice_settled_cues().search(text):
        return False
    return emergency_advised_recently(tracker.events, RIGHT_AFTER_TURNS)


def give_the_advice_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Utter the emergency advice again when `repeats_emergency_advice`; whether it did."""
    if repeats_emergency_advice(tracker):
        dispatcher.utter_message(response="utter_emergency_wait")
        return True
    return False


class PatientQuestionAction(Action, metaclass=ABCMeta):
    """An action that answers a patient's message -- unless the message comes right after an emergency
    reply and asks to wait or plays it down: then the advice is given again, whatever the classifier read."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if give_the_advice_again(dispatcher, tracker):
            return []
        if acknowledges_help(tracker):
            dispatcher.utter_message(response="utter_emergency_acknowledge")
            return []
        return await self.respond(dispatcher, tracker)

    @abstractmethod  # abstract: the action server does not register this class itself
    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """The reply to the message when the emergency advice is not repeated."""


class ActionEmergencyFollowUp(Action):
    def name(self) -> str:
        return "action_emergency_follow_up"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in SMALL_TALK_REPLIES:
            text = _as_the_triage_reads(tracker.latest_message or {})
            asks_to_wait = bool(delay_cues().search(text))
            if (asks_to_wait or _more_than_small_talk(tracker)) and repeats_emergency_advice(tracker):
                dispatcher.utter_message(response="utter_emergency_wait")
            elif _says_help_is_under_way(tracker, text, asks_to_wait):
                # "ok ok I'm ringing now", read as a goodbye: the acknowledgement, not "Take care!"
                dispatcher.utter_message(response="utter_emergency_acknowledge")
            else:
                dispatcher.utter_message(response=SMALL_TALK_REPLIES[intent])
            return []
        advised = emergency_advised_recently(tracker.events)
        if give_the_advice_again(dispatcher, tracker):  # "help is coming... but can I wait till Monday?"
            return []
        if intent == "emergency_wait" and not advised:
            # No emergency in sight: "ok I'll try to quit. anything else I can do?", read as asking to wait (b37),
            # is a question like any other the classifier was unsure of. (Imported here: that module imports this.)
            from actions.out_of_scope import ActionOutOfScope

            return await ActionOutOfScope().respond(dispatcher, tracker)
        if intent == "emergency_wait":
            dispatcher.utter_message(response="utter_emergency_wait")
            return []
        dispatcher.utter_message(response="utter_emergency_acknowledge" if advised else "utter_anything_else")
        # The question asked beside help on its way, answered after the acknowledgement. (Imported here: the
        # answering module imports this one.)
        from actions.answering import answer_the_question_beside

        return answer_the_question_beside(dispatcher, tracker)
