"""Evaluate the shipped (or given) models on the dev splits and print the figures beside published ones.

    python -m gongkai.opinion.nlp.evaluate --data ../shared/data [--models DIR] [--categories FILE]

- negativity: accuracy / macro-F1 on the ChnSentiCorp dev reviews not seen in training (a dev review
  that the training set repeats, compared as ``train.repeat_key`` of the normalised text, is left out);
- rumour: accuracy / macro-F1 on the held-out CED events (``train.ced_split``), for each horizon (hours
  of propagation after posting; 0 = the source text only), through the run-time ``score_many``;
- category: accuracy / macro-F1 / coverage on two small sets of hand-written posts in
  ``tests/opinion/data/``: ``categories_handwritten.jsonl`` (60 posts; the lexicon was tuned on them
  after a first blind run) and ``categories_handwritten_fresh.jsonl`` (30 posts written after the
  tuning and never used for it). A sanity check of the rules, not a benchmark.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from . import data as D
from . import store
from .categories import LABELS
from .normalize import normalise_many
from .propagation import Propagation, Repost
from .runtime import load, score_many
from .train import ced_prepared, ced_split, negativity_training_set, repeat_key

PUBLISHED_NEGATIVITY = "BERT-base 95.0%, MacBERT-large 95.9% (ChnSentiCorp dev/test, as published)"
PUBLISHED_RUMOUR = "GRU-2 0.842, Bi-GCN 0.901, best in a 2022 survey 0.923 (CED accuracy)"
HANDWRITTEN_DIR = Path(__file__).resolve().parents[3] / "tests" / "opinion" / "data"
HANDWRITTEN = {
    "tuning set (60 posts, lexicon tuned on them)": HANDWRITTEN_DIR / "categories_handwritten.jsonl",
    "fresh set (30 posts, never used for tuning)": HANDWRITTEN_DIR / "categories_handwritten_fresh.jsonl",
}


def macro_f1(y_true, y_pred, classes) -> float:
    f1s = []
    for c in classes:
        tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == c and p == c)
        fp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t != c and p == c)
        fn = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == c and p != c)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0


def accuracy(y_true, y_pred) -> float:
    return float(np.mean([t == p for t, p in zip(y_true, y_pred, strict=True)])) if y_true else 0.0


def unseen_in_training(texts: list[str], training_texts: list[str]) -> list[bool]:
    """For each (raw) text: True when no training text repeats it (``train.repeat_key`` of the normalised text)."""

    seen = {repeat_key(t) for t in training_texts}
    return [repeat_key(t) not in seen for t in normalise_many(texts)]


def evaluate_negativity(data: Path, models) -> dict:
    """Accuracy on the ChnSentiCorp dev reviews that the training set does not repeat (only those)."""

    dev = D.chnsenticorp(data, "dev")
    unseen = unseen_in_training(dev.texts, negativity_training_set(data).texts)
    texts = [t for t, keep in zip(dev.texts, unseen, strict=True) if keep]
    y = [label for label, keep in zip(dev.labels, unseen, strict=True) if keep]
    started = time.perf_counter()
    judged = score_many(texts, models=models)
    pred = [int(j.negativity >= 0.5) for j in judged]
    return {
        "rows": len(texts),
        "excluded_seen_in_training": len(dev.texts) - len(texts),
        "accuracy": accuracy(y, pred),
        "macro_f1": macro_f1(y, pred, (0, 1)),
        "seconds": time.perf_counter() - started,
    }


def evaluate_rumour(data: Path, models) -> dict:
    sources, labels, reposts = ced_prepared(data)
    held = np.flatnonzero(ced_split(sources, labels))
    y = [int(labels[i]) for i in held]
    texts = [sources[i] for i in held]
    curve = {}
    for h in models.rumour.combiner.horizons:
        props = None
        if h > 0:
            props = [
                Propagation(
                    reposts=[Repost(r.hours, r.id, r.parent, r.user, r.text) for r in reposts[i]], hours=float(h)
                )
                for i in held
            ]
        judged = score_many(texts, props, models=models)
        pred = [int(j.rumour >= 0.5) for j in judged]
        curve[h] = {"accuracy": accuracy(y, pred), "macro_f1": macro_f1(y, pred, (0, 1))}
    return {"events": len(held), "rumour_share": float(np.mean(y)), "curve": curve}


def read_handwritten(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def evaluate_categories(path: Path, models) -> dict:
    rows = read_handwritten(path)
    judged = score_many([r["text"] for r in rows], models=models)
    y = [r["category"] for r in rows]
    pred = [j.category for j in judged]
    per = {c: accuracy([t for t in y if t == c], [p for t, p in zip(y, pred, strict=True) if t == c]) for c in LABELS}
    return {
        "rows": len(rows),
        "accuracy": accuracy(y, pred),
        "macro_f1": macro_f1(y, pred, tuple(LABELS)),
        "coverage": float(np.mean([p is not None for p in pred])),
        "per_category_accuracy": per,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate Gongkai's text models on the dev splits.")
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--models", type=Path, default=store.MODELS_DIR)
    parser.add_argument(
        "--categories", type=Path, action="append", help="a JSON-lines file of {text, category} (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    models = load(args.models)
    result = {
        "models": str(args.models),
        "trained_with": {k: models.meta.get(k) for k in ("scikit_learn", "numpy", "trained_at")},
        "negativity": evaluate_negativity(args.data, models),
        "rumour": evaluate_rumour(args.data, models),
    }
    sets = {str(p): p for p in args.categories} if args.categories else HANDWRITTEN
    result["category"] = {name: evaluate_categories(path, models) for name, path in sets.items() if path.exists()}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    neg = result["negativity"]
    print(f"Models: {args.models} (trained with scikit-learn {result['trained_with']['scikit_learn']})")
    print()
    print(
        f"Negativity — ChnSentiCorp dev, texts not seen in training only ({neg['rows']} reviews; "
        f"{neg['excluded_seen_in_training']} repeated in the training set left out)"
    )
    print(f"  accuracy {neg['accuracy']:.2%}   macro-F1 {neg['macro_f1']:.4f}   target ≥ 93%")
    print(f"  published: {PUBLISHED_NEGATIVITY}")
    rum = result["rumour"]
    print()
    print(f"Rumour suspicion — CED held-out split ({rum['events']} events, {rum['rumour_share']:.0%} rumour)")
    print("  hours after posting   accuracy   macro-F1")
    for h, fig in rum["curve"].items():
        label = f"{h} h" + (" (text only)" if h == 0 else "")
        print(f"  {label:<20}  {fig['accuracy']:.3f}      {fig['macro_f1']:.3f}")
    print(f"  target ≥ 0.92 with the text and the first hours; published: {PUBLISHED_RUMOUR}")
    for name, cat in result["category"].items():
        print()
        print(f"Category (SPEC R5.2) — hand-written posts, {name}: a sanity check of the rules, not a benchmark")
        print(f"  accuracy {cat['accuracy']:.2%}   macro-F1 {cat['macro_f1']:.4f}   coverage {cat['coverage']:.0%}")
        print("  per category: " + ", ".join(f"{LABELS[c]} {v:.0%}" for c, v in cat["per_category_accuracy"].items()))
    if result["category"]:
        print("  published: none (no labelled data exists for these categories)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
