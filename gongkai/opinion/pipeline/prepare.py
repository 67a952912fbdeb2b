"""The CPU-bound part of a batch, before the write transaction: normalise and judge, match plans
and the register's names, compute signatures (steps 1–3 of ``pipeline.batch``)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from ..enums import FOLLOW_KINDS
from ..ingest.records import Incoming
from ..models import Source
from ..nlp import normalise_many, score_many
from . import gazetteer, matcher
from .signatures import content_hash, dedup_key, simhashes


@dataclass
class Prepared:
    """The CPU-bound part of a batch, done before the write transaction opens (so that two worker
    processes judge and match in parallel and hold the database's write lock only to write)."""

    unique: dict[str, Incoming]
    new: list[Incoming]
    kinds: list[str]
    ts_list: list[float]
    raw: list[str]
    norm: list[str]
    judged: list
    plan_hits: list[list[int]]
    plan_words: list[set[str]]
    recs: list
    keys: list[str]
    hashes: list[int | None]
    sims: list[int | None]
    context: list[int]
    gz: gazetteer.Gazetteer
    timings: dict[str, float]

    LISTS = (
        "new",
        "kinds",
        "ts_list",
        "raw",
        "norm",
        "judged",
        "plan_hits",
        "plan_words",
        "recs",
        "keys",
        "hashes",
        "sims",
    )

    def keep(self, indexes: list[int]) -> None:
        for name in self.LISTS:
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in indexes])


def prepare(source: Source, records: list[Incoming], now: dt.datetime) -> Prepared:
    timings: dict[str, float] = {}
    t = time.perf_counter()
    now_ts = now.timestamp()
    unique: dict[str, Incoming] = {}
    for r in records:
        unique.setdefault(r.external_id, r)
    new = list(unique.values())
    default_kind = source.default_post_kind
    kinds = [r.kind or default_kind for r in new]
    ts_list = [r.published_at.timestamp() if r.published_at else now_ts for r in new]
    # Time order, the originals of the batch before its reposts and replies (so that they link).
    order = sorted(range(len(new)), key=lambda i: (kinds[i] in FOLLOW_KINDS, ts_list[i]))
    new = [new[i] for i in order]
    kinds = [kinds[i] for i in order]
    ts_list = [ts_list[i] for i in order]
    n = len(new)

    # --- 1. normalise and judge --------------------------------------------------------------
    raw = [f"{r.title} {r.text}" if r.title and r.text else (r.title or r.text) for r in new]
    norm = normalise_many(raw)
    with_text = [i for i in range(n) if norm[i]]
    judged: list = [None] * n
    if with_text:
        for i, j in zip(with_text, score_many([norm[i] for i in with_text]), strict=True):
            judged[i] = j
    timings["judge"] = time.perf_counter() - t
    t = time.perf_counter()

    # --- 2. plans and the register's names --------------------------------------------------------
    pidx = matcher.current()
    gz = gazetteer.current()
    context = [gz.agency_region[source.agency_id]] if source.agency_id in gz.agency_region else []
    plan_hits: list[list[int]] = [[] for _ in range(n)]
    plan_words: list[set[str]] = [set() for _ in range(n)]
    if pidx.automaton is not None:
        for i in with_text:
            plan_hits[i], plan_words[i] = pidx.match(norm[i])
    recs = [gz.recognise(norm[i], context) if norm[i] else gazetteer.Recognition() for i in range(n)]
    timings["match"] = time.perf_counter() - t
    t = time.perf_counter()

    # --- 3. signatures ---------------------------------------------------------------------------------
    keys = [dedup_key(s) for s in norm]
    hashes = [content_hash(k) for k in keys]
    sims = simhashes(keys)
    timings["signatures"] = time.perf_counter() - t
    return Prepared(
        unique,
        new,
        kinds,
        ts_list,
        raw,
        norm,
        judged,
        plan_hits,
        plan_words,
        recs,
        keys,
        hashes,
        sims,
        context,
        gz,
        timings,
    )
