"""Which topic and which aspect of it a message asks about, using the topic in focus for follow-ups.

"what's a dural tear?" names a topic; "how common is that?" asks an aspect of the topic in focus;
"how common is a dural tear?" does both. The classifier's intent, the spaCy entities (mapped to topic
ids by synonyms) and a few wording cues are combined here, in one place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional

from actions.knowledge import KNOWLEDGE_TOPICS

TOPIC_INTENTS: Dict[str, str] = {f"ask_{t}": t for t in KNOWLEDGE_TOPICS}
FOLLOW_UP_INTENTS: Dict[str, str] = {
    "ask_likelihood": "likelihood",
    "ask_symptoms": "signs",
    "ask_prevention": "prevention",
    "ask_what_next": "next",
    "ask_severity": "severity",
    "ask_more": "more",
}
# Topics a patient names with a specific complication word; entities for these can sharpen a
# generic intent ("how do I lower my infection risk" -> infection, not general risk reduction).
COMPLICATION_TOPICS = {"anesthesia", "infection", "blood_clots", "nerve_injury", "dural_tear", "conversion_to_open"}

_ASPECT_CUES = [  # first match wins; order matters ("what happens if" before "what is")
    ("likelihood", r"\b(how (common|likely|often|rare|frequent)|what are the (odds|chances)|chances?|odds|percent|%|probability|likelihood|how many people|does it happen often|happen often)\b"),
    ("signs", r"\b(signs?|symptoms?|notice|feel like|how (would|do|will|can) (i|you) (know|tell)|what would (i|it) feel|what does it feel|recogni[sz]e)\b"),
    ("prevention", r"\b(prevent\w*|avoid\w*|lower\w*|reduc\w*|minimi[sz]\w*|decreas\w*|less likely|cut (down|my) risk|protect)\b"),
    ("next", r"\b(what happens (then|next|after|if)|then what|treat\w*|fix\w*|repair\w*|what do (they|you|doctors) do|if (it|that) happens|how is it (handled|managed))\b"),
    ("severity", r"\b(dangerous|serious|deadly|fatal|how bad|life threatening|worried|scary|harmful)\b"),
    ("more", r"\b(tell me more|more (info|information|detail|details)|elaborate|go on|in detail|explain more)\b"),
]
_REFERS_BACK = re.compile(r"\b(it|that|this|those|these|them|the same)\b")


@dataclass(frozen=True)
class Resolution:
    topic: Optional[str]   # None: a follow-up with nothing in focus -> ask which topic
    aspect: str            # summary | what | signs | likelihood | prevention | next | more | severity


def detect_aspect(text: str) -> Optional[str]:
    low = (text or "").lower()
    for aspect, pattern in _ASPECT_CUES:
        if re.search(pattern, low):
            return aspect
    return None


def entity_topics(entities: Iterable[Dict[str, Any]]) -> List[str]:
    """Topic ids named by entities (values mapped to topic ids by synonyms), in message order."""
    found: List[str] = []
    for ent in entities or []:
        value = ent.get("value")
        if ent.get("entity") in ("complication", "procedure") and value in KNOWLEDGE_TOPICS and value not in found:
            found.append(value)
    return found


def resolve(intent: Optional[str], entities: List[Dict[str, Any]], text: str, focus: Optional[str]) -> Resolution:
    named = entity_topics(entities)
    button_aspect = next((e.get("value") for e in entities or [] if e.get("entity") == "aspect"), None)
    if intent in FOLLOW_UP_INTENTS:
        aspect = button_aspect or FOLLOW_UP_INTENTS[intent]
        return Resolution(named[0] if named else focus, aspect)
    topic = TOPIC_INTENTS.get(intent or "")
    if topic is None:
        return Resolution(None, "summary")
    aspect = button_aspect or detect_aspect(text) or "summary"
    if topic == "reduce_risk_patient":
        specific = [t for t in named if t in COMPLICATION_TOPICS]
        if specific:  # "how can I avoid a blood clot" -> the clot topic, its prevention aspect
            return Resolution(specific[0], "prevention")
        if focus in COMPLICATION_TOPICS and _REFERS_BACK.search((text or "").lower()) and not named:
            return Resolution(focus, "prevention")  # "how do I lower that risk?" after a topic
    return Resolution(topic, aspect)
