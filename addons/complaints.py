"""A patient saying the previous answer did not help ("that's not what I asked", "wrong answer").

One list for the two places that act on it: the staff console's review queue (console/review.py: the message
complained about is reviewed) and live handoff (actions/out_of_scope.py: the patient is offered a person).
The assistant has no trained intent for it (data/ has none), hence phrases.
"""

from __future__ import annotations

import re

# Anchored loosely: the phrase anywhere in a short message.
COMPLAINT_PHRASES: tuple[str, ...] = (
    r"(that'?s|that is|this is|thats) not what i (asked|meant|wanted|said)",
    r"not what i (asked|meant)",
    r"(wrong|not the right|not a) answer",
    r"you did ?n[o']?t answer",
    r"(doesn'?t|does not|did not|didn'?t) answer (my|the) question",
    r"not my question",
    r"i did ?n[o']?t ask (about )?(that|this)",
    r"that'?s not (it|right|helpful)",
    r"you (misunderstood|got it wrong|don'?t understand)",
)
COMPLAINT = re.compile(r"\b(" + "|".join(COMPLAINT_PHRASES) + r")\b", re.IGNORECASE)
MAX_COMPLAINT_WORDS = 25  # a long message that contains a phrase is a question of its own, not a complaint


def is_complaint(text: str) -> bool:
    return len(text.split()) <= MAX_COMPLAINT_WORDS and COMPLAINT.search(text.replace("’", "'")) is not None
