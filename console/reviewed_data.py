"""The reviewed-data file: training examples that reviewers labelled in the console's review queue.

"Should have been topic X" adds the patient's (scrubbed) message to data/reviewed/nlu_reviewed.yml, in
Rasa's NLU YAML format, under the intent the assistant uses for topic X (`ask_<topic>`, or
`out_of_scope`). Rasa reads every file under data/, so the next `make train` learns from it (the
Makefile retrains when it changes); nothing changes in the running assistant until then, on purpose:
a retrained model goes through `make test` and `make eval` before it is served.

The file is rewritten whole, sorted by intent and text, so labelling the same message twice adds it
once, and the diff a reviewer's work makes in git is easy to read. Hand edits are kept (the file is read
before it is written). A text is left out, and the caller told why, when it would break the training
data: it is already an example of another intent in data/ (`rasa data validate` refuses that), or it is
a text of an evaluation set (tests/heldout/: a trained held-out text would make the evaluation lie).
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from actions.knowledge import KNOWLEDGE_TOPICS
from console.config import ROOT

DATA_DIR = ROOT / "data"
# libyaml's loader where PyYAML was built with it (it is on these machines): the evaluation sets are large
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HELDOUT_DIR = ROOT / "tests" / "heldout"
# The topics a reviewer can pick, and the intent the classifier has for each (actions/topic_resolution.py
# reads ask_<topic> as that topic; out_of_scope is its own intent).
TOPIC_CHOICES: tuple[str, ...] = (*KNOWLEDGE_TOPICS, "out_of_scope")
MAX_TEXT = 1000
HEADER = """\
# Training examples from the staff console's review queue ("should have been topic X"; docs/console.md).
# Written by the console (console/reviewed_data.py), read by `make train` like every file under data/.
# Reviewed texts are already scrubbed of patient identifiers ([name], [phone]...).
"""
_WRITE_LOCK = threading.Lock()  # one writer per process; the file lock below covers other processes


def intent_for(topic: str) -> str:
    if topic not in TOPIC_CHOICES:
        raise ValueError(f"unknown topic {topic!r}")
    return "out_of_scope" if topic == "out_of_scope" else f"ask_{topic}"


def fold(text: str) -> str:
    """How two texts are compared: case, spacing and punctuation folded (as test_heldout_separation)."""
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def example_text(text: str) -> str:
    """A message as one line of Rasa's NLU format. Newlines become spaces, and a scrubbed placeholder
    followed by ( { or [ gets a space: "[name](x)" would otherwise be read as an entity annotation."""
    line = " ".join(text.split())[:MAX_TEXT]
    return re.sub(r"\](?=[({\[])", "] ", line)


def _annotation_free(line: str) -> str:
    return re.sub(r"\[([^\]]*)\][({][^)}]*[)}]", r"\1", line)


def _examples(path: Path) -> Iterator[tuple[str, str]]:
    """(intent, example text) of one NLU file; other sections (synonyms, lookups) are skipped."""
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for item in loaded.get("nlu") or []:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        for line in str(item.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                yield str(item["intent"]), line.strip()[2:]


@lru_cache(maxsize=256)
def _texts_of_set(path: Path, mtime_ns: int) -> frozenset[str]:
    """The folded texts of one evaluation set, read once per version of the file: the sets hold thousands of
    cases, and reading them all on every label made labelling a group take over 15 s (`mtime_ns` is the key)."""
    cases = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    texts: set[str] = set()
    for items in cases.values():
        for case in items if isinstance(items, list) else []:
            if isinstance(case, dict):
                texts.update(fold(str(t)) for t in [case.get("text")] if t)
                texts.update(fold(str(turn.get("text", ""))) for turn in case.get("turns") or [])
    return frozenset(texts)


@dataclass(frozen=True)
class Outcome:
    added: tuple[str, ...]  # texts now in the file (new, or moved from another intent)
    unchanged: tuple[str, ...]  # already there under this intent
    refused: tuple[tuple[str, str], ...]  # (text, why)


class ReviewedData:
    """The reviewed-data file and the training data around it (read again on each write: both are small
    and edited by people too)."""

    def __init__(self, path: Path, data_dir: Path = DATA_DIR, heldout_dir: Path = HELDOUT_DIR) -> None:
        self.path = path
        self.data_dir = data_dir
        self.heldout_dir = heldout_dir

    def read(self) -> dict[str, list[str]]:
        examples: dict[str, list[str]] = {}
        if self.path.exists():
            for intent, text in _examples(self.path):
                examples.setdefault(intent, []).append(text)
        return examples

    def _other_training(self) -> dict[str, str]:
        """Folded text -> intent, of every other NLU file under data/."""
        known: dict[str, str] = {}
        reviewed = self.path.resolve()
        for path in sorted(self.data_dir.rglob("*.yml")):
            if path.resolve() != reviewed:
                for intent, text in _examples(path):
                    known.setdefault(fold(_annotation_free(text)), intent)
        return known

    def _heldout(self) -> set[str]:
        texts: set[str] = set()
        for path in sorted(self.heldout_dir.glob("*.yml")) if self.heldout_dir.is_dir() else []:
            texts |= _texts_of_set(path, path.stat().st_mtime_ns)
        return texts

    def add(self, topic: str, texts: Iterable[str]) -> Outcome:
        """Put each text under the topic's intent (moving it from another intent of this file: the latest
        label wins). Idempotent: a text already there is left as it is."""
        intent = intent_for(topic)
        with _WRITE_LOCK, self._file_lock():
            examples = self.read()
            other, heldout = self._other_training(), self._heldout()
            added: list[str] = []
            unchanged: list[str] = []
            refused: list[tuple[str, str]] = []
            for raw in texts:
                text = example_text(raw)
                key = fold(text)
                if not key:
                    refused.append((raw, "no words to learn from"))
                    continue
                if key in heldout:
                    refused.append((raw, "it is a text of an evaluation set (tests/heldout/)"))
                    continue
                if key in other and other[key] != intent:
                    refused.append((raw, f"data/ already has it as an example of {other[key]}"))
                    continue
                if any(fold(t) == key for t in examples.get(intent, [])) or key in other:
                    unchanged.append(text)
                    continue
                for name in list(examples):  # relabelled: out of the intent it was under
                    examples[name] = [t for t in examples[name] if fold(t) != key]
                examples.setdefault(intent, []).append(text)
                added.append(text)
            if added:
                self._write(examples)
        return Outcome(tuple(added), tuple(unchanged), tuple(refused))

    def remove(self, texts: Iterable[str]) -> int:
        """Take texts out of the file (a conversation deleted on the patient's request); how many went."""
        keys = {fold(example_text(t)) for t in texts}
        with _WRITE_LOCK, self._file_lock():
            examples = self.read()
            before = sum(len(v) for v in examples.values())
            kept = {intent: [t for t in items if fold(t) not in keys] for intent, items in examples.items()}
            gone = before - sum(len(v) for v in kept.values())
            if gone:
                self._write(kept)
        return gone

    def _write(self, examples: dict[str, list[str]]) -> None:
        blocks = []
        for intent in sorted(examples):
            items = sorted(set(examples[intent]), key=lambda t: (fold(t), t))
            if items:
                lines = "".join(f"    - {text}\n" for text in items)
                blocks.append(f"- intent: {intent}\n  examples: |\n{lines}")
        body = HEADER + 'version: "3.1"\n' + ("nlu:\n" + "".join(blocks) if blocks else "nlu: []\n")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed over: `make train` never reads a half-written file.
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".reviewed-", suffix=".yml")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body)
        os.replace(temporary, self.path)

    def _file_lock(self) -> _FileLock:
        return _FileLock(self.path.parent / ".nlu_reviewed.lock")


class _FileLock:
    """flock on a lock file beside the data: two web servers labelling at once do not lose a write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: int | None = None

    def __enter__(self) -> _FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            os.close(self.handle)
