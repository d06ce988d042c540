"""Patient identifiers are scrubbed from what is stored: the assistant needs none of them to answer.

`scrub_text` replaces phone numbers, e-mail addresses, dates (of birth or otherwise), street
addresses, record/ID numbers, names given as "my name is ..." and names after a title ("Dr Patel")
with placeholders such as "[phone]". `scrub_event` applies it to a stored event (user text, parse
data, metadata). Symptom details, ages, temperatures and spans of years ("2019-2020") stay: they are
what the conversation is about.

Phone numbers are found by phonenumbers (Google's libphonenumber), which knows how each country writes
them, instead of a pattern of digits that also took "2019-2020" for a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import Pattern
from typing import Any

from phonenumbers import Leniency, PhoneNumberMatcher, ValidationResult, is_possible_number_with_reason

_MONTHS = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|jun(e)?|jul(y)?|aug(ust)?|sep(t(ember)?)?|oct(ober)?"
    r"|nov(ember)?|dec(ember)?)"
)
_STREET = (
    r"(street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|"
    r"close|crescent|square|sq|highway|hwy|parkway|pkwy)"
)

# The regions whose national formats patients write phone numbers in (ISO country codes): the clinic's
# own first (domain.yml's numbers are American), then others its patients may come from. Numbers written
# with a country code ("+44 20 7946 0958") are found whatever the list.
PHONE_REGIONS = ("US", "GB")
# Any script's decimal digits, as libphonenumber reads them ("０１２", "٠١٢"). Most strings of a stored event
# (intent names, the ranking, most messages) have none: the matcher, a third of a save's time, is skipped.
_DIGIT = re.compile(r"\d")
# The UUIDs Rasa gives each message and model (parse data's `message_id`, metadata's `model_id`): read as text,
# their runs of digits were taken for phone numbers ("383a[phone]a5a2...") and the matcher ran on every one.
_MACHINE_ID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def scrub_phone_numbers(text: str) -> str:
    """Phone numbers -> "[phone]". In the clinic's region a local number counts too ("867-5309"); in the
    others only a full-length one, because their short local numbers look like years and ranges
    ("2019", "2019-2020" are possible local numbers in the UK)."""
    if len(_DIGIT.findall(text)) < 3:  # libphonenumber finds no number with fewer than three digits
        return text
    spans: list[tuple[int, int]] = []
    for index, region in enumerate(PHONE_REGIONS):
        for match in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
            if index == 0 or is_possible_number_with_reason(match.number) == ValidationResult.IS_POSSIBLE:
                spans.append((match.start, match.end))
    for start, end in sorted(_merged(spans), reverse=True):
        text = text[:start] + "[phone]" + text[end:]
    return text


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans (one number found for two regions) as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _replace(pattern: Pattern[str], replacement: str) -> Callable[[str], str]:
    return lambda text: pattern.sub(replacement, text)


# Order matters: the most specific identifiers first, so a record number is not read as a phone.
SCRUBBERS: list[Callable[[str], str]] = [
    _replace(re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.I), "[email]"),
    _replace(
        re.compile(
            r"\b(mrn|medical record( number| no\.?)?|record (number|no\.?|#)|patient (id|number|no\.?)|"
            r"nhs (number|no\.?)|chart (number|no\.?)|hospital (number|no\.?)|insurance (id|number)|"
            r"member (id|number))\s*(is|:|#)?\s*[a-z-]*\d[\w-]*",
            re.I,
        ),
        "[record number]",
    ),
    _replace(re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "[id number]"),
    _replace(re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"), "[date]"),
    _replace(re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)?( of)? {_MONTHS},? \d{{4}}\b", re.I), "[date]"),
    _replace(re.compile(rf"\b{_MONTHS} \d{{1,2}}(st|nd|rd|th)?,? \d{{4}}\b", re.I), "[date]"),
    _replace(re.compile(r"\b(born|birthday|date of birth|dob)\b[^.,;!?\n]{0,30}", re.I), "[date of birth]"),
    _replace(re.compile(rf"\b\d{{1,5}}( [a-z]+){{1,3}} {_STREET}\b\.?", re.I), "[address]"),
    scrub_phone_numbers,
    _replace(
        re.compile(
            r"\b(my name is|my name's|i am called|i'm called|call me|this is)\s+"
            r"([A-Za-z][A-Za-z'-]+)(\s+(?-i:[A-Z])[A-Za-z'-]+){0,2}",
            re.I,
        ),
        r"\1 [name]",
    ),
    # "I'm Dana," / "Hi, I am Dana and...": a capitalised word after "I'm" that ends the phrase, unless it is one
    # of the words patients start a feeling or a state with ("I'm Worried.", "I'm Fine").
    _replace(
        re.compile(
            r"\b((?i:i'm|i’m|i am|im))\s+(?!(?:Worried|Scared|Nervous|Fine|Okay|Ok|OK|Good|Sorry|Sure|Not|So|Very|Just"
            r"|Really|Still|Here|Back|Home|Done|Ready|Afraid|Anxious|Terrified|Confused|Curious|Better|Worse|Tired"
            r"|Diabetic|Pregnant|Overweight|Obese|English|American|British|Spanish|Mexican|Catholic|Christian|Muslim"
            r"|Jewish|Retired|Single|Married|Divorced|Widowed)\b)"
            r"[A-Z][a-z'-]+(?=\s*(?:[,.!?;:)]|$|\s+(?:and|from|here|y|de)\b))"
        ),
        r"\1 [name]",
    ),
    # Spanish: "me llamo Verónica Ruiz", "mi nombre es Carlos", "soy Gloria, de Quito"
    _replace(
        re.compile(r"\b((?i:me llamo|mi nombre es))\s+\w[\w'-]*(\s+[A-ZÁÉÍÓÚÑ][\w'-]+){0,2}"),
        r"\1 [name]",
    ),
    _replace(
        re.compile(
            r"\b((?i:soy))\s+(?!(?:Diab|Hipert|Al[eé]rg|Mayor|Pacient|Mexic|Cuban|Latin|Hispan|Enfermer|Doctor|M[eé]dic"
            r"|Cuidador|Fumador|Obes|Asm[aá]tic|Nuev|Yo)\w*)[A-ZÁÉÍÓÚÑ][a-záéíóúñ'-]+(?=\s*(?:[,.!?;:)]|$|\s+(?:y|de|from|and)\b))"
        ),
        r"\1 [name]",
    ),
    # A name after a title: "Dr Patel", "Dr. Anna Patel", "Mrs O'Brien" (a possessive "'s" stays). The name
    # must be capitalised ("my dr said" keeps its words), and "Mr", "Ms" and "Miss" too ("ms" is multiple
    # sclerosis, "miss" a verb).
    _replace(
        re.compile(
            r"\b((?:[Dd]r|[Dd]octor|[Pp]rof|[Pp]rofessor|Mrs?|Ms|Mx|Miss)\.?)\s+"
            r"[A-Z](?:[A-Za-z-]|'(?!s\b))+(?:\s+[A-Z](?:[A-Za-z-]|'(?!s\b))+)?"
        ),
        r"\1 [name]",
    ),
]


def scrub_text(text: str) -> str:
    if not text or _MACHINE_ID.fullmatch(text):
        return text
    for scrub in SCRUBBERS:
        text = scrub(text)
    return text


def scrub_value(value: Any) -> Any:
    """Scrub every string inside a JSON-like value (metadata can be nested)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        return [scrub_value(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub_value(v) for k, v in value.items()}
    return value


def scrub_event(event: dict[str, Any]) -> dict[str, Any]:
    """A copy of a serialised Rasa event with patient identifiers removed from what the patient wrote."""
    if event.get("event") != "user":
        return event
    clean = dict(event)
    clean["text"] = scrub_text(event.get("text") or "")
    if event.get("metadata"):
        clean["metadata"] = scrub_value(event["metadata"])
    if event.get("parse_data"):  # its text, metadata and anything else a component copied in
        clean["parse_data"] = scrub_value(event["parse_data"])
    return clean
