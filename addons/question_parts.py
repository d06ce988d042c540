"""The separate questions of one message: "what's the infection risk and could I get a clot too?".

Split at question marks and at "and/also" followed by a question word. The intent classifier reads each
part on its own as well as the whole message (addons/linear_intent_classifier.py) and puts the parts,
with their intents, in the parse data as `question_parts`: the actions answer a second question from
there, and an ordinary question beside an emergency is answered after the emergency reply. The subject of a
"what about X?" follow-up is read on its own too (`what_about`; addons/intent_router.py answers it).
"""

from __future__ import annotations

import re

QUESTION_PARTS_KEY = "question_parts"
# What a "what about X?" follow-up asks about ("and what about who does it?"), read on its own: the words
# "what about" make the classifier read the whole as a follow-up on the topic in focus.
WHAT_ABOUT_KEY = "what_about"
# The last question of a message that tells something first ("my knee's achy from hiking, unrelated. But what
# are the risks of the surgery?"), with its own intent.
ASKING_PART_KEY = "asking_part"
_QUESTION_BREAK = re.compile(
    # a pasted list, one question a line, with or without question marks: "1. what are the risks\n2. how long is
    # recovery" (b57)
    r"\n+\s*(?=(?:\d{1,2}[.)]|[-*\u2022])\s*\w)"
    r"|(?<=\w)\s*\n+\s*(?=(?:so |and |but )?(?:what|whats|what's|how|when|why|which|is|are|can|could|will|would"
    r"|should|do|does|any|qu[eé]|c[oó]mo|cu[aá]ndo|cu[aá]l|puedo|hay|es)\b)"
    r"|\?+|\b(?:and|also|plus|or)\b"
    r"(?= (?:also |too )?(?:what|how|is|are|could|can|will|would|do|does|should|any|whats|what's)\b)"
    r"|\b(?:also|another question|and one more thing|one more thing|oh and|and)\b(?=[^?]*\?)",
    re.I,
)


def split_questions(text: str) -> list[str]:
    """The parts of a message that ask something separately (parts of one word are dropped), each from the
    sentence that asks: the story told before a question ("...The first one is in my insurance network, a
    headache I'm not asking about. What I want to know is, does it make a difference to my risk which one I
    pick?", b51) is not what the question asks."""
    text = text or ""
    if _A_NUMBERED_LIST.search(text):  # the models see a pasted list on one line: "...: 1. is it painful 2. how long"
        text = _NEXT_ITEM.sub("\n", text)
    parts = [p.strip() for p in _QUESTION_BREAK.split(text) if p and len(p.strip().split()) >= 2]
    return [_its_last_sentence(part) for part in parts]


# A numbered list, its first two items at least ("1. ... 2. ...", "1) ... 2) ...")
_A_NUMBERED_LIST = re.compile(r"(?:^|[\s:])1[.)]\s+\w.*\s2[.)]\s+\w", re.S)
_NEXT_ITEM = re.compile(r"\s+(?=[2-9][.)]\s+\w)")


def _its_last_sentence(part: str) -> str:
    sentences = [s.strip() for s in _SENTENCE_END.split(part) if s and len(s.strip().split()) >= 2]
    return sentences[-1] if sentences else part


# A question's first words: what, how, is it, can I... (English; a Spanish question opens with "¿").
_QUESTION_START = (
    r"(?:so |and |but )?(?:what|whats|what's|wat|wats|how|hows|how's|when|why|which|is|are|can|could|will|would"
    r"|should|do|does|did|any)\b"
)
# Sentence ends, "but", and the opening "¿" of a Spanish question ("ya me dieron fecha, ¿qué riesgos tiene?").
# ("e.g." and "i.e." end no sentence: "Which patient factors, e.g. smoking or weight, should I address?")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!e\.g\.)(?<!i\.e\.)\s+|,? \bbut\b |[\s,;:]*(?=¿)", re.I)
# ...and, in a sentence that tells something first, a comma before a question's first words ("my dad had spine
# surgery yesterday, what's the recovery like"); not inside a question ("Why would they change plan, and does
# that happen often?").
# In Spanish written without "¿", only a part that ends in "?" before any other comma asks: "que" and "como" also
# join and compare ("hola soy el nieto de doña Carmen, que riesgos tiene la cirugia para ella?", es21).
_SPANISH_QUESTION_START = (
    r"(?:y |pero |entonces )?(?:qu[eé]|q|c[oó]mo|cu[aá]ndo|cu[aá]nt[oa]s?|cu[aá]l(?:es)?|por ?qu[eé]|xq|d[oó]nde"
    r"|hay|puedo|puede|se puede|debo|tengo que)\b[^,;:?]*\?"
)
_TOLD_THEN_ASKED = re.compile(
    rf"[,;:]\s+(?={_QUESTION_START})|\s+-+\s+(?={_QUESTION_START})|[,;:]\s+(?={_SPANISH_QUESTION_START})", re.I
)
# Asking without a question mark, as a wish or an indirect question: "I want to understand what I gain by the keyhole
# route", "I would just like somebody to lay out what all could go wrong", "we are trying to understand if her health
# problems make it more dangerous" (b52, b53). Also how the input guard finds the part of a long story that asks.
ASKS_WITHOUT_MARK = re.compile(
    r"\b(i|we|he|she|they|my \w+) (just |really )?(want|wants|wanted|would like|d like|need|needs|needed) to"
    r" (know|understand|find out|ask)\b"
    r"|\b(i'?d|i would|we'?d|we would) (just |really )?like (to know|to understand|somebody|someone|you)\b"
    r"|\b(i am|im|i'm|we are|we're) (wondering|trying to understand)\b"
    r"|\b(trying|want|need|hoping) to (understand|figure out|find out|work out) (if|whether|what|how)\b"
    r"|\b(please|could you|can you|would you) (tell|explain|lay out|list|give)\b"
    r"|\bmy question is (whether|if|about|what|how)\b"
    r"|\b(quiero|quisiera|quer[ií]a|queremos|me gustar[ií]a|necesito) (saber|entender|preguntar|conocer)\b"
    r"|\bmi pregunta es\b"
    # what is still to be worked out: "What I haven't figured out is what I should actually be doing myself" (b54)
    r"|\bwhat (i|we) (still )?(havent|haven'?t|have not|dont|don'?t|do not|cant|can'?t|cannot) (yet )?"
    r"(figured|figure|worked|work|sussed|suss|know|understand|get)( out)? is\b"
    r"|\b(i'?m|i am|we'?re|we are) (still )?(not sure|unsure) (what|how|whether|if|about)\b"
    r"|\blo (que|q) no (s[eé]|entiendo|tengo claro) es\b",
    re.I,
)
_ASKS = re.compile(rf"\?|^{_QUESTION_START}|{ASKS_WITHOUT_MARK.pattern}", re.I)


