"""Train the text models from the datasets folder and write the model files.

    python -m gongkai.opinion.nlp.train --data ../shared/data --out gongkai/opinion/nlp/models

- negativity: NB-weighted logistic regression over hashed character 1–5-grams, trained on
  ChnSentiCorp train + ChnSentiCorp_htl_all + waimai_10k + the weibo_senti sample (emoticons stripped
  by normalisation); every training text that repeats a ChnSentiCorp text of another split (train,
  dev, test, any split in the folder; ``negativity_training_set``) is dropped, so the dev figure
  measures texts never seen in training.
- rumour: on CED, split into a training part and a held-out part (``ced_split``: stratified, seed 42,
  20 %, duplicate source texts kept on one side). A source-text model and a comments model (the same
  kind of n-gram model), then per horizon H in ``HORIZONS`` a logistic regression over the two text
  logits (out-of-fold on the training part) and the propagation features of the first H hours.

Only the training part of each dataset is used; ``evaluate`` scores the held-out parts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from scipy import sparse

from . import data as D
from . import store
from .features import TextModel, ngram_counts, weigh
from .normalize import normalise_many
from .propagation import FEATURES, HORIZONS, Repost, comment_text, features, until

SEED = 42
HELD_OUT = 0.2

NEGATIVITY = {"ngrams": (1, 2, 3, 4, 5), "bits": 22, "C": 16.0, "min_df": 2}
RUMOUR_SOURCE = {"ngrams": (1, 2, 3), "bits": 20, "C": 8.0, "min_df": 2}
RUMOUR_COMMENTS = {"ngrams": (1, 2, 3), "bits": 20, "C": 8.0, "min_df": 2, "max_buckets": 150_000}


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def fit_text_model(
    texts: list[str],
    labels: np.ndarray,
    *,
    ngrams,
    bits: int,
    C: float,
    min_df: int = 2,
    max_buckets: int | None = None,
) -> tuple[TextModel, np.ndarray]:
    """NB-weighted logistic regression over the hashed n-grams of normalised ``texts``.

    Buckets seen in fewer than ``min_df`` texts are dropped. With ``max_buckets``, a first fit ranks
    the buckets by ``|weight| × idf`` and the model is fitted again on the best ``max_buckets`` only
    (this keeps the shipped file small). Returns the model (weights already multiplied by the NB
    log-count ratios) and the kept buckets' document frequencies (0 elsewhere), which the file stores.
    """
    labels = np.asarray(labels)
    counts = ngram_counts(texts, ngrams=ngrams, bits=bits)
    df = np.bincount(counts.indices, minlength=1 << bits)
    df[df < min_df] = 0
    model = _fit(counts, labels, df, ngrams, bits, C)
    if max_buckets is not None and int((df > 0).sum()) > max_buckets:
        strength = np.abs(model.weights) * model.idf
        keep = np.argpartition(-strength, max_buckets)[:max_buckets]
        pruned = np.zeros_like(df)
        pruned[keep] = df[keep]
        df = pruned
        model = _fit(counts, labels, df, ngrams, bits, C)
    # What is evaluated is what is shipped: quantised weights after a save/load round trip.
    return store.stored_text_model(model, df, len(texts)), df


def _fit(counts, labels: np.ndarray, df: np.ndarray, ngrams, bits: int, C: float) -> TextModel:
    from sklearn.linear_model import LogisticRegression

    idf = store.idf_from_df(df, counts.shape[0])
    x = weigh(counts, idf)
    present = (x > 0).astype(np.float32)
    pos = np.asarray(present[labels == 1].sum(axis=0)).ravel() + 1.0
    neg = np.asarray(present[labels == 0].sum(axis=0)).ravel() + 1.0
    ratio = np.log((pos / pos.sum()) / (neg / neg.sum())).astype(np.float32)
    ratio[df == 0] = 0.0
    clf = LogisticRegression(C=C, max_iter=3000, solver="liblinear")
    clf.fit(x @ sparse.diags(ratio), labels)
    weights = (clf.coef_[0] * ratio).astype(np.float32)
    return TextModel(tuple(ngrams), bits, idf, weights, float(clf.intercept_[0]))


# --- negativity ------------------------------------------------------------------------------


def repeat_key(text: str) -> str:
    """The key under which two *normalised* texts count as the same review.

    Word characters only (punctuation and spaces dropped), the first 40 of them: the same review
    copied with other punctuation or a different ending still has the same key.
    """
    return re.sub(r"[\W_]+", "", text)[:40]


@dataclass
class NegativitySet:
    texts: list[str]  # normalised
    labels: np.ndarray  # 1 = negative
    sizes: dict[str, int]  # rows kept per source set
    dropped: dict[str, int]  # rows dropped per source set because they repeat a ChnSentiCorp text


def negativity_training_set(data: Path) -> NegativitySet:
    """ChnSentiCorp train + the extra review sets, without any text that repeats a ChnSentiCorp text.

    ChnSentiCorp's published split repeats texts across its splits, and htl_all (hotel reviews)
    repeats many ChnSentiCorp reviews. So every split found in ``chnsenticorp/`` (train, dev, test if
    present, any other) is read: a ChnSentiCorp *train* text is dropped when it repeats a text of any
    other split, and an extra-set text when it repeats any ChnSentiCorp text at all (compared on
    ``repeat_key`` of the normalised text). Dev figures then measure texts never seen in training.
    """
    splits = D.chnsenticorp_splits(data)
    if "train" not in splits:
        raise FileNotFoundError(Path(data) / "chnsenticorp" / "train.jsonl")
    normalised = {name: normalise_many(split.texts) for name, split in splits.items()}
    keys = {name: {repeat_key(t) for t in texts} for name, texts in normalised.items()}
    other_splits = set().union(*(k for name, k in keys.items() if name != "train"))
    every_split = other_splits | keys["train"]
    texts: list[str] = []
    labels: list[int] = []
    sizes: dict[str, int] = {}
    dropped: dict[str, int] = {}

    def add(name: str, rows: list[str], row_labels: list[int], excluded: set[str]) -> None:
        kept = repeats = 0
        for text, label in zip(rows, row_labels, strict=True):
            if not text:
                continue
            if repeat_key(text) in excluded:
                repeats += 1
                continue
            texts.append(text)
            labels.append(label)
            kept += 1
        sizes[name] = kept
        dropped[name] = repeats

    add("chnsenticorp_train", normalised["train"], splits["train"].labels, other_splits)
    for name, reader in (("htl_all", D.hotels), ("waimai_10k", D.waimai), ("weibo_senti_sample", D.weibo)):
        extra = D.optional(reader, data)
        add(name, normalise_many(extra.texts), extra.labels, every_split)
    return NegativitySet(texts, np.asarray(labels), sizes, dropped)


def train_negativity(data: Path) -> tuple[dict[str, np.ndarray], dict]:
    started = time.perf_counter()
    training = negativity_training_set(data)
    texts = training.texts
    model, df = fit_text_model(texts, training.labels, **NEGATIVITY)
    arrays = store.text_model_arrays("negativity", model, df, len(texts))
    meta = {
        "training_rows": training.sizes,
        "dropped_repeats_of_chnsenticorp": training.dropped,
        "params": {**NEGATIVITY, "ngrams": list(NEGATIVITY["ngrams"])},
        "kept_buckets": int((df > 0).sum()),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return arrays, meta


# --- rumour ----------------------------------------------------------------------------------


def ced_split(texts: list[str], labels: np.ndarray, *, seed: int = SEED, share: float = HELD_OUT) -> np.ndarray:
    """Boolean mask of the held-out events: stratified by label, ``share`` of each class, fixed seed.

    Events whose normalised source texts are equal form one group and fall on the same side.
    """
    rng = np.random.default_rng(seed)
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        groups.setdefault(text, []).append(i)
    held = np.zeros(len(texts), dtype=bool)
    for label in (0, 1):
        members = [g for g in groups.values() if labels[g[0]] == label]
        order = rng.permutation(len(members))
        total = sum(len(g) for g in members)
        taken = 0
        for j in order:
            if taken >= share * total:
                break
            held[members[j]] = True
            taken += len(members[j])
    return held


def _folds(labels: np.ndarray, k: int = 5):
    from sklearn.model_selection import StratifiedKFold

    k = max(2, min(k, int(np.bincount(labels, minlength=2).min())))
    return StratifiedKFold(k, shuffle=True, random_state=0).split(np.zeros(len(labels)), labels)


def ced_prepared(data: Path):
    """The CED events with normalised source texts and normalised repost texts."""

    events = D.ced(data)
    sources = normalise_many([e.text for e in events])
    comments = normalise_many([r.text for e in events for r in e.reposts])
    out, i = [], 0
    for event in events:
        reposts = []
        for r in event.reposts:
            reposts.append(Repost(r.hours, r.mid, r.parent, r.uid, comments[i]))
            i += 1
        out.append(reposts)
    return sources, np.asarray([e.label for e in events]), out


def horizon_inputs(reposts_per_event, horizon: float):
    """(comment texts, propagation feature matrix) of each event at ``horizon`` hours."""
    cut = [until(r, horizon) for r in reposts_per_event]
    texts = normalise_many([comment_text(r) for r in cut])
    feats = np.asarray([features(r, horizon) for r in cut], dtype=np.float64).reshape(len(cut), len(FEATURES))
    return texts, feats


def train_rumour(data: Path) -> tuple[dict[str, np.ndarray], dict]:
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    sources, labels, reposts = ced_prepared(data)
    held = ced_split(sources, labels)
    train_idx = np.flatnonzero(~held)
    y = labels[train_idx]
    src = [sources[i] for i in train_idx]
    reps = [reposts[i] for i in train_idx]
    per_h = {h: horizon_inputs(reps, h) for h in HORIZONS}

    # Out-of-fold logits of the two text models for the combiner; the comments model learns from
    # the comments of every horizon (one row per event and horizon).
    src_oof = np.zeros(len(src))
    com_oof = {h: np.zeros(len(src)) for h in HORIZONS}
    for a, b in _folds(y):
        m, _ = fit_text_model([src[i] for i in a], y[a], **RUMOUR_SOURCE)
        src_oof[b] = m.decision([src[i] for i in b])
        ctexts = [per_h[h][0][i] for h in HORIZONS for i in a]
        cm, _ = fit_text_model(ctexts, np.tile(y[a], len(HORIZONS)), **RUMOUR_COMMENTS)
        for h in HORIZONS:
            com_oof[h][b] = cm.decision([per_h[h][0][i] for i in b])
    source_model, source_df = fit_text_model(src, y, **RUMOUR_SOURCE)
    all_comments = [t for h in HORIZONS for t in per_h[h][0]]
    comments_model, comments_df = fit_text_model(all_comments, np.tile(y, len(HORIZONS)), **RUMOUR_COMMENTS)

    means, scales, coefs, biases = [], [], [], []
    for h in HORIZONS:
        x = np.column_stack([src_oof, com_oof[h], per_h[h][1]])
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-9] = 1.0
        clf = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y)
        means.append(mean)
        scales.append(scale)
        coefs.append(clf.coef_[0])
        biases.append(clf.intercept_[0])
    combiner = store.Combiner(HORIZONS, np.asarray(means), np.asarray(scales), np.asarray(coefs), np.asarray(biases))
    arrays = {
        **store.text_model_arrays("source", source_model, source_df, len(src)),
        **store.text_model_arrays("comments", comments_model, comments_df, len(all_comments)),
        **store.combiner_arrays(combiner),
    }
    meta = {
        "events": int(len(labels)),
        "training_events": int(len(train_idx)),
        "held_out_events": int(held.sum()),
        "split": {"seed": SEED, "held_out_share": HELD_OUT, "stratified": True, "grouped_by": "normalised source text"},
        "horizons_hours": list(HORIZONS),
        "propagation_features": list(FEATURES),
        "source_params": {**RUMOUR_SOURCE, "ngrams": list(RUMOUR_SOURCE["ngrams"])},
        "comments_params": {**RUMOUR_COMMENTS, "ngrams": list(RUMOUR_COMMENTS["ngrams"])},
        "kept_buckets": {"source": int((source_df > 0).sum()), "comments": int((comments_df > 0).sum())},
        "seconds": round(time.perf_counter() - started, 1),
    }
    return arrays, meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train Gongkai's text models (negativity, rumour suspicion).")
    parser.add_argument("--data", required=True, type=Path, help="the datasets folder (see its README)")
    parser.add_argument("--out", type=Path, default=store.MODELS_DIR, help="where to write the model files")
    parser.add_argument("--only", choices=("negativity", "rumour"), help="train one model only")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"no such folder: {args.data}")
    import sklearn

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    meta = store.load_meta(out)
    meta.update(
        {
            "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "scikit_learn": sklearn.__version__,
            "numpy": np.__version__,
            "format": 1,
        }
    )
    if args.only in (None, "negativity"):
        _log("training negativity …")
        arrays, info = train_negativity(args.data)
        store.save_npz(out / store.NEGATIVITY_FILE, arrays)
        meta["negativity"] = info
        _log(f"negativity: {info}")
    if args.only in (None, "rumour"):
        _log("training rumour …")
        arrays, info = train_rumour(args.data)
        store.save_npz(out / store.RUMOUR_FILE, arrays)
        meta["rumour"] = info
        _log(f"rumour: {info}")
    (out / store.META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for path in sorted(out.glob("*")):
        _log(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
