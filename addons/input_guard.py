"""First step of the NLU pipeline: make any patient text safe to understand.

Strips HTML/script markup, caps the length the models see, and notes messages that carry no words,
are in another language, or were empty, so the last step (addons/emergency_classifier.py) can route
them to a clear reply instead of a guess.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

INPUT_ISSUE = "input_issue"
MAX_NLU_CHARS = 1500  # a long message is still read by triage in full; the models see its start

_TAGS = re.compile(r"<\s*(script|style)[^>]*>.*?<\s*/\s*\1\s*>|<[^>]{0,300}>", re.I | re.S)
_NON_LATIN = re.compile(r"[\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u0e00-\u0eff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[a-zà-ÿ']+")
_ENGLISH = set(
    "i you me my the a an is are be was will would can could do does did what how why when which who "
    "and or to of in on for with after before it that this there have has had get if not no risk "
    "surgery pain back spine am im its".split()
)
_FOREIGN = set(
    # Spanish, French, German, Portuguese, Italian, Dutch function words that are not English words
    "el la los las es son una por para que qué cómo cuál del con mi mis muy pero después cirugía "
    "le les est sont une pour avec je mon ma mes très mais après chirurgie quels quelle "
    "der die das ist sind ein eine und nicht ich mein meine mit nach oder wie was sehr operation "
    "não são um uma com meu minha muito depois cirurgia quais "
    "il gli sono di che per con mio dopo chirurgia "
    "het een en niet ik mijn met na wat hoe zijn".split()
)


# Attempts to make the assistant ignore its instructions are declined, whatever else they ask.
_INSTRUCTION_ATTACK = re.compile(
    r"\b(ignore|disregard|forget|override|bypass)\b.{0,30}\b(instructions?|rules|prompt|guidelines|restrictions|programming)\b"
    r"|\b(system|hidden|initial) prompt\b|\bjailbreak|\bdeveloper mode\b"
    r"|\b(pretend|act|behave|roleplay|role-play)( that)? (you are|you're|to be|as) (a |an |my )?(real |human |licensed )?"
    r"(doctor|surgeon|nurse|physician|human|person|different|unrestricted|chatgpt|gpt)",
    re.I,
)


@dataclass(frozen=True)
class InputCheck:
    text: str
    issue: Optional[str]  # empty | no_words | other_language | instructions | None


def inspect_input(text: Optional[str]) -> InputCheck:
    raw = text or ""
    clean = _TAGS.sub(" ", html.unescape(raw))
    clean = re.sub(r"\s+", " ", clean).strip()[:MAX_NLU_CHARS]
    if not raw.strip():
        return InputCheck("", "empty")
    if not re.search(r"[^\W_]", clean):
        return InputCheck(clean, "no_words")
    letters = [c for c in clean if c.isalpha()]
    if letters and sum(bool(_NON_LATIN.match(c)) for c in letters) > len(letters) / 2:
        return InputCheck(clean, "other_language")
    if _INSTRUCTION_ATTACK.search(clean):
        return InputCheck(clean, "instructions")
    words = _WORD.findall(clean.lower())
    foreign = sum(w in _FOREIGN for w in words)
    english = sum(w in _ENGLISH for w in words)
    if len(words) >= 3 and foreign >= 2 and foreign > english:
        return InputCheck(clean, "other_language")
    return InputCheck(clean, None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class InputGuard(GraphComponent):
    """Cleans the text before tokenisation and records what was wrong with it, if anything."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InputGuard":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            if example.get(TEXT):
                example.set(TEXT, inspect_input(example.get(TEXT)).text or example.get(TEXT))
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            original = message.get(TEXT)
            check = inspect_input(original)
            message.set("original_text", original)
            # An empty string would give the featurizers nothing; keep a neutral token for them.
            message.set(TEXT, check.text or "empty")
            if check.issue:
                message.set(INPUT_ISSUE, check.issue, add_to_output=True)
        return messages