def part_asks(text: str, part: str) -> bool:
    """A part of the message asks something: a question mark follows it, or it opens as a question does. What is
    told after the last question ("will the scar be tiny? I'm a hairdresser and wear backless tops", b62) asks
    nothing."""
    start = (text or "").find(part)
    after = text[start + len(part) : start + len(part) + 4] if start >= 0 else ""
    stripped = part.strip()
    return "?" in after or stripped.startswith("¿") or bool(_ASKS.search(stripped) or _A_REQUEST.search(stripped))


# A request told as a statement asks all the same: "exact % chance of a dural tear? just want the number" (b26)
_A_REQUEST = re.compile(
    r"\b(i |we )?(just |only |really )?(want|need|would like|wanna)\b|\b(give|tell|send|show) (me|us)\b"
    r"|\b(quiero|queremos|necesito|necesitamos|dame|d[ií]game|dime|d[eé]me|m[aá]ndeme|p[aá]seme)\b",
    re.I,
)


def last_question(text: str) -> str | None:
    """The last sentence that asks (a question mark, or a question's first words), when the message also
    says something else, before or after it ("What are the risks? My doctor never explained them", "my son
    had his disc surgery yesterday, what is recovery usually like"); else None."""
    sentences = [
        part.strip()
        for sentence in _SENTENCE_END.split(text or "")
        if sentence and sentence.strip()
        for part in ([sentence] if _ASKS.match(sentence.strip()) else _TOLD_THEN_ASKED.split(sentence))
        if part.strip()
    ]
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences if _ASKS.search(s) and len(s.split()) >= 3]
    return asking[-1] if asking else None


_WHAT_ABOUT = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay|then|right|y|pero|entonces)\W+)*"
    r"(?:(?:what|how)\s+about|qu[eé]\s+(?:tal|pasa|hay)\s+(?:con|de)|en cuanto a|respecto a"
    # "going back to what you said about the tubes, what are those for?"
    r"|(?:going|coming|to go|go|back)\s+(?:back\s+)?to\s+"
    r"(?:what\s+you\s+(?:said|mentioned|wrote)|the\s+(?:bit|part|thing))\s+(?:about|on)"
    r"|volviendo\s+a\s+lo\s+(?:que|q)\s+(?:dijiste|dijo|me\s+dijo|me\s+dijiste)\s+(?:de|sobre)"
    # "going back to the tear thing - would I know?", "volviendo a lo de la anestesia, ¿es seguro?" (b46, es24)
    r"|(?:going|coming|to\s+go|go|getting)\s+back\s+to(?!\s+(?:work|my\s+job|the\s+office|normal|school|the\s+gym"
    r"|the\s+hospital|driving|sport|walking|bed|sleep)\b)"
    r"|(?:volviendo|regresando|volvamos|regresemos)\s+(?:al|a\s+lo\s+del?|a\s+la|a\s+las|a\s+los)"
    r"|sobre(?!\s+todo\b)|acerca\s+de|as\s+for|regarding)\s+(?P<subject>.+)$",
    re.I,
)


def what_about_subject(text: str) -> str | None:
    """X in "what about X?", "¿y qué pasa con X?"; None for any other message."""
    match = _WHAT_ABOUT.search((text or "").strip())
    if not match or not re.search(r"[^\W\d_]", match.group("subject")):
        return None
    return match.group("subject").strip()
