"""The separate questions of one message: "what's the infection risk and could I get a clot too?".

Split at question marks and at "and/also" followed by a question word. The intent classifier reads each
part on its own as well as the whole message (addons/linear_intent_classifier.py) and puts the parts,
with their intents, in the parse data as `question_parts`: the actions answer a second question from
there, and an ordinary question beside an emergency is answered after the emergency reply.
"""

from __future__ import annotations

import re

QUESTION_PARTS_KEY = "question_parts"
_QUESTION_BREAK = re.compile(
    r"\?+|\b(?:and|also|plus|or)\b"
    r"(?= (?:also |too )?(?:what|how|is|are|could|can|will|would|do|does|should|any|whats|what's)\b)"
    r"|\b(?:also|another question|and one more thing|one more thing|oh and|and)\b(?=[^?]*\?)",
    re.I,
)


def split_questions(text: str) -> list[str]:
    """The parts of a message that ask something separately (parts of one word are dropped)."""
    return [p.strip() for p in _QUESTION_BREAK.split(text or "") if p and len(p.strip().split()) >= 2]
