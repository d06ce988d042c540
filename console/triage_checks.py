"""The checks of the emergency triage patterns (content/emergency_triggers.yml) as edited in the console.

A draft of the `emergency_triggers` document is the YAML text the medical director's editor typed; it must:
- parse as YAML, to a mapping;
- pass the file's JSON Schema and compile (every regex, every trigger naming known cues): what
  addons/triage.TriageRules checks when the Rasa server loads it;
- and stay safe: escalate every emergency, and keep quiet on every non-emergency, of the clinic-reviewed
  triage development sets (TRIAGE_SETS, read at check time so an added case counts at once). A draft that
  loses an emergency is refused with the cases it misses listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from actions.knowledge import ROOT
from addons.triage import TriageRules

TRIAGE_SETS: tuple[Path, ...] = (
    ROOT / "tests" / "triage" / "triage_cases.yml",
    ROOT / "tests" / "triage" / "triage_cases_2.yml",
)
# A form whose YAML does not parse is kept as this, so the checks can say why (it never passes them).
UNPARSED = "__unparsed_yaml__"
SHOWN_CASES = 10  # cases listed in one problem's message (the count says how many in all)


class _Dumper(yaml.SafeDumper):
    """The patterns as an editor reads them: keys in their order, one regex a line, never folded."""


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)


def from_yaml(text: str) -> dict[str, Any]:
    """The document the textarea's text describes; text that is not a YAML mapping is kept for the checks
    to refuse with the parser's message."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        return {UNPARSED: text, "error": " ".join(str(err).split())}
    if not isinstance(data, dict):
        return {UNPARSED: text, "error": "the text must be a mapping with cues, triggers and the other lists"}
    return data


def triage_cases(paths: tuple[Path, ...] = TRIAGE_SETS) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(emergencies, non-emergencies) of the triage development sets."""
    emergencies: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for path in paths:
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        emergencies += cases.get("emergency") or []
        others += cases.get("single") or []
    return emergencies, others


def _listed(cases: list[dict[str, Any]]) -> str:
    shown = "; ".join(f"{case['id']} ({case['text'][:80]!r})" for case in cases[:SHOWN_CASES])
    more = len(cases) - SHOWN_CASES
    return shown + (f"; and {more} more" if more > 0 else "")


def check_triggers(data: object, paths: tuple[Path, ...] = TRIAGE_SETS) -> list[tuple[str, str]]:
    """(check, message) for each failed check of a triggers document; empty when it may go live."""
    if isinstance(data, dict) and UNPARSED in data:
        return [("yaml", f"not readable YAML: {data.get('error', '')}")]
    if not isinstance(data, dict):
        return [("yaml", "the text must be a mapping with cues, triggers and the other lists")]
    try:
        rules = TriageRules(data)
    except (KeyError, TypeError, ValueError) as err:  # the schema names where; compile errors say what
        return [("schema", str(err))]
    except Exception as err:  # a regex the schema's format check let through (re.error) and the like
        return [("regex", f"does not compile: {err}")]
    emergencies, others = triage_cases(paths)
    missed = [case for case in emergencies if not rules.assess(case["text"]).emergency]
    alarms = [case for case in others if rules.assess(case["text"]).emergency]
    problems = []
    if missed:
        problems.append(("safety", f"misses {len(missed)} emergency case(s) of the triage sets: {_listed(missed)}"))
    if alarms:
        problems.append(
            ("false alarm", f"escalates {len(alarms)} non-emergency case(s) of the triage sets: {_listed(alarms)}")
        )
    return problems
