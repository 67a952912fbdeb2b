"""Hashed character n-gram features, vectorised with numpy (no Python loop per character).

All texts of a batch are joined with NUL separators and read as one array of code points; the
n-grams (n in ``ngrams``) of every position are hashed at once into ``2**bits`` buckets; a sparse
document × bucket count matrix follows. Training and run time use this very function, so there is
no vocabulary to ship and no skew between the two: a model is a few arrays indexed by bucket.

Weighting (``TextModel`` below): sublinear term frequency ``1 + log(tf)``, times the bucket's idf
(0 for buckets pruned at training), rows L2-normalised, then a dot product with the weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

_M1 = np.uint64(0x100000001B3)
_M2 = np.uint64(0xFF51AFD7ED558CCD)
_S33 = np.uint64(33)


def _mix(h: np.ndarray) -> np.ndarray:
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33
    return h


def ngram_counts(texts: list[str], *, ngrams: tuple[int, ...] = (1, 2, 3), bits: int = 22) -> sparse.csr_matrix:
    """Document × bucket matrix of n-gram counts (float32) for already normalised ``texts``."""
    n_docs = len(texts)
    width = 1 << bits
    if n_docs == 0:
        return sparse.csr_matrix((0, width), dtype=np.float32)
    joined = "\x00".join(texts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=n_docs)
    doc_of = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)
    live = codes != 0
    mask = np.uint64(width - 1)
    rows, cols = [], []
    total = codes.shape[0]
    for n in ngrams:
        size = total - n + 1
        if size <= 0:
            continue
        h = codes[:size] + np.uint64(n * 0x9E3779B1)
        ok = live[:size].copy()
        for k in range(1, n):
            h = h * _M1
            h ^= codes[k : k + size]
            ok &= live[k : k + size]
        h = _mix(h) & mask
        rows.append(doc_of[:size][ok])
        cols.append(h[ok].astype(np.int32))
    if not rows:
        return sparse.csr_matrix((n_docs, width), dtype=np.float32)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = sparse.csr_matrix((np.ones(r.shape[0], dtype=np.float32), (r, c)), shape=(n_docs, width))
    m.sum_duplicates()
    return m


def weigh(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf × idf, rows L2-normalised (rows without a known bucket stay zero)."""
    x = counts.copy()
    x.data = ((1.0 + np.log(x.data)) * idf[x.indices]).astype(np.float32)
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    norm = np.sqrt(np.bincount(rows, weights=x.data.astype(np.float64) ** 2, minlength=x.shape[0]))
    norm[norm == 0] = 1.0
    x.data /= norm[rows].astype(np.float32)
    x.eliminate_zeros()
    return x


@dataclass
class TextModel:
    """A linear model over hashed n-grams: ``sigmoid(weigh(counts) @ weights + bias)``.

    ``idf`` and ``weights`` are dense arrays over the ``2**bits`` buckets at run time; on disk only
    the buckets kept at training are stored (see ``io``).
    """

    ngrams: tuple[int, ...]
    bits: int
    idf: np.ndarray
    weights: np.ndarray
    bias: float

    def features(self, texts: list[str]) -> sparse.csr_matrix:
        return weigh(ngram_counts(texts, ngrams=self.ngrams, bits=self.bits), self.idf)

    def decision(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float64)
        return np.asarray(self.features(texts) @ self.weights, dtype=np.float64) + self.bias

    def proba(self, texts: list[str]) -> np.ndarray:
        return sigmoid(self.decision(texts))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
