"""Patient identifiers are scrubbed from what is stored: the assistant needs none of them to answer.

`scrub_text` replaces phone numbers, e-mail addresses, dates (of birth or otherwise), street
addresses, record/ID numbers and names given as "my name is ..." with placeholders such as
"[phone]". `scrub_event` applies it to a stored event (user text, parse data, metadata).
Symptom details, ages and temperatures stay: they are what the conversation is about.
"""

from __future__ import annotations

import re
from re import Pattern
from typing import Any

_MONTHS = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|jun(e)?|jul(y)?|aug(ust)?|sep(t(ember)?)?|oct(ober)?"
    r"|nov(ember)?|dec(ember)?)"
)
_STREET = (
    r"(street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|"
    r"close|crescent|square|sq|highway|hwy|parkway|pkwy)"
)

# Order matters: the most specific identifiers first, so a record number is not read as a phone.
SCRUBBERS: list[tuple[Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.I), "[email]"),
    (
        re.compile(
            r"\b(mrn|medical record( number| no\.?)?|record (number|no\.?|#)|patient (id|number|no\.?)|"
            r"nhs (number|no\.?)|chart (number|no\.?)|hospital (number|no\.?)|insurance (id|number)|"
            r"member (id|number))\s*(is|:|#)?\s*[a-z-]*\d[\w-]*",
            re.I,
        ),
        "[record number]",
    ),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "[id number]"),
    (re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"), "[date]"),
    (re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)?( of)? {_MONTHS},? \d{{4}}\b", re.I), "[date]"),
    (re.compile(rf"\b{_MONTHS} \d{{1,2}}(st|nd|rd|th)?,? \d{{4}}\b", re.I), "[date]"),
    (re.compile(r"\b(born|birthday|date of birth|dob)\b[^.,;!?\n]{0,30}", re.I), "[date of birth]"),
    (re.compile(rf"\b\d{{1,5}}( [a-z]+){{1,3}} {_STREET}\b\.?", re.I), "[address]"),
    (re.compile(r"(?<![\w-])\+?\(?\d{1,4}\)?([\s.-]?\(?\d{2,4}\)?){2,5}(?![\w-])"), "[phone]"),
    (
        re.compile(
            r"\b(my name is|my name's|i am called|i'm called|call me|this is)\s+"
            r"([A-Za-z][A-Za-z'-]+)(\s+(?-i:[A-Z])[A-Za-z'-]+){0,2}",
            re.I,
        ),
        r"\1 [name]",
    ),
]
_MIN_PHONE_DIGITS = 7


def scrub_text(text: str) -> str:
    if not text:
        return text
    for pattern, replacement in SCRUBBERS:
        if replacement == "[phone]":
            text = pattern.sub(lambda m: "[phone]" if _digits(m.group(0)) >= _MIN_PHONE_DIGITS else m.group(0), text)
        else:
            text = pattern.sub(replacement, text)
    return text


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


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
