"""The shipped model files: plain numpy arrays in compressed ``.npz`` files plus ``meta.json``.

No pickles: a file holds, per text model, the n-gram orders, the hash width, the kept buckets
(delta-coded), their document frequency and their weight (int8, square-root scale), and the bias; the rumour file
adds, per horizon, the standardisation and the weights of the small logistic regression that combines
the source text, the comments and the propagation features. Loading therefore does not depend on the
scikit-learn version used for training (recorded in ``meta.json`` all the same).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import TextModel, sigmoid

MODELS_DIR = Path(__file__).resolve().parent / "models"
NEGATIVITY_FILE = "negativity.npz"
RUMOUR_FILE = "rumour.npz"
META_FILE = "meta.json"


def idf_from_df(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed idf (as scikit-learn's): ``log((1 + n) / (1 + df)) + 1``; 0 where ``df == 0``."""
    out = np.log((1.0 + n_docs) / (1.0 + df.astype(np.float64))) + 1.0
    return np.where(df > 0, out, 0.0).astype(np.float32)


def text_model_arrays(prefix: str, model: TextModel, df: np.ndarray, n_docs: int) -> dict[str, np.ndarray]:
    """The arrays of ``model`` to store; ``df`` is the document frequency of the kept buckets (0 elsewhere)."""
    kept = np.flatnonzero(df > 0).astype(np.uint32)
    deltas = np.diff(kept, prepend=np.uint32(0)).astype(np.uint32)
    return {
        f"{prefix}__ngrams": np.asarray(model.ngrams, dtype=np.int8),
        f"{prefix}__bits": np.asarray(model.bits, dtype=np.int8),
        f"{prefix}__n_docs": np.asarray(n_docs, dtype=np.int64),
        f"{prefix}__buckets": deltas,
        f"{prefix}__df": np.minimum(df[kept], 65535).astype(np.uint16),
        **quantised(prefix, model.weights[kept]),
        f"{prefix}__bias": np.asarray(model.bias, dtype=np.float64),
    }


def quantised(prefix: str, weights: np.ndarray) -> dict[str, np.ndarray]:
    """Weights as int8 on a square-root scale: ``w = sign(q) * (|q| * step) ** 2``.

    The square root spends the 127 levels where most weights are (near zero) and still keeps the few
    large ones; on the negativity model the dev accuracy is the same as with float32 weights.
    """
    root = np.sqrt(np.abs(weights.astype(np.float64)))
    step = float(root.max()) / 127.0 if root.size and root.max() > 0 else 1.0
    q = (np.round(root / step) * np.sign(weights)).astype(np.int8)
    return {f"{prefix}__weights_q": q, f"{prefix}__weights_step": np.asarray(step, dtype=np.float64)}


def dequantised(arrays, prefix: str) -> np.ndarray:
    q = arrays[f"{prefix}__weights_q"].astype(np.float32)
    step = float(arrays[f"{prefix}__weights_step"])
    return (np.sign(q) * (np.abs(q) * step) ** 2).astype(np.float32)


def text_model_from(arrays, prefix: str) -> TextModel:
    bits = int(arrays[f"{prefix}__bits"])
    size = 1 << bits
    kept = np.cumsum(arrays[f"{prefix}__buckets"].astype(np.int64))
    idf = np.zeros(size, dtype=np.float32)
    idf[kept] = idf_from_df(arrays[f"{prefix}__df"].astype(np.int64), int(arrays[f"{prefix}__n_docs"]))
    weights = np.zeros(size, dtype=np.float32)
    weights[kept] = dequantised(arrays, prefix)
    return TextModel(
        ngrams=tuple(int(n) for n in arrays[f"{prefix}__ngrams"]),
        bits=bits,
        idf=idf,
        weights=weights,
        bias=float(arrays[f"{prefix}__bias"]),
    )


def stored_text_model(model: TextModel, df: np.ndarray, n_docs: int) -> TextModel:
    """``model`` as it will be after a save and a load (quantised weights), for honest evaluation."""
    arrays = text_model_arrays("m", model, df, n_docs)
    return text_model_from(arrays, "m")


@dataclass
class Combiner:
    """Per horizon: ``sigmoid(((x - mean) / scale) @ coef + bias)`` over [source logit, comments logit, features]."""

    horizons: tuple[int, ...]
    mean: np.ndarray  # horizons × columns
    scale: np.ndarray
    coef: np.ndarray
    bias: np.ndarray  # horizons

    def horizon_index(self, hours: float) -> int:
        """The largest trained horizon not after ``hours``."""
        idx = 0
        for i, h in enumerate(self.horizons):
            if hours >= h:
                idx = i
        return idx

    def proba(self, i: int, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean[i]) / self.scale[i]) @ self.coef[i] + self.bias[i]
        return sigmoid(z)


@dataclass
class RumourModel:
    source: TextModel
    comments: TextModel
    combiner: Combiner


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def load_negativity(folder: Path) -> TextModel:
    with np.load(Path(folder) / NEGATIVITY_FILE) as arrays:
        return text_model_from(arrays, "negativity")


def load_rumour(folder: Path) -> RumourModel:
    with np.load(Path(folder) / RUMOUR_FILE) as arrays:
        combiner = Combiner(
            horizons=tuple(int(h) for h in arrays["combiner__horizons"]),
            mean=arrays["combiner__mean"].astype(np.float64),
            scale=arrays["combiner__scale"].astype(np.float64),
            coef=arrays["combiner__coef"].astype(np.float64),
            bias=arrays["combiner__bias"].astype(np.float64),
        )
        return RumourModel(text_model_from(arrays, "source"), text_model_from(arrays, "comments"), combiner)


def combiner_arrays(c: Combiner) -> dict[str, np.ndarray]:
    return {
        "combiner__horizons": np.asarray(c.horizons, dtype=np.int32),
        "combiner__mean": c.mean.astype(np.float64),
        "combiner__scale": c.scale.astype(np.float64),
        "combiner__coef": c.coef.astype(np.float64),
        "combiner__bias": c.bias.astype(np.float64),
    }


def load_meta(folder: Path) -> dict:
    try:
        return json.loads((Path(folder) / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
