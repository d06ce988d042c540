"""The rolling blind protocol: no text of an evaluation set (tests/heldout/) may be trained on.

A held-out message that reaches data/ turns its set into a development set without anyone noticing;
this test names every such text. Compared after folding case, spacing and punctuation, so a copy with
a changed comma is caught too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from tests.conftest import ROOT

HELDOUT = sorted((ROOT / "tests" / "heldout").glob("**/*.yml"))  # the Spanish sets in es/ too
# rglob: data/reviewed/ (the staff console's labels) is trained on too
TRAINING = sorted((ROOT / "data").rglob("*.yml"))
# Shorter texts ("what is a dural tear?", "smoker, higher risk?") are what anyone writes; a copy of a
# longer one is a leak.
MIN_WORDS = 6


def fold(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def heldout_texts(path) -> Iterator[str]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    for items in cases.values():
        for case in items if isinstance(items, list) else []:
            if "text" in case:
                yield case["text"]
            for turn in case.get("turns") or []:
                yield turn["text"]


def training_texts() -> set[str]:
    texts: set[str] = set()
    for path in TRAINING:
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    # drop entity annotations: "[clot](complication)" -> "clot"
                    texts.add(fold(re.sub(r"\[([^\]]*)\][({][^)}]*[)}]", r"\1", line.strip()[2:])))
    return texts


def test_there_are_heldout_sets_and_training_data():
    assert HELDOUT and len(training_texts()) > 1000


@pytest.mark.parametrize("path", HELDOUT, ids=lambda p: p.name)
def test_no_heldout_text_is_in_the_training_data(path):
    trained = training_texts()
    leaked = [t for t in heldout_texts(path) if fold(t) in trained and len(fold(t).split()) >= MIN_WORDS]
    assert not leaked, f"{len(leaked)} held-out texts of {path.name} are in data/: {leaked[:5]}"
