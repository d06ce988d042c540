"""The separate questions of one message: "what's the infection risk and could I get a clot too?".

Split at question marks and at "and/also" followed by a question word. The intent classifier reads each
part on its own as well as the whole message (addons/linear_intent_classifier.py) and puts the parts,
with their intents, in the parse data as `question_parts`: the actions answer a second question from
there, and an ordinary question beside an emergency is answered after the emergency reply.
"""

from __future__ import annotations

import re

QUESTION_PARTS_KEY = "question_parts"
# The last question of a message that tells something first ("my knee's achy from hiking, unrelated. But what
# are the risks of the surgery?"), with its own intent.
ASKING_PART_KEY = "asking_part"
_QUESTION_BREAK = re.compile(
    r"\?+|\b(?:and|also|plus|or)\b"
    r"(?= (?:also |too )?(?:what|how|is|are|could|can|will|would|do|does|should|any|whats|what's)\b)"
    r"|\b(?:also|another question|and one more thing|one more thing|oh and|and)\b(?=[^?]*\?)",
    re.I,
)


def split_questions(text: str) -> list[str]:
    """The parts of a message that ask something separately (parts of one word are dropped)."""
    return [p.strip() for p in _QUESTION_BREAK.split(text or "") if p and len(p.strip().split()) >= 2]


# Sentence ends, "but", and the opening "¿" of a Spanish question ("ya me dieron fecha, ¿qué riesgos tiene?").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|,? \bbut\b |[\s,;:]*(?=¿)", re.I)


def last_question(text: str) -> str | None:
    """The last sentence with a question mark, when the message also says something else, before or after
    it ("What are the risks? My doctor never explained them"); else None."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences if "?" in s and len(s.split()) >= 3]
    return asking[-1] if asking else None
