"""One bilingual intent model, or one model per language behind a router? The figures that decide (issue 14).

Trains the project's intent classifier (addons/linear_intent_classifier.py's features and settings, on the
input guard's text, as `rasa train` does) on data/ in each arrangement, and reads held-out messages nobody
trained on: the English sets in tests/heldout/ and the Spanish sets in tests/heldout/es/. For each it
prints the bare intent accuracy (the classifier's first intent against the case's expected topics;
emergencies left out, they are the triage rules' business), the model's size in memory and the time to
classify one message. Also how often the language reading (addons/language.py) calls each set's language.

Usage: python scripts/measure_language.py [--out reports/language.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from addons.input_guard import inspect_input  # noqa: E402
from addons.language import SPANISH, read_language  # noqa: E402
from addons.linear_intent_classifier import LinearIntentClassifier, _vectorizers  # noqa: E402

HELDOUT = ROOT / "tests" / "heldout"


def training_examples() -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    files = [*sorted((ROOT / "data").glob("nlu*.yml")), *sorted((ROOT / "data" / "reviewed").glob("*.yml"))]
    examples = [e for path in files for e in load_data(str(path)).intent_examples]
    return [(inspect_input(e.get("text")).text or e.get("text"), e.get("intent")) for e in examples]


def heldout_cases(directory: Path) -> list[tuple[str, set[str]]]:
    """(text, accepted intents) of the single-turn knowledge and out-of-scope cases of every set."""
    cases = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in (data.get("single") or []) + (data.get("out_of_scope") or []):
            expect = set(case.get("expect") or [])
            if "emergency" in expect or not expect:
                continue
            accepted = {"out_of_scope", "nlu_fallback"} if expect == {"out_of_scope"} else {f"ask_{t}" for t in expect}
            cases.append((inspect_input(case["text"]).text, accepted))
    return cases


class Model:
    def __init__(self, examples: list[tuple[str, str]]) -> None:
        config = LinearIntentClassifier.get_default_config() | {"C": 100.0}
        texts = [t for t, _ in examples]
        self.vectorizers = _vectorizers(config)
        for vectorizer in self.vectorizers.values():
            vectorizer.fit(texts)
        model = LogisticRegression(C=config["C"], max_iter=config["max_iter"], class_weight="balanced", random_state=42)
        model.fit(self.features(texts), [i for _, i in examples])
        self.weights, self.bias, self.labels = model.coef_, model.intercept_, list(model.classes_)

    def features(self, texts: list[str]) -> Any:
        import scipy.sparse

        return scipy.sparse.hstack([v.transform(texts) for v in self.vectorizers.values()]).tocsr()

    def predict(self, texts: list[str]) -> list[str]:
        scores = self.features(texts) @ self.weights.T + self.bias
        return [self.labels[i] for i in np.asarray(scores).argmax(axis=1)]

    def megabytes(self) -> float:
        vocab = sum(len(v.vocabulary_) for v in self.vectorizers.values())
        return float(self.weights.nbytes + vocab * 100) / 1e6  # weights, plus ~100 bytes a vocabulary entry


def accuracy(predict: Any, cases: list[tuple[str, set[str]]]) -> float | None:
    if not cases:
        return None
    predicted = predict([t for t, _ in cases])
    return round(sum(p in accepted for p, (_, accepted) in zip(predicted, cases, strict=True)) / len(cases), 3)


def per_ms(predict: Any, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts[:300]:
        predict([text])
    return (time.perf_counter() - start) * 1000 / min(len(texts), 300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "language.json")
    args = parser.parse_args()
    examples = training_examples()
    reading = {text: read_language(text).language for text, _ in examples}
    spanish = [e for e in examples if reading[e[0]] == SPANISH]
    english = [e for e in examples if reading[e[0]] != SPANISH]
    sets = {"en": heldout_cases(HELDOUT), "es": heldout_cases(HELDOUT / "es")}
    figures: dict[str, Any] = {
        "measured": time.strftime("%Y-%m-%d"),
        # what config.yml runs: one LinearIntentClassifier over both languages (docs/spanish.md)
        "deployed": "bilingual",
        "training_examples": {"en": len(english), "es": len(spanish)},
        "heldout_cases": {k: len(v) for k, v in sets.items()},
        "language_reading": {
            k: {
                "read_as_own": sum(read_language(t).language == k for t, _ in v) / max(len(v), 1),
                "clear": sum(read_language(t).clear and read_language(t).language == k for t, _ in v) / max(len(v), 1),
            }
            for k, v in sets.items()
        },
    }
    start = time.perf_counter()
    bilingual = Model(examples)
    bilingual_seconds = time.perf_counter() - start
    english_only, spanish_only = Model(english), Model(spanish)

    def router(for_spanish: Model) -> Any:
        def predict(texts: list[str]) -> list[str]:
            return [
                (for_spanish if read_language(t).language == SPANISH else english_only).predict([t])[0] for t in texts
            ]

        return predict

    figures["arrangements"] = {
        "english_only_model": {"accuracy": {"en": accuracy(english_only.predict, sets["en"])}},
        "bilingual": {
            "accuracy": {k: accuracy(bilingual.predict, v) for k, v in sets.items()},
            "megabytes": bilingual.megabytes(),
            "train_seconds": bilingual_seconds,
            "ms_per_message": per_ms(bilingual.predict, [t for t, _ in sets["en"]]),
        },
        # Spanish messages to a Spanish-only model, the rest to the English-only model
        "router_spanish_only": {
            "accuracy": {k: accuracy(router(spanish_only), v) for k, v in sets.items()},
            "megabytes": english_only.megabytes() + spanish_only.megabytes(),
            "ms_per_message": per_ms(router(spanish_only), [t for t, _ in sets["en"]]),
        },
        # Spanish messages to the bilingual model (Spanglish keeps its English words), the rest to English-only
        "router_bilingual_for_spanish": {
            "accuracy": {k: accuracy(router(bilingual), v) for k, v in sets.items()},
            "megabytes": english_only.megabytes() + bilingual.megabytes(),
            "ms_per_message": per_ms(router(bilingual), [t for t, _ in sets["en"]]),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
