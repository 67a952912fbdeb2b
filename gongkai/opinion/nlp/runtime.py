"""The run-time API: load the shipped model files once per process and judge texts.

    from gongkai.opinion.nlp import score, score_many, Propagation
    j = score("小区停水三天了，物业不管", propagation=None)
    j.negativity, j.rumour, j.categories, j.category, j.evidence

``score_many`` judges a list at once: one normalisation call, one sparse matrix per model, one matrix
product — use it for batches. Never raises on bad input: a non-string text counts as the empty text,
malformed reposts are skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import store
from .categories import categorise
from .normalize import normalise_many
from .propagation import FEATURES, Propagation, comment_text, features, until


@dataclass(frozen=True)
class Judgement:
    negativity: float  # probability that the text is negative (complaint, criticism, distress)
    rumour: float  # rumour suspicion, 0..1
    categories: dict[str, float] = field(default_factory=dict)  # SPEC R5.2 category → score 0..1
    category: str | None = None  # the chosen category key (see categories.LABELS) or None
    evidence: list[str] = field(default_factory=list)  # why: matched phrases, propagation cues
    horizon_hours: int = 0  # the propagation horizon the rumour score used (0 = text only)


@dataclass
class Models:
    negativity: object
    rumour: store.RumourModel
    meta: dict


_lock = threading.Lock()
_cache: dict[Path, Models] = {}


def load(folder: Path | str | None = None) -> Models:
    """The models in ``folder`` (default: the shipped ones), read from disk once per process."""
    path = Path(folder) if folder is not None else store.MODELS_DIR
    models = _cache.get(path)
    if models is None:
        with _lock:
            models = _cache.get(path)
            if models is None:
                models = Models(store.load_negativity(path), store.load_rumour(path), store.load_meta(path))
                _cache[path] = models
    return models


def _as_propagation(value: object) -> Propagation | None:
    if value is None or isinstance(value, Propagation):
        return value
    if isinstance(value, dict):
        try:
            return Propagation(
                reposts=list(value.get("reposts") or ()),
                posted_at=value.get("posted_at"),
                hours=value.get("hours"),
            )
        except TypeError:
            return None
    return None


def score_many(
    texts: Sequence[object],
    propagations: Sequence[object] | None = None,
    *,
    models: Models | None = None,
) -> list[Judgement]:
    """Judge each text (optionally with its propagation: a ``Propagation`` or a dict of the same fields)."""
    m = models or load()
    texts = list(texts)
    n = len(texts)
    if n == 0:
        return []
    norm = normalise_many(texts)
    negativity = m.negativity.proba(norm)
    rumour_model = m.rumour
    src_logit = rumour_model.source.decision(norm)
    combiner = rumour_model.combiner

    props = list(propagations) if propagations is not None else [None] * n
    props += [None] * (n - len(props))
    horizon_idx = np.zeros(n, dtype=np.int64)
    comment_texts = [""] * n
    feats = np.zeros((n, len(FEATURES)), dtype=np.float64)
    extra_evidence: list[list[str]] = [[] for _ in range(n)]
    for i, raw in enumerate(props[:n]):
        prop = _as_propagation(raw)
        if prop is None:
            continue
        reposts, watched = prop.normalised()
        hi = combiner.horizon_index(watched)
        horizon = combiner.horizons[hi]
        if horizon == 0:
            continue
        cut = until(reposts, horizon)
        horizon_idx[i] = hi
        cut_norm = normalise_many([r.text for r in cut])
        cut = [
            r if r.text == t else type(r)(r.hours, r.id, r.parent, r.user, t)
            for r, t in zip(cut, cut_norm, strict=True)
        ]
        comment_texts[i] = comment_text(cut)
        feats[i] = features(cut, horizon)
        fi = dict(zip(FEATURES, feats[i], strict=True))
        if fi["deny_share"] > 0:
            extra_evidence[i].append(f"传播: {fi['deny_share']:.0%} 的评论含辟谣/否认词")
        if fi["question_share"] > 0:
            extra_evidence[i].append(f"传播: {fi['question_share']:.0%} 的评论含质疑/求证词")
        extra_evidence[i].append(f"传播: 发布后 {horizon} 小时内转发/评论 {len(cut)} 条")
    com_logit = np.full(n, rumour_model.comments.bias)
    with_comments = [i for i, t in enumerate(comment_texts) if t]
    if with_comments:
        com_logit[with_comments] = rumour_model.comments.decision(
            normalise_many([comment_texts[i] for i in with_comments])
        )
    x = np.column_stack([src_logit, com_logit, feats])
    rumour = np.zeros(n, dtype=np.float64)
    for hi in np.unique(horizon_idx):
        rows = horizon_idx == hi
        rumour[rows] = combiner.proba(int(hi), x[rows])

    neg_list = np.round(negativity, 4).tolist()
    rum_list = np.round(rumour, 4).tolist()
    hours = np.asarray(combiner.horizons, dtype=np.int64)[horizon_idx].tolist()
    out = []
    for i in range(n):
        cat = categorise(norm[i])
        out.append(
            Judgement(
                negativity=neg_list[i],
                rumour=rum_list[i],
                categories=cat.scores,
                category=cat.category,
                evidence=cat.evidence + extra_evidence[i] if extra_evidence[i] else cat.evidence,
                horizon_hours=hours[i],
            )
        )
    return out


def score(text: object, *, propagation: object = None, models: Models | None = None) -> Judgement:
    """Judge one text (see ``score_many``)."""
    return score_many([text], [propagation], models=models)[0]
