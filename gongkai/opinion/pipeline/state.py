"""The per-process memory of the pipeline: bounded indexes that spare a query per post.

Every index is an accelerator over what the database holds, with a database fallback where a miss
would change a result that must be exact:

- ``links``: (source id, external id) → (post id, thread root id) — a miss is looked up in the
  database (one query per batch for all the batch's misses);
- ``threads``: root post id → event id (``None``: the thread has no event) — a miss is looked up;
- ``hashes``: content hash → (post id, root id) for exact duplicates — misses are looked up;
- ``sim`` (SimHash bands) and ``anchors`` (quoted-text windows): near-duplicates and repost-by-
  similarity among the recent posts this process has seen (warmed from the database at start);
- ``topics``: the keywords of recent events, to group standalone posts into events;
- ``props``: the reposts of young events (first 48 h) for the rumour model's propagation features.

Two worker processes therefore agree on links, threads and exact duplicates, and each finds the
near-duplicates and topics it has seen; a deployment routes a source (or a thread) to one worker
to keep those whole. ``reset()`` empties everything (tests; after a failed batch).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from .signatures import AnchorIndex, SimIndex

TOPIC_WINDOW_SECONDS = 72 * 3600


class LRU(OrderedDict):
    def __init__(self, capacity: int):
        super().__init__()
        self.capacity = capacity

    def get(self, key, default=None):
        try:
            value = self[key]
        except KeyError:
            return default
        self.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.capacity:
            self.popitem(last=False)


class TopicIndex:
    """Events' keywords with document frequencies; finds the event a standalone post belongs to.

    A post joins the event sharing the most idf-weighted keywords with it, when they share at least
    ``MIN_SHARED`` keywords covering ``MIN_SCORE`` of the post's keyword weight and the event was
    active within ``TOPIC_WINDOW_SECONDS`` of the post. On the 2,370 CED source posts (in time order)
    these values join 355 posts to an earlier one — mostly the same story posted by other accounts;
    2 shared keywords at 0.3 joined 388, with visibly wrong joins among them.
    """

    MIN_SHARED = 3
    MIN_SCORE = 0.4
    BOOST = 2.0
    MIN_DOCS_FOR_IDF = 200
    CAPACITY = 50_000
    MAX_POSTING = 200

    def __init__(self) -> None:
        self.df: dict[str, int] = {}
        self.docs = 0
        self.postings: dict[str, list[int]] = {}
        self.events: OrderedDict[int, tuple[frozenset[str], float]] = OrderedDict()
        self.max_event_id = 0

    def idf(self, term: str) -> float:
        # Document frequencies of a few hundred posts say little: plain counts until then.
        if self.docs < self.MIN_DOCS_FOR_IDF:
            return 1.0
        return math.log((self.docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def observe(self, terms: frozenset[str]) -> None:
        self.docs += 1
        for t in terms:
            self.df[t] = self.df.get(t, 0) + 1

    def find(
        self,
        terms: frozenset[str],
        ts: float,
        boost: frozenset[str] = frozenset(),
        *,
        names: frozenset[str] = frozenset(),
        subjects: frozenset[str] = frozenset(),
    ) -> int | None:
        """The event of the keywords ``terms`` (``boost``: the register's names and the plans' words
        found in the post, which count double — the place and the subject decide a matter).

        An event qualifies when it shares ``MIN_SHARED`` keywords with the post, or when the shared
        ones include a place or unit of the register (``names``) and a plan's subject word
        (``subjects``): "城川镇停水什么时候恢复" belongs with "城川镇又停水了" though the rest differs."""
        if len(terms) < 2:
            return None
        counts: dict[int, float] = {}
        shared: dict[int, int] = {}
        shared_names: dict[int, int] = {}
        shared_subjects: dict[int, int] = {}
        weights = {t: self.idf(t) * (self.BOOST if t in boost else 1.0) for t in terms}
        for t in terms:
            in_names, in_subjects = t in names, t in subjects
            for eid in self.postings.get(t, ()):
                counts[eid] = counts.get(eid, 0.0) + weights[t]
                shared[eid] = shared.get(eid, 0) + 1
                if in_names:
                    shared_names[eid] = shared_names.get(eid, 0) + 1
                if in_subjects:
                    shared_subjects[eid] = shared_subjects.get(eid, 0) + 1
        if not counts:
            return None
        total = sum(weights.values())
        best, best_score = None, 0.0
        for eid, score in counts.items():
            place_and_subject = shared_names.get(eid, 0) and shared_subjects.get(eid, 0)
            if shared[eid] < self.MIN_SHARED and not place_and_subject:
                continue
            entry = self.events.get(eid)
            if entry is None or abs(ts - entry[1]) > TOPIC_WINDOW_SECONDS:
                continue
            if score > best_score:
                best, best_score = eid, score
        if best is not None and best_score >= self.MIN_SCORE * total:
            return best
        return None

    def add(self, event_id: int, terms: frozenset[str], ts: float) -> None:
        old = self.events.get(event_id)
        merged = terms | old[0] if old else terms
        if len(merged) > 40:
            merged = frozenset(sorted(merged, key=lambda t: -self.idf(t))[:40])
        self.events[event_id] = (merged, max(ts, old[1]) if old else ts)
        self.events.move_to_end(event_id)
        for t in merged - (old[0] if old else frozenset()):
            posting = self.postings.setdefault(t, [])
            posting.append(event_id)
            if len(posting) > self.MAX_POSTING:
                del posting[0]
        self.max_event_id = max(self.max_event_id, event_id)
        if len(self.events) > self.CAPACITY:
            old_id, (old_terms, _ts) = self.events.popitem(last=False)
            for t in old_terms:
                posting = self.postings.get(t)
                if posting and old_id in posting:
                    posting.remove(old_id)

    def touch(self, event_id: int, ts: float) -> None:
        entry = self.events.get(event_id)
        if entry is not None and ts > entry[1]:
            self.events[event_id] = (entry[0], ts)


@dataclass
class PropBuffer:
    """What the rumour model needs of a young event: its source post and the reposts so far."""

    posted_ts: float
    root_text: str
    root_ext: str
    reposts: list = field(default_factory=list)  # nlp.Repost
    scored_horizon: int = -1
    scored_n: int = 0
    latest_ts: float = 0.0  # the latest repost seen, past the 48 h window too (the event's age)


class State:
    def __init__(self) -> None:
        self.links = LRU(500_000)
        self.threads = LRU(500_000)
        self.hashes = LRU(300_000)
        self.sim = SimIndex()
        self.anchors = AnchorIndex()
        self.topics = TopicIndex()
        self.props: OrderedDict[int, PropBuffer] = OrderedDict()
        self.warmed = False

    def prop_put(self, event_id: int, buf: PropBuffer) -> None:
        self.props[event_id] = buf
        self.props.move_to_end(event_id)
        while len(self.props) > 20_000:
            self.props.popitem(last=False)


_lock = threading.Lock()
_state: State | None = None


def get() -> State:
    global _state
    if _state is None:
        with _lock:
            if _state is None:
                _state = State()
    return _state


def reset() -> None:
    """Forget everything this process remembers (the database stays as it is)."""
    global _state
    with _lock:
        _state = None
