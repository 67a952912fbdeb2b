"""Is a post government information (政府信息)? The shipped classifier, its evidence, and training.

The model is the opinion module's hashed character n-gram linear model (through
``gongkai.opinion.interface``), trained by ``manage.py train_govinfo_classifier`` (see that command
and ``data/govinfo_meta.json`` for the data and the measured accuracy) and shipped as
``data/govinfo.npz``. A decision's evidence is the words whose removal moves the probability most.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gongkai.core import text as core_text
from gongkai.opinion import interface as opinion

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = DATA_DIR / "govinfo.npz"
META_FILE = DATA_DIR / "govinfo_meta.json"
THRESHOLD = 0.5
EVIDENCE_TERMS = 3
MAX_TOKENS = 40


@dataclass(frozen=True)
class Decision:
    is_gov_info: bool
    score: float
    evidence: list[dict]


@cache
def _model():
    return opinion.load_text_classifier(MODEL_FILE)


def model_meta() -> dict:
    try:
        return json.loads(META_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def post_text(title: str, text: str) -> str:
    return " ".join(part for part in (title or "", (text or "")[:500]) if part).strip()


def _tokens(raw: str) -> list[str]:
    seen: list[str] = []
    for token in core_text.jieba().lcut(raw):
        token = token.strip()
        if len(token) >= 2 and token not in seen:
            seen.append(token)
        if len(seen) >= MAX_TOKENS:
            break
    return seen


def classify(texts: list[str]) -> list[Decision]:
    """Decisions for raw post texts (title + text), with the words that weighed most."""
    if not texts:
        return []
    model = _model()
    norm = opinion.normalise_texts(texts)
    scores = model.proba(norm)
    out: list[Decision] = []
    for raw, score in zip(texts, scores, strict=True):
        score = float(score)
        is_gov = score >= THRESHOLD
        tokens = _tokens(raw)
        evidence: list[dict] = []
        if tokens:
            variants = opinion.normalise_texts([raw.replace(t, " ") for t in tokens])
            without = model.proba(variants)
            effects = [(t, score - float(w)) for t, w in zip(tokens, without, strict=True)]
            # Words that pushed towards the decision taken, strongest first.
            effects.sort(key=lambda e: -e[1] if is_gov else e[1])
            for term, effect in effects[:EVIDENCE_TERMS]:
                if (effect > 0) == is_gov and abs(effect) >= 0.005:
                    evidence.append({"term": term, "effect": round(effect, 3)})
        out.append(Decision(is_gov, round(score, 4), evidence))
    return out
