"""Rule-based emergency triage: does a patient's message describe possible emergency symptoms now?

Kept apart from the intent classifier on purpose: escalation must not rest on a statistical model's
confidence, and it runs inside the Rasa server so it works while the action server is down.
The symptom patterns are clinic-reviewed data (content/emergency_triggers.yml), not code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple

import yaml

DEFAULT_TRIGGERS = Path(__file__).resolve().parent.parent / "content" / "emergency_triggers.yml"

# Contractions and spellings folded so one pattern covers "can't", "cant", "cannot", "can not"...
_FOLDS: List[Tuple[str, str]] = [
    (r"[\u2018\u2019\u02bc`´]", "'"),
    (r"\b(can ?not|can't|cant)\b", "cant"),
    (r"\b(won't|wont)\b", "wont"),
    (r"\b(don't|dont)\b", "dont"),
    (r"\b(doesn't|doesnt)\b", "doesnt"),
    (r"\b(didn't|didnt)\b", "didnt"),
    (r"\b(haven't|havent)\b", "havent"),
    (r"\b(hasn't|hasnt)\b", "hasnt"),
    (r"\b(isn't|isnt)\b", "isnt"),
    (r"\b(aren't|arent)\b", "arent"),
    (r"\b(wasn't|wasnt)\b", "wasnt"),
    (r"\b(couldn't|couldnt)\b", "couldnt"),
    (r"\bi'm\b|\bi am\b", "im"),
    (r"\bi've\b", "ive"),
    (r"\bi'll\b", "i will"),
    (r"\bit's\b", "it is"),
    (r"\bwhat's\b", "what is"),
    (r"\bthat's\b", "that is"),
]
_CLAUSE_SPLIT = re.compile(r"((?!(?<=\d)[.,]\d)[.;!?,\n]+|\b(?:but|however|although|though|just|anyway|also)\b)")


def normalise(text: str) -> str:
    out = text.lower()
    for pattern, repl in _FOLDS:
        out = re.sub(pattern, repl, out)
    out = re.sub(r"[^a-z0-9.,;!?°\n' ]+", " ", out)
    out = out.replace("'", "")
    return re.sub(r"[ \t]+", " ", out).strip()


@dataclass(frozen=True)
class Trigger:
    id: str
    label: str
    cues: Tuple[str, ...]
    unless: Optional[Pattern[str]] = None  # words that make this symptom mild ("a tiny bit of swelling")


@dataclass(frozen=True)
class Clause:
    text: str
    start: int         # offset in the normalised message
    is_question: bool  # ends with "?": modal verbs then mark it hypothetical ("can a clot cause this?")


def split_clauses(norm: str) -> List[Clause]:
    clauses: List[Clause] = []
    position = 0
    for separator in list(_CLAUSE_SPLIT.finditer(norm)) + [None]:
        end = separator.start() if separator else len(norm)
        raw = norm[position:end]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            clauses.append(Clause(raw.strip(), position + lead, bool(separator and "?" in separator.group(0))))
        if separator:
            position = separator.end()
    return clauses


def clause_at(clauses: List[Clause], offset: int) -> Clause:
    return next((c for c in reversed(clauses) if c.start <= offset), clauses[0])


def _compile(spec: object) -> Pattern[str]:
    """A cue is one regex or a list of alternatives (easier for a reviewer to read)."""
    patterns = spec if isinstance(spec, list) else [spec]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass
class TriageResult:
    emergency: bool
    fired: List[str] = field(default_factory=list)       # trigger ids that fired
    negated: List[str] = field(default_factory=list)     # cue names seen only negated
    hypothetical: bool = False
    not_current: bool = False

    @property
    def mentions_symptoms(self) -> bool:
        return bool(self.fired or self.negated)


class TriageRules:
    """Compiled emergency triggers; `assess(text)` is pure and fast (regexes over one message)."""

    def __init__(self, spec: Dict) -> None:
        self.cues: Dict[str, Pattern[str]] = {name: _compile(rx) for name, rx in spec["cues"].items()}
        self.triggers: List[Trigger] = []
        for item in spec["triggers"]:
            cues = tuple(item["all"])
            missing = [c for c in cues if c not in self.cues]
            if missing:
                raise ValueError(f"trigger {item['id']!r} names unknown cues {missing}")
            unless = _compile(item["unless"]) if item.get("unless") else None
            self.triggers.append(Trigger(item["id"], item["label"], cues, unless))
        self.negation = _compile(spec["negation"])
        self.negation_cancelled_by = _compile(spec.get("negation_cancelled_by") or [r"(?!x)x"])
        self.hypothetical = _compile(spec["hypothetical"])
        self.condition_before = _compile(spec["condition_before"])
        self.question_modal = _compile(spec["question_modal"])
        self.present = _compile(spec["present"])
        self.not_current = _compile(spec["not_current"])
        self.resolved = _compile(spec["resolved"])
        self.recurred = _compile(spec["recurred"])
        self.example_lead = _compile(spec["example_lead"])
        self.other_story = _compile(spec["other_story"])
        self.risk_question = _compile(spec["risk_question"])

    @classmethod
    def from_file(cls, path: Optional[Path] = None) -> "TriageRules":
        path = Path(path or DEFAULT_TRIGGERS)
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            return cls(spec)
        except (KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as err:
            raise ValueError(f"{path}: invalid emergency triggers: {err}") from err

    def _cue_hits(self, norm: str, clauses: List[Clause], cue: str) -> Tuple[List[Tuple[Clause, int]], bool]:
        """(clause, symptom end within it) where the cue is affirmed, and whether it was seen negated.

        Cues match on the whole message (a symptom may span a comma: "blood keeps coming, can't stop
        it"); negation is looked for just before the match, within the clause where it starts.
        """
        affirmed, negated = [], False
        for match in self.cues[cue].finditer(norm):
            clause = clause_at(clauses, match.start())
            window = max(clause.start, match.start() - 40)
            if any(window <= neg.start() and neg.end() <= match.start()
                   and not self.negation_cancelled_by.search(norm[clause.start:neg.end()])
                   for neg in self.negation.finditer(norm, window)):  # lookahead sees the whole text
                negated = True
            else:
                affirmed.append((clause, match.end() - clause.start))
        return affirmed, negated

    def _asks_in_general(self, clause: Clause, symptom_end: int | None = None) -> bool:
        condition_scope = clause.text if symptom_end is None else clause.text[:symptom_end]
        return (bool(self.hypothetical.search(clause.text))
                or bool(self.condition_before.search(condition_scope))
                or (clause.is_question and bool(self.question_modal.search(clause.text))))

    def assess(self, text: str) -> TriageResult:
        norm = normalise(text or "")
        clauses = split_clauses(norm) or [Clause("", 0, False)]
        fired: List[str] = []
        symptom_clauses: List[Tuple[Clause, int]] = []
        negated: List[str] = []
        cache: Dict[str, Tuple[List[Tuple[Clause, int]], bool]] = {}
        for trigger in self.triggers:
            hits = [cache.setdefault(c, self._cue_hits(norm, clauses, c)) for c in trigger.cues]
            if all(affirmed for affirmed, _ in hits) and not (trigger.unless and trigger.unless.search(norm)):
                fired.append(trigger.id)
                symptom_clauses.extend(cl for affirmed, _ in hits for cl in affirmed)
            negated.extend(c for c, (aff, neg) in zip(trigger.cues, hits) if neg and not aff)
        now = bool(self.present.search(norm))
        retold = bool(self.other_story.search(norm) and self.risk_question.search(norm))
        over = bool(self.resolved.search(norm)) and not self.recurred.search(norm)  # "it went away"
        long_past = ((bool(self.not_current.search(norm)) or retold) and not now) or over
        if not fired:
            general = any(self._asks_in_general(c) for c in clauses) and not now
            return TriageResult(False, negated=sorted(set(negated)), hypothetical=general, not_current=long_past)
        asks_in_general = any(self._asks_in_general(c) for c in clauses)
        hypothetical = any(
            self._asks_in_general(c, end) or (asks_in_general and self.example_lead.search(c.text))
            for c, end in symptom_clauses) and not now
        return TriageResult(not (hypothetical or long_past), fired, sorted(set(negated)), hypothetical, long_past)

    def label(self, trigger_id: str) -> str:
        return next((t.label for t in self.triggers if t.id == trigger_id), trigger_id)
