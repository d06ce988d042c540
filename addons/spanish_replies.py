"""The domain's responses in Spanish, for a conversation in Spanish: Rasa's own response generator gives them.

A response `utter_x` in a Spanish conversation (addons/language.conversation_language) is, in this order:
1. the domain's `utter_x_es` where there is one: the emergency reply, whose Spanish is its own approved
   document in the staff console (addons/approved_replies.py replaces its text once approved);
2. its entry in content/es/replies.yml: the Spanish text, filled with the same slots, and the Spanish
   titles of its buttons (payloads unchanged, matched by payload), except the button that switches the
   language: the English "Español" becomes the Spanish entry's "English";
3. the English, where neither exists (the content tests make sure every response has its Spanish).
The custom payload (the answer contract's topic tag) is always the domain's.

content/es/replies.yml is read once, when the Rasa server starts, and checked against its schema: a broken
file stops the server, as a broken domain does. The Rasa server's image has no `actions` package, so it
is read here rather than with actions/spanish_content.py (a test keeps the two readings equal).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, RefResolver

ROOT = Path(__file__).resolve().parent.parent
REPLIES_FILE = ROOT / "content" / "es" / "replies.yml"
PHRASES_FILE = ROOT / "content" / "es" / "phrases.yml"
SCHEMA_DIR = ROOT / "content" / "schema"
SPANISH_SUFFIX = "_es"


def _validator(schema: str) -> Draft7Validator:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.schema.json")}
    main = schemas[schema]
    return Draft7Validator(main, resolver=RefResolver("", main, store=schemas))


def _read_checked(path: Path, schema: str) -> dict[str, Any]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(_validator(schema).iter_errors(raw), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path)
        raise ValueError(f"{path}: {where}: {errors[0].message}")
    return dict(raw)


@lru_cache(maxsize=1)
def spanish_replies(path: Path = REPLIES_FILE) -> dict[str, dict[str, Any]]:
    """Every Spanish reply by its English response's name: {"text": ..., "buttons": [{"title", "payload"}]}."""
    raw = _read_checked(path, "replies_es.schema.json")
    return {name: dict(reply) for name, reply in raw["responses"].items()}


@lru_cache(maxsize=1)
def spanish_phrases(path: Path = PHRASES_FILE) -> dict[str, tuple[str, str]]:
    """The words the servers write into replies themselves ("Reply 1 for ...", the source sections' names),
    by key: (English, Spanish), each on one line. Read for the messaging channels' formatting."""
    raw = _read_checked(path, "phrases_es.schema.json")
    return {key: (" ".join(str(p["en"]).split()), " ".join(str(p["es"]).split())) for key, p in raw["phrases"].items()}


def spanish_source_name(section: str) -> str:
    """A source section's name as Spanish-speaking patients read it after "Fuente:" (the payload keeps the
    English name: it is the answer contract's id); the English name where there is no Spanish."""
    names = {en: es for key, (en, es) in spanish_phrases().items() if key.startswith("source_")}
    return names.get(section, section)


def spanish_name(name: str, responses: dict[str, Any]) -> str:
    """The domain's own Spanish response for `name` (utter_emergency -> utter_emergency_es), or `name`."""
    return name + SPANISH_SUFFIX if name + SPANISH_SUFFIX in responses else name


def in_spanish(name: str, response: dict[str, Any], text_filled: str | None) -> dict[str, Any]:
    """`response` (Rasa's generated English) with the Spanish text (`text_filled`: the Spanish entry's text,
    already filled with the slots) and Spanish button titles; unchanged when there is no Spanish entry."""
    spanish = spanish_replies().get(name)
    if spanish is None or name.endswith(SPANISH_SUFFIX):
        return response
    translated = dict(response)
    if text_filled is not None:
        translated["text"] = text_filled
    titles = {b["payload"]: b["title"] for b in spanish.get("buttons", [])}
    back_to_english = next((b for b in spanish.get("buttons", []) if switches_language(b["payload"])), None)
    if response.get("buttons"):
        translated["buttons"] = [
            dict(back_to_english)
            if back_to_english and switches_language(str(button.get("payload")))
            else {**button, "title": titles.get(button.get("payload"), button.get("title"))}
            for button in response["buttons"]
        ]
    return translated


def switches_language(payload: str) -> bool:
    """A button that sets the conversation's language (`/greet{"language": "es"}`)."""
    return '"language"' in payload
