"""The separate questions of one message ("what's the infection risk and could I get a clot too?"), and
the sentences of a whole message, which the intent classifier also reads one by one for emergencies.

Split at question marks and at "and/also" followed by a question word. The intent classifier reads each
part on its own as well as the whole message (addons/linear_intent_classifier.py) and puts the parts,
with their intents, in the parse data as `question_parts`: the actions answer a second question from
there, and an ordinary question beside an emergency is answered after the emergency reply.
"""

from __future__ import annotations

import re

QUESTION_PARTS_KEY = "question_parts"
# The sentence of the whole message the classifier reads most surely as an emergency, with that confidence.
EMERGENCY_SENTENCE_KEY = "emergency_sentence"
_QUESTION_BREAK = re.compile(
    r"\?+|\b(?:and|also|plus|or)\b"
    r"(?= (?:also |too )?(?:what|how|is|are|could|can|will|would|do|does|should|any|whats|what's)\b)"
    r"|\b(?:also|another question|and one more thing|one more thing|oh and|and)\b(?=[^?]*\?)",
    re.I,
)


def split_questions(text: str) -> list[str]:
    """The parts of a message that ask something separately (parts of one word are dropped)."""
    return [p.strip() for p in _QUESTION_BREAK.split(text or "") if p and len(p.strip().split()) >= 2]


# Sentence ends, line breaks, and the turns of a story told in one breath ("... but now my legs are numb").
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;\n])\s+|\n+|\s+(?:but|and then|and now|now)\s+", re.I)


def split_sentences(text: str) -> list[str]:
    """The sentences of a message, every word of it kept (sentences of fewer than three words are dropped)."""
    return [s.strip() for s in _SENTENCE_BREAK.split(text or "") if s and len(s.split()) >= 3]
