"""The JSON Schemas of the content files (content/schema/), checked with jsonschema.

The same schemas give editors validation as the clinic types: each content file names its schema on
its first line (`# yaml-language-server: $schema=...`). What a schema cannot express (a topic id that
must equal its file name, a follow-up pointing at an answer that exists) is checked by the loaders.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker, RefResolver
from jsonschema.exceptions import best_match

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "content" / "schema"


@cache
def _store() -> dict[str, Any]:
    """Every schema by its $id: a Spanish schema refers to the English one's parts ("topic.schema.json#/...")
    so that the aspects and the follow-ups' rules are declared once, and nothing is fetched from anywhere."""
    schemas = (json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMA_DIR.glob("*.schema.json")))
    return {schema["$id"]: schema for schema in schemas}


@cache
def validator(name: str) -> Draft7Validator:
    """The validator of content/schema/<name>.schema.json (formats such as `regex` checked too)."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    resolver = RefResolver.from_schema(schema, store=_store())
    return Draft7Validator(schema, resolver=resolver, format_checker=FormatChecker())


def schema(name: str) -> dict[str, Any]:
    return dict(validator(name).schema)


def problem(name: str, data: object) -> str | None:
    """Where `data` breaks the schema and how (the most relevant error, with the schema's description of
    the part that is wrong), or None when it is valid."""
    error = best_match(validator(name).iter_errors(data))
    if error is None:
        return None
    if not error.absolute_path:  # the file as a whole: its schema's description is for editors, too long here
        return f"the file: {error.message}"
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    return f"{'.'.join(str(part) for part in error.absolute_path)}: {error.message}" + (f" ({hint})" if hint else "")
