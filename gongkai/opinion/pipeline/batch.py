"""``process_batch``: every ingest path (API, file, feed, benchmark) ends here.

One call handles a batch of checked records of one source in one transaction, built for
throughput: the text models judge the whole batch at once (``score_many``), plans and the
register's names are found by Aho–Corasick automata, signatures are computed for the batch with
numpy, links are resolved from memory with one query for the misses, rows are written with bulk
inserts (ids allocated up front, so that posts, their threads and new events can refer to each other
before anything is written), and each touched event is read and written once per batch.

Steps, for the records not already stored (idempotence on (source, external id)):

1. normalise (the original text is kept as received), judge (negativity, text rumour, category);
2. match the active monitoring plans; recognise regions and units of the register;
3. signatures: exact (content hash) and near-duplicate (SimHash) keys, quoted-text anchors;
4. in time order, originals before the reposts/replies in the same batch:
   - a repost or reply joins its source through ``parent_id``/``repost_of`` when the source is known;
   - otherwise an exact or near duplicate joins the event of the post it repeats;
   - otherwise a text quoting a recent post (shared anchors) joins that post (reposts: its thread);
   - otherwise a *relevant* post (it matched a plan, names a unit or region, or its source is
     ``track_all``) joins the event sharing its keywords, or starts a new event;
   - a relevant reply in a thread without an event starts the event of the whole thread (earlier
     posts of the thread are attached to it);
   - a source post arriving after its reposts adopts them (``repost_of`` waiting for it);
5. update each touched event: volume, hourly volume and growth, platforms, media, engagement, top
   posts, negativity mix, category, sensitive terms, concerned units and regions, plans; the
   rumour suspicion of young events from the text and the propagation of the source post's reposts
   (re-judged when the propagation horizon grows or the reposts double);
6. the warning level from the threshold rules (``levels.evaluate``); automatic levels only rise; a
   manual level stays until the automatic judgement rises past the level it had when the person
   decided. Every change is an ``EventLevelChange``; reaching orange/red the first time sets
   ``warned_at``. The raised warnings and level changes are returned (``BatchResult.warnings``);
   the caller announces them after the commit (``services.run_warning_hooks``: the signals and the
   opinion monitors of the concerned units).

The write transaction runs as the named stages of ``Batch`` (see its docstring).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass, field

import ahocorasick
from django.db import connection, transaction
from django.db.models import Count, Max, Q

from gongkai.core import clock
from gongkai.rules.models import RuleRecord

from ..enums import (
    FOLLOW_KINDS,
    LEVEL_ORDER,
    MEDIA_SOURCE_KINDS,
    RAISED_LEVELS,
    DuplicateKind,
    EventStatus,
    LevelChangeKind,
    LinkMethod,
    WarningLevel,
)
from ..ingest.records import Incoming
from ..models import Event, EventAgency, EventLevelChange, EventPlan, EventRegion, PlanMatch, Post, Source
from ..nlp import Propagation, Repost, normalise_many, score_many
from ..nlp.propagation import HORIZONS
from ..rules import LEVEL_KEYS
from . import gazetteer, keywords, levels, matcher, writer
from . import state as state_mod
from .signatures import MIN_ANCHOR_TEXT, anchors, content_hash, dedup_key, language, simhashes

log = logging.getLogger(__name__)

# Negativity mix: the model's probability that a text is negative, cut in three (model cut-offs,
# not statutory numbers): ≥ 0.6 negative, < 0.4 positive, neutral between.
NEGATIVE_AT = 0.6
POSITIVE_BELOW = 0.4
TOP_POSTS = 10
HOURLY_KEEP = 72
RUMOUR_WINDOW_HOURS = HORIZONS[-1]
TITLE_CHARS = 60
_MISSING = object()


@dataclass
class Warnings:
    """What a batch raised, for its caller to announce after the commit (``services.run_warning_hooks``):
    ``raised`` (event id, level, reason) for events that reached orange/red the first time,
    ``changes`` (event id, old level, new level, reason) for every automatic level change."""

    raised: list[tuple[int, str, str]] = field(default_factory=list)
    changes: list[tuple[int, str, str, str]] = field(default_factory=list)
    at: dt.datetime | None = None

    def __bool__(self) -> bool:
        return bool(self.raised or self.changes)


@dataclass
class BatchResult:
    received: int = 0
    created: int = 0
    existing: int = 0
    post_ids: list[int] = field(default_factory=list)
    events_created: int = 0
    events_touched: list[int] = field(default_factory=list)
    raised: list[int] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: Warnings = field(default_factory=Warnings)  # for the caller to announce after the commit


@dataclass
class Delta:
    volume: int = 0
    originals: int = 0
    dups: int = 0
    media: int = 0
    engagement: int = 0
    platforms: Counter = field(default_factory=Counter)
    hourly: Counter = field(default_factory=Counter)
    neg: int = 0
    neu: int = 0
    pos: int = 0
    neg_sum: float = 0.0
    categories: Counter = field(default_factory=Counter)
    top: list = field(default_factory=list)  # [score, post id]
    agencies: set = field(default_factory=set)
    regions: set = field(default_factory=set)
    plans: set = field(default_factory=set)
    texts: list = field(default_factory=list)
    first_ts: float = float("inf")
    last_ts: float = 0.0
    follows: list = field(default_factory=list)  # (root id, Repost) for the rumour propagation
    terms: set = field(default_factory=set)


def _aware(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC)


def _engagement(reposts: int, comments: int, likes: int, views: int) -> int:
    return reposts + comments + likes + views // 100


def _add(
    d: Delta,
    *,
    ts: float,
    kind: str,
    source_kind: str,
    dup: bool,
    negativity: float | None,
    category: str,
    score: int,
    pid: int,
    text: str,
) -> None:
    d.volume += 1
    if dup:
        d.dups += 1
    else:
        d.originals += 1
    d.platforms[source_kind] += 1
    if source_kind in MEDIA_SOURCE_KINDS:
        d.media += 1
    d.engagement += score
    d.hourly[str(int(ts // 3600))] += 1
    if negativity is not None:
        d.neg_sum += negativity
        if negativity >= NEGATIVE_AT:
            d.neg += 1
        elif negativity < POSITIVE_BELOW:
            d.pos += 1
        else:
            d.neu += 1
    if category:
        d.categories[category] += 1
    if kind not in FOLLOW_KINDS or score > 0:
        d.top.append([pid, score])
    if text:
        d.texts.append(text)
    d.first_ts = min(d.first_ts, ts)
    d.last_ts = max(d.last_ts, ts)


class IdAllocator:
    """Primary keys handed out before the insert, so rows of one batch can refer to each other.

    SQLite: the write transaction is IMMEDIATE (settings), so no other writer runs until commit;
    ids continue after the largest used (the AUTOINCREMENT counter included). PostgreSQL: ids come
    from the column's sequence (gaps are harmless).
    """

    def __init__(self, model):
        self.table = model._meta.db_table
        self.next_id: int | None = None
        self.pool: list[int] = []

    def take(self, n: int = 1) -> list[int]:
        if n <= 0:
            return []
        if connection.vendor == "postgresql":
            if len(self.pool) < n:
                with connection.cursor() as cur:
                    cur.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [self.table, max(n - len(self.pool), 16 if n == 1 else n - len(self.pool))],
                    )
                    self.pool.extend(r[0] for r in cur.fetchall())
            out, self.pool = self.pool[:n], self.pool[n:]
            return out
        if self.next_id is None:
            with connection.cursor() as cur:
                cur.execute(f'SELECT max(id) FROM "{self.table}"')  # the table name comes from the model
                top = cur.fetchone()[0] or 0
                try:
                    cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                    row = cur.fetchone()
                    top = max(top, row[0] if row else 0)
                except Exception:  # no AUTOINCREMENT table yet
                    pass
            self.next_id = top + 1
        out = list(range(self.next_id, self.next_id + n))
        self.next_id += n
        return out


def process_batch(source: Source, records: list[Incoming], *, now: dt.datetime | None = None) -> BatchResult:
    """Store and analyse a batch of checked records of one source (see the module docstring).

    Must run in its own transaction (not inside a caller's atomic block that could still roll back):
    the per-process indexes remember what a committed batch added.
    """
    st = state_mod.get()
    now = now or clock.now()
    prep = _prepare(source, records, now)
    try:
        with transaction.atomic():
            return _process(source, records, prep, now, st)
    except Exception:
        state_mod.reset()
        raise


def _warm(st: state_mod.State, now_ts: float) -> None:
    """Fill the indexes from the recent rows (a new process, or after a reset)."""
    st.warmed = True
    rows = (
        Post.objects.filter(thread_root__isnull=True, duplicate_of__isnull=True, simhash__isnull=False)
        .order_by("-id")
        .values_list("id", "simhash", "text_norm", "event_id")[:50_000]
    )
    for pid, sim, text, event_id in reversed(list(rows)):
        st.sim.add(sim, (pid, pid))
        key = dedup_key(text)
        if len(key) >= MIN_ANCHOR_TEXT:
            st.anchors.add(pid, anchors(key), ())
        st.threads.put(pid, event_id)
    events = (
        Event.objects.filter(status=EventStatus.ACTIVE)
        .order_by("-last_seen_at")
        .values_list("id", "keywords", "last_seen_at")[:20_000]
    )
    for eid, kws, last_seen in reversed(list(events)):
        terms = frozenset(kws or ())
        st.topics.observe(terms)
        st.topics.add(eid, terms, last_seen.timestamp())


def _sync_topics(st: state_mod.State) -> None:
    """Events other processes created since this one last looked."""
    rows = Event.objects.filter(id__gt=st.topics.max_event_id).values_list("id", "keywords", "last_seen_at")[:5_000]
    for eid, kws, last_seen in rows:
        if eid not in st.topics.events:
            st.topics.add(eid, frozenset(kws or ()), last_seen.timestamp())


_threshold_cache: dict = {}
_sensitive_automata: dict[tuple[str, ...], object] = {}


def _rules_version() -> tuple:
    keys = [*LEVEL_KEYS.values(), "opinion.sensitive_terms"]
    agg = RuleRecord.objects.filter(key__in=keys).aggregate(n=Count("id"), m=Max("updated_at"))
    return (agg["n"], agg["m"].isoformat() if agg["m"] else "")


def _thresholds(region_id: int | None, version: tuple, on_date: dt.date) -> levels.Thresholds:
    key = (region_id, version, on_date)
    cached = _threshold_cache.get(key)
    if cached is None:
        if len(_threshold_cache) > 1000:
            _threshold_cache.clear()
        cached = _threshold_cache[key] = levels.load_thresholds(region_id, on_date)
    return cached


def _sensitive_automaton(terms: tuple[str, ...]):
    auto = _sensitive_automata.get(terms)
    if auto is None and terms:
        auto = ahocorasick.Automaton()
        for t, norm in zip(terms, normalise_many(terms), strict=True):
            if norm:
                auto.add_word(norm, t)
        auto.make_automaton()
        _sensitive_automata[terms] = auto
    return auto


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


def _prepare(source: Source, records: list[Incoming], now: dt.datetime) -> Prepared:
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


class Batch:
    """One batch through the write transaction, as named stages sharing the batch's working state.

    ``_process`` runs them in order: ``drop_existing`` (idempotence), ``lookup_known`` (links and
    hashes stored by earlier batches), ``assign`` (per post: link reposts, find duplicates, group into
    events), ``backfill`` (threads that got an event now, source posts adopting their reposts),
    ``statistics`` (the events' figures, units, sensitive terms, rumour), ``judge_levels`` and
    ``write``. Each stage reads and fills the attributes set up by the stages before it, so a test
    can build a ``Batch`` and run one stage alone.
    """

    def __init__(
        self, source: Source, records: list[Incoming], prep: Prepared, now: dt.datetime, st: state_mod.State
    ) -> None:
        self.source, self.records, self.prep, self.now, self.st = source, records, prep, now, st
        self.timings: dict[str, float] = dict(prep.timings)
        self.result = BatchResult(received=len(records), timings=self.timings)
        self.sid = source.pk
        self.now_ts = now.timestamp()
        self.new: list[Incoming] = prep.new
        # Filled by ``assign``.
        self.post_ids: list[int] = []
        self.batch_links: dict[str, tuple[int, int]] = {}
        self.batch_threads: dict[int, int | None] = {}
        self.batch_hash: dict[int, tuple[int, int]] = {}
        self.new_events: dict[int, Event] = {}
        self.deltas: dict[int, Delta] = {}
        self.backfills: list[tuple[int, int]] = []  # (thread root id, event id) for threads that got an event now
        self.posts: list[tuple] = []
        self.plan_rows: list[tuple[int, int]] = []
        self.originals_ext: list[str] = []
        # Filled by ``statistics`` and ``judge_levels``.
        self.events: dict[int, Event] = {}
        self.touched_existing: list[int] = []
        self.event_thresholds: dict[int, levels.Thresholds] = {}
        self.link_rows: list = []
        self.level_rows: list[EventLevelChange] = []
        self.warnings = Warnings(at=now)
        self._event_ids: IdAllocator | None = None

    # --- 0. idempotence (inside the transaction) ----------------------------------------------------

    def drop_existing(self) -> bool:
        """Leave out the records already stored; False when nothing is left."""
        prep = self.prep
        ids = list(prep.unique)
        existing = (
            set(Post.objects.filter(source_id=self.sid, external_id__in=ids).values_list("external_id", flat=True))
            if ids
            else set()
        )
        if existing:
            prep.keep([i for i, r in enumerate(prep.new) if r.external_id not in existing])
        self.new = prep.new
        self.result.existing = len(self.records) - len(self.new)
        return bool(self.new)

    # --- 4. links, duplicates, events ---------------------------------------------------------------

    def lookup_known(self) -> None:
        """The stored posts this batch's reposts refer to, and the stored posts with its content hashes."""
        st, sid, unique = self.st, self.sid, self.prep.unique
        refs = {e for r in self.new for e in (r.parent_id, r.repost_of) if e}
        missing_refs = [e for e in refs if e not in unique and st.links.get((sid, e)) is None]
        if missing_refs:
            for pid, ext, root, event_id in Post.objects.filter(
                source_id=sid, external_id__in=missing_refs
            ).values_list("id", "external_id", "thread_root_id", "event_id"):
                root_id = root or pid
                st.links.put((sid, ext), (pid, root_id))
                if st.threads.get(root_id, _MISSING) is _MISSING:
                    st.threads.put(root_id, event_id)
        wanted_hashes = [h for h in {h for h in self.prep.hashes if h is not None} if st.hashes.get(h) is None]
        if wanted_hashes:
            for pid, h, root in Post.objects.filter(
                content_hash__in=wanted_hashes, duplicate_of__isnull=True
            ).values_list("id", "content_hash", "thread_root_id"):
                if st.hashes.get(h) is None:
                    st.hashes.put(h, (pid, root or pid))

    def resolve(self, ext: str) -> tuple[int, int] | None:
        """(post id, thread root id) of a post of this source by its external id."""
        if not ext:
            return None
        return self.batch_links.get(ext) or self.st.links.get((self.sid, ext))

    def thread_event(self, root_id: int) -> int | None:
        if root_id in self.batch_threads:
            return self.batch_threads[root_id]
        value = self.st.threads.get(root_id, _MISSING)
        if value is _MISSING:
            value = Post.objects.filter(pk=root_id).values_list("event_id", flat=True).first()
            self.st.threads.put(root_id, value)
        return value

    def start_event(self, seed_id: int, seed_index: int | None, ts: float, terms: frozenset[str]) -> int:
        if self._event_ids is None:
            self._event_ids = IdAllocator(Event)
        (eid,) = self._event_ids.take(1)
        if seed_index is not None:
            r = self.new[seed_index]
            title = r.title or r.text
        else:
            row = Post.objects.filter(pk=seed_id).values_list("title", "text").first() or ("", "")
            title = row[0] or row[1]
        title = " ".join((title or "").split())[:TITLE_CHARS] or "（无标题）"
        seen = _aware(ts)
        now = self.now
        self.new_events[eid] = Event(
            id=eid,
            title=title,
            source_post_id=seed_id,
            first_seen_at=seen,
            last_seen_at=seen,
            keywords=list(terms)[:15],
            level=WarningLevel.BLUE,
            auto_level=WarningLevel.BLUE,
            status=EventStatus.ACTIVE,
            created_at=now,
            updated_at=now,
        )
        self.deltas[eid] = Delta()
        self.st.topics.observe(terms)
        self.st.topics.add(eid, terms, ts)
        self.result.events_created += 1
        return eid

    def assign(self) -> None:
        """Per post, in order: its thread (link), its duplicate, its event; then its indexes, its
        event's delta and its row. One loop, not one per step, because each post's decision reads
        the indexes the posts before it in the batch filled (a reason for its length)."""
        prep, st, sid, source = self.prep, self.st, self.sid, self.source
        new, kinds, ts_list, raw, norm, judged = prep.new, prep.kinds, prep.ts_list, prep.raw, prep.norm, prep.judged
        plan_hits, recs = prep.plan_hits, prep.recs
        keys, hashes, sims = prep.keys, prep.hashes, prep.sims
        batch_links, batch_threads, batch_hash = self.batch_links, self.batch_threads, self.batch_hash
        deltas, backfills, posts, plan_rows = self.deltas, self.backfills, self.posts, self.plan_rows
        originals_ext = self.originals_ext
        resolve, thread_event, start_event = self.resolve, self.thread_event, self.start_event
        now = self.now
        post_ids = self.post_ids = IdAllocator(Post).take(len(new))
        self._event_ids = IdAllocator(Event)
        source_kind = source.kind
        for i, r in enumerate(new):
            pid = post_ids[i]
            kind = kinds[i]
            follow = kind in FOLLOW_KINDS
            ts = ts_list[i]
            parent_id = root_id = None
            method = ""
            event_id: int | None = None
            linked = False
            if r.parent_id or r.repost_of:
                lp = resolve(r.parent_id)
                lr = resolve(r.repost_of)
                if lp is not None:
                    parent_id = lp[0]
                target = lr or lp
                if target is not None:
                    root_id = target[1]
                    event_id = thread_event(root_id)
                    method = LinkMethod.LINK
                    linked = True
            dup_of = None
            dup_kind = ""
            h = hashes[i]
            if h is not None:
                hit = batch_hash.get(h) or st.hashes.get(h)
                if hit is not None:
                    dup_of, dup_kind, dup_root = hit[0], DuplicateKind.EXACT, hit[1]
                elif sims[i] is not None:
                    near = st.sim.find(sims[i])
                    if near is not None:
                        dup_of, dup_kind, dup_root = near[0], DuplicateKind.NEAR, near[1]
                if dup_of is not None and not linked:
                    event_id = thread_event(dup_root)
                    method = LinkMethod.DUPLICATE
                    if follow:
                        root_id = dup_root
            text_anchors = None
            if not linked and dup_of is None and len(keys[i]) >= MIN_ANCHOR_TEXT:
                text_anchors = anchors(keys[i])
                found = st.anchors.find(text_anchors)
                if found is not None:
                    event_id = thread_event(found[0])
                    method = LinkMethod.SIMILARITY
                    if follow:
                        root_id = found[0]
            rec = recs[i]
            plans = plan_hits[i]
            relevant = bool(plans or rec.agency_ids or rec.region_ids or source.track_all)
            if event_id is None and relevant:
                if root_id is not None:
                    event_id = start_event(root_id, None, ts, frozenset(keywords.terms(norm[i], rec.names)))
                    batch_threads[root_id] = event_id
                    st.threads.put(root_id, event_id)
                    backfills.append((root_id, event_id))
                else:
                    event_id = self.group(pid, i, ts)
            own_root = root_id if follow and root_id is not None else None
            thread_id = own_root or pid
            if own_root is None:
                batch_threads[pid] = event_id
                st.threads.put(pid, event_id)
                if not follow:
                    originals_ext.append(r.external_id)
                if dup_of is None:
                    if sims[i] is not None:
                        st.sim.add(sims[i], (pid, pid))
                    if len(keys[i]) >= MIN_ANCHOR_TEXT:
                        st.anchors.add(pid, text_anchors if text_anchors is not None else anchors(keys[i]), ())
            if h is not None and dup_of is None:
                batch_hash[h] = (pid, thread_id)
                st.hashes.put(h, (pid, thread_id))
            batch_links[r.external_id] = (pid, thread_id)
            st.links.put((sid, r.external_id), (pid, thread_id))

            j = judged[i]
            if event_id is not None:
                d = deltas.setdefault(event_id, Delta())
                _add(
                    d,
                    ts=ts,
                    kind=kind,
                    source_kind=source_kind,
                    dup=dup_of is not None,
                    negativity=j.negativity if j is not None else None,
                    category=(j.category or "") if j is not None else "",
                    score=_engagement(r.reposts, r.comments, r.likes, r.views),
                    pid=pid,
                    text=norm[i],
                )
                d.agencies.update(rec.agency_ids)
                d.regions.update(rec.region_ids)
                d.plans.update(plans)
                if follow and own_root is not None:
                    parent_ext = r.parent_id if r.parent_id and r.parent_id != r.repost_of else ""
                    d.follows.append((own_root, ts, Repost(0.0, r.external_id, parent_ext, r.author_id, norm[i])))
            posts.append(
                (
                    pid, sid, r.external_id, kind, r.title, r.author, r.author_id, r.published_at, now, r.url,
                    r.reposts, r.comments, r.likes, r.views, r.parent_id, r.repost_of, parent_id, own_root, method,
                    r.text, norm[i], language(raw[i], norm[i]), r.extra,
                    j.negativity if j is not None else None,
                    j.rumour if j is not None else None,
                    (j.category or "") if j is not None else "",
                    j.evidence if j is not None else [],
                    rec.agency_ids, rec.region_ids, event_id, h, sims[i], dup_of, dup_kind,
                )
            )  # fmt: skip
            for plan_id in plans:
                plan_rows.append((pid, plan_id))

    def group(self, pid: int, i: int, ts: float) -> int:
        """The event of a relevant post that neither links nor duplicates: an active event on the
        same topic, else a new event seeded by the post."""
        prep, st = self.prep, self.st
        rec, words = prep.recs[i], prep.plan_words[i]
        boost = frozenset([*rec.names, *words])
        terms = frozenset(keywords.terms(prep.norm[i], sorted(boost)))
        found_event = st.topics.find(
            terms, ts, boost, names=frozenset(rec.names), subjects=frozenset(words) - set(rec.names)
        )
        if found_event is None:
            return self.start_event(pid, i, ts, terms)
        st.topics.observe(terms)
        st.topics.touch(found_event, ts)
        self.deltas.setdefault(found_event, Delta()).terms.update(terms)
        return found_event

    def backfill(self) -> None:
        """Threads that got an event now: their earlier posts join it. A source post arriving after
        its reposts adopts them."""
        st, sid, deltas, source_kind = self.st, self.sid, self.deltas, self.source.kind
        for root_id, event_id in self.backfills:
            rows = list(
                Post.objects.filter(Q(pk=root_id) | Q(thread_root_id=root_id), event__isnull=True).values_list(
                    *_DELTA_COLUMNS
                )
            )
            if rows:
                Post.objects.filter(pk__in=[row[0] for row in rows]).update(event_id=event_id)
                _add_rows(deltas[event_id], rows, source_kind)
        if not self.originals_ext:
            return
        waiting = list(
            Post.objects.filter(
                source_id=sid, thread_root__isnull=True, repost_of_external_id__in=self.originals_ext
            ).values_list(*_DELTA_COLUMNS, "repost_of_external_id", "external_id", "parent_external_id", "author_id")
        )
        by_root: dict[int, list] = {}
        for row in waiting:
            root_pid, _thread = self.batch_links[row[14]]
            by_root.setdefault(root_pid, []).append(row)
        for root_pid, rows in by_root.items():
            event_id = self.batch_threads.get(root_pid)
            Post.objects.filter(pk__in=[row[0] for row in rows]).update(
                thread_root_id=root_pid, event_id=event_id, link_method=LinkMethod.LINK
            )
            for row in rows:
                st.links.put((sid, row[15]), (row[0], root_pid))
            if event_id is not None:
                d = deltas.setdefault(event_id, Delta())
                _add_rows(d, rows, source_kind)
                for row in rows:
                    ts = (row[1] or row[2]).timestamp()
                    parent_ext = row[16] if row[16] and row[16] != row[14] else ""
                    d.follows.append((root_pid, ts, Repost(0.0, row[15], parent_ext, row[17], row[10])))

    # --- 5. the events' figures -----------------------------------------------------------------------

    def statistics(self) -> None:
        """Merge each delta into its event (locked); its new units, regions and plans; its sensitive
        terms; its thresholds; its rumour suspicion (re-judged when the propagation grew)."""
        st, source, now, now_ts, prep = self.st, self.source, self.now, self.now_ts, self.prep
        deltas, new_events = self.deltas, self.new_events
        touched_existing = self.touched_existing = [eid for eid in deltas if eid not in new_events]
        events = self.events = dict(new_events)
        if touched_existing:
            for ev in Event.objects.select_for_update().filter(id__in=touched_existing):
                events[ev.id] = ev
        known_agencies: dict[int, set[int]] = {}
        known_regions: dict[int, set[int]] = {}
        if touched_existing:
            for eid, aid in EventAgency.objects.filter(event_id__in=touched_existing).values_list(
                "event_id", "agency_id"
            ):
                known_agencies.setdefault(eid, set()).add(aid)
            for eid, rid in EventRegion.objects.filter(event_id__in=touched_existing).values_list(
                "event_id", "region_id"
            ):
                known_regions.setdefault(eid, set()).add(rid)
        version = _rules_version()
        on_date = now.date()
        link_rows = self.link_rows
        rescore: list[tuple[Event, state_mod.PropBuffer, float]] = []
        gz, context, judged = prep.gz, prep.context, prep.judged
        source_agency_region = context[0] if context else None
        index_of = {pid: k for k, pid in enumerate(self.post_ids)}
        event_thresholds = self.event_thresholds
        # Source posts of this batch (not written yet): what ``_prop_buffer`` would otherwise read back.
        batch_roots = _BatchRoots(index_of, prep.ts_list, prep.norm, self.new)
        for eid, d in deltas.items():
            ev = events.get(eid)
            if ev is None:  # deleted meanwhile
                continue
            _merge(ev, d, now)
            agencies_before = known_agencies.get(eid, set())
            regions_before = known_regions.get(eid, set())
            new_agencies = d.agencies - agencies_before
            if not agencies_before and not d.agencies:
                # Nothing recognised yet: the unit that follows it (a track-all source's unit, a plan's unit).
                fallback = {matcher.current().plan_agency.get(p) for p in d.plans} - {None}
                if source.track_all and source.agency_id:
                    fallback.add(source.agency_id)
                new_agencies = fallback
            link_rows.extend(EventAgency(event_id=eid, agency_id=a) for a in new_agencies)
            link_rows.extend(EventRegion(event_id=eid, region_id=r) for r in d.regions - regions_before)
            link_rows.extend(EventPlan(event_id=eid, plan_id=p) for p in d.plans)
            all_agencies = agencies_before | new_agencies
            region = next(
                (gz.agency_region.get(a) for a in sorted(all_agencies) if gz.agency_region.get(a)),
                next(iter(sorted(regions_before | d.regions)), source_agency_region),
            )
            thresholds = _thresholds(region, version, on_date)
            auto = _sensitive_automaton(thresholds.sensitive_terms)
            if auto is not None and d.texts:
                found = {w for text in d.texts for _e, w in auto.iter(text)}
                if found - set(ev.sensitive_terms):
                    ev.sensitive_terms = sorted(set(ev.sensitive_terms) | found)
            # Rumour: the source post's text and the spread of its reposts in the first hours.
            buf = _prop_buffer(st, ev, d, now_ts, batch_roots)
            if buf is not None:
                # How long the source post has been watched: up to the event's latest post (reposts past
                # the 48 h window count for its age too), never past the batch's clock. The model of
                # that age is used — the 48 h one once the event is two days old.
                seen_ts = min(max(ev.last_seen_at.timestamp() if ev.last_seen_at else 0.0, buf.latest_ts), now_ts)
                age = (seen_ts - buf.posted_ts) / 3600.0
                watched = min(max(age, max(rp.hours for rp in buf.reposts), 0.0), RUMOUR_WINDOW_HOURS)
                horizon = max(h for h in HORIZONS if h <= watched)
                n_rep = len(buf.reposts)
                if horizon > buf.scored_horizon or (n_rep >= 5 and n_rep >= 2 * buf.scored_n):
                    rescore.append((ev, buf, watched))
            if ev.id in new_events and ev.source_post_id is not None:
                seed_j = judged[index_of[ev.source_post_id]] if ev.source_post_id in index_of else None
                if seed_j is not None:
                    ev.rumour = seed_j.rumour
                    ev.category = seed_j.category or ""
            event_thresholds[eid] = thresholds  # used by ``judge_levels``, after the rumour scores
        if rescore:
            scores = score_many(
                [buf.root_text for _ev, buf, _w in rescore],
                [Propagation(reposts=list(buf.reposts), hours=w) for _ev, buf, w in rescore],
            )
            for (ev, buf, _w), j in zip(rescore, scores, strict=True):
                ev.rumour = j.rumour
                ev.rumour_horizon_hours = j.horizon_hours
                ev.rumour_evidence = [e for e in j.evidence if e.startswith("传播")]
                buf.scored_horizon = j.horizon_hours
                buf.scored_n = len(buf.reposts)

    # --- 6. warning levels ------------------------------------------------------------------------------

    def judge_levels(self) -> None:
        """Each touched event's level from the threshold rules (``_decide``); changes become
        ``EventLevelChange`` rows and ``self.warnings``."""
        now, new_events, events = self.now, self.new_events, self.events
        level_rows, warnings = self.level_rows, self.warnings
        for eid in self.deltas:
            ev = events.get(eid)
            if ev is None:
                continue
            _category(ev)
            auto_level, auto_reason = levels.evaluate(event_metrics(ev), self.event_thresholds[eid])
            old = ev.level
            new_level, reason = _decide(ev, auto_level, auto_reason)
            ev.auto_level, ev.auto_reason = auto_level, auto_reason
            if new_level != old or not ev.level_reason:
                ev.level = new_level
                ev.level_reason = reason
                ev.level_changed_at = now
                level_rows.append(
                    EventLevelChange(
                        event_id=eid, from_level="" if eid in new_events else old, to_level=new_level,
                        kind=LevelChangeKind.AUTO, reason=reason, actor=None, changed_at=now,
                    )
                )  # fmt: skip
                if new_level != old:
                    warnings.changes.append((eid, old, new_level, reason))
            elif new_level == auto_level and not ev.manual_level:
                ev.level_reason = reason  # the same level, today's figures
            if ev.level in RAISED_LEVELS and ev.warned_at is None:
                ev.warned_at = now
                warnings.raised.append((eid, ev.level, ev.level_reason))

    # --- write ----------------------------------------------------------------------------------------

    def write(self) -> None:
        if self.new_events:
            Event.objects.bulk_create(list(self.new_events.values()), batch_size=500)
        writer.insert(Post, POST_FIELDS, self.posts)
        if self.plan_rows:
            writer.insert(PlanMatch, ["post_id", "plan_id"], self.plan_rows)
        if self.link_rows:
            for model in (EventAgency, EventRegion, EventPlan):
                rows = [row for row in self.link_rows if isinstance(row, model)]
                if rows:
                    model.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        existing_events = [self.events[eid] for eid in self.touched_existing if eid in self.events]
        if existing_events:
            for ev in existing_events:
                ev.updated_at = self.now
            writer.update(Event, EVENT_FIELDS, existing_events)
        if self.level_rows:
            EventLevelChange.objects.bulk_create(self.level_rows, batch_size=500)


def event_metrics(ev: Event) -> levels.Metrics:
    """The figures of an event the threshold rules read."""
    judged = ev.negative_count + ev.neutral_count + ev.positive_count
    return levels.Metrics(
        volume=ev.volume,
        growth=ev.growth_rate,
        negative_share=100.0 * ev.negative_count / max(judged, 1),
        judged=judged,
        category=ev.category,
        rumour=ev.rumour,
        sensitive=list(ev.sensitive_terms),
        media=ev.media_count,
        platforms=len(ev.platforms),
    )


# Columns of stored posts that join an event's delta (``_add_rows``).
_DELTA_COLUMNS = (
    "id", "published_at", "ingested_at", "kind", "negativity", "category", "reposts", "comments", "likes",
    "views", "text_norm", "duplicate_of_id", "agency_ids", "region_ids",
)  # fmt: skip


def _process(
    source: Source, records: list[Incoming], prep: Prepared, now: dt.datetime, st: state_mod.State
) -> BatchResult:
    """The stages of ``Batch`` in order, each timed."""
    b = Batch(source, records, prep, now, st)
    timings, result = b.timings, b.result
    t_start = t = time.perf_counter()
    if not b.drop_existing():
        timings["total"] = time.perf_counter() - t_start
        return result
    if not st.warmed:
        _warm(st, b.now_ts)
    _sync_topics(st)
    timings["dedupe"] = time.perf_counter() - t
    t = time.perf_counter()
    for name, stage in (
        ("lookups", b.lookup_known),
        ("assign", b.assign),
        ("backfill", b.backfill),
    ):
        stage()
        timings[name] = time.perf_counter() - t
        t = time.perf_counter()
    b.statistics()
    b.judge_levels()
    timings["events"] = time.perf_counter() - t
    t = time.perf_counter()
    b.write()
    timings["write"] = time.perf_counter() - t

    result.created = len(b.new)
    result.post_ids = b.post_ids
    result.events_touched = list(b.deltas)
    result.raised = [eid for eid, _l, _r in b.warnings.raised]
    result.warnings = b.warnings
    timings["total"] = time.perf_counter() - t_start
    return result


POST_FIELDS = [
    "id", "source_id", "external_id", "kind", "title", "author", "author_id", "published_at", "ingested_at", "url",
    "reposts", "comments", "likes", "views", "parent_external_id", "repost_of_external_id", "parent_id",
    "thread_root_id", "link_method", "text", "text_norm", "language", "extra", "negativity", "rumour", "category",
    "evidence", "agency_ids", "region_ids", "event_id", "content_hash", "simhash", "duplicate_of_id", "duplicate_kind",
]  # fmt: skip
writer.check_fields(Post, POST_FIELDS)

EVENT_FIELDS = [
    "title",
    "last_seen_at",
    "first_seen_at",
    "keywords",
    "volume",
    "original_count",
    "duplicate_count",
    "growth_rate",
    "hourly",
    "platforms",
    "media_count",
    "engagement",
    "top_post_ids",
    "negative_count",
    "neutral_count",
    "positive_count",
    "negativity_mean",
    "category",
    "category_counts",
    "rumour",
    "rumour_horizon_hours",
    "rumour_evidence",
    "sensitive_terms",
    "level",
    "level_reason",
    "level_changed_at",
    "auto_level",
    "auto_reason",
    "manual_level",
    "manual_base_level",
    "warned_at",
    "updated_at",
]


def _add_rows(d: Delta, rows: list, source_kind: str) -> None:
    """Rows of posts already stored (id, published_at, ingested_at, kind, negativity, category,
    reposts, comments, likes, views, text_norm, duplicate_of_id, agency_ids, region_ids, …) join ``d``."""
    for row in rows:
        ts = (row[1] or row[2]).timestamp()
        _add(
            d,
            ts=ts,
            kind=row[3],
            source_kind=source_kind,
            dup=row[11] is not None,
            negativity=row[4],
            category=row[5] or "",
            score=_engagement(row[6], row[7], row[8], row[9]),
            pid=row[0],
            text=row[10] or "",
        )
        d.agencies.update(row[12] or ())
        d.regions.update(row[13] or ())


def _merge(ev: Event, d: Delta, now: dt.datetime) -> None:
    ev.volume += d.volume
    ev.original_count += d.originals
    ev.duplicate_count += d.dups
    ev.media_count += d.media
    ev.engagement += d.engagement
    platforms = dict(ev.platforms or {})
    for k, v in d.platforms.items():
        platforms[k] = platforms.get(k, 0) + v
    ev.platforms = platforms
    hourly = dict(ev.hourly or {})
    for k, v in d.hourly.items():
        hourly[k] = hourly.get(k, 0) + v
    if len(hourly) > HOURLY_KEEP:
        hourly = dict(sorted(hourly.items(), key=lambda kv: int(kv[0]))[-HOURLY_KEEP:])
    ev.hourly = hourly
    judged_before = ev.negative_count + ev.neutral_count + ev.positive_count
    judged_now = d.neg + d.neu + d.pos
    if judged_before + judged_now:
        ev.negativity_mean = round((ev.negativity_mean * judged_before + d.neg_sum) / (judged_before + judged_now), 4)
    ev.negative_count += d.neg
    ev.neutral_count += d.neu
    ev.positive_count += d.pos
    counts = dict(ev.category_counts or {})
    for k, v in d.categories.items():
        counts[k] = counts.get(k, 0) + v
    ev.category_counts = counts
    if d.top:
        merged = {int(pid): score for pid, score in (ev.top_post_ids or [])}
        for pid, score in d.top:
            merged[pid] = score
        ev.top_post_ids = [[pid, s] for pid, s in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_POSTS]]
    if d.volume:
        first = _aware(d.first_ts)
        last = _aware(d.last_ts)
        if first < ev.first_seen_at:
            ev.first_seen_at = first
        if last > ev.last_seen_at:
            ev.last_seen_at = last
    if d.terms:
        kws = list(ev.keywords or [])
        for term in d.terms:
            if term not in kws and len(kws) < 15:
                kws.append(term)
        ev.keywords = kws
    # Growth: posts in the hour up to the latest post (the latest hour bucket, plus the share of
    # the previous one that falls inside that hour).
    last_ts = ev.last_seen_at.timestamp()
    hour = int(last_ts // 3600)
    into = (last_ts - hour * 3600) / 3600.0
    ev.growth_rate = round(hourly.get(str(hour), 0) + hourly.get(str(hour - 1), 0) * (1.0 - into), 2)


def _category(ev: Event) -> None:
    """The event's R5.2 category: its source post's, else the most frequent among its posts."""
    if ev.category:
        return
    counts = ev.category_counts or {}
    if not counts:
        return
    best, top = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    judged = ev.negative_count + ev.neutral_count + ev.positive_count
    if top >= max(2, 0.1 * judged):
        ev.category = best


def _decide(ev: Event, auto_level: str, auto_reason: str) -> tuple[str, str]:
    """The level in force and its reason (automatic levels only rise; a manual level holds until the
    automatic judgement rises past the level it had when the person decided)."""
    if ev.manual_level:
        base = ev.manual_base_level or WarningLevel.BLUE
        if LEVEL_ORDER[auto_level] > LEVEL_ORDER[base]:
            ev.manual_level = ""
            ev.manual_base_level = ""
            if LEVEL_ORDER[auto_level] >= LEVEL_ORDER[ev.level]:
                return auto_level, auto_reason + "（事件发展超过人工调整时的研判，自动升级。）"
            return ev.level, ev.level_reason
        return ev.level, ev.level_reason
    if LEVEL_ORDER[auto_level] >= LEVEL_ORDER.get(ev.level, 0):
        return auto_level, auto_reason
    return ev.level, ev.level_reason


class _BatchRoots:
    """The posts of the batch being processed, by id: time, normalised text, external id."""

    __slots__ = ("index_of", "ts_list", "norm", "new")

    def __init__(self, index_of: dict[int, int], ts_list: list[float], norm: list[str], new: list) -> None:
        self.index_of, self.ts_list, self.norm, self.new = index_of, ts_list, norm, new

    def get(self, post_id: int) -> tuple[float, str, str] | None:
        k = self.index_of.get(post_id)
        if k is None:
            return None
        return self.ts_list[k], self.norm[k], self.new[k].external_id


def _prop_buffer(
    st: state_mod.State, ev: Event, d: Delta, now_ts: float, batch_roots: _BatchRoots
) -> state_mod.PropBuffer | None:
    """The propagation of the event's source post (young events only), with this batch's reposts.

    The source post may be in this very batch (not written yet): it is then read from the batch,
    so that its reposts of the same batch count exactly as if they had come in a later batch.
    """
    root_id = ev.source_post_id
    if root_id is None:
        return None
    fresh = [f for f in d.follows if f[0] == root_id]
    buf = st.props.get(ev.id)
    if buf is None:
        in_batch = batch_roots.get(root_id)
        if in_batch is not None:
            posted_ts, root_text, root_ext = in_batch
        else:
            row = (
                Post.objects.filter(pk=root_id)
                .values_list("published_at", "ingested_at", "text_norm", "external_id")
                .first()
            )
            if row is None:
                return None
            posted_ts, root_text, root_ext = (row[0] or row[1]).timestamp(), row[2], row[3]
        latest = max((f[1] for f in fresh), default=posted_ts)
        if latest - posted_ts > RUMOUR_WINDOW_HOURS * 3600 and ev.rumour_horizon_hours >= RUMOUR_WINDOW_HOURS:
            return None
        buf = state_mod.PropBuffer(posted_ts=posted_ts, root_text=root_text, root_ext=root_ext, latest_ts=posted_ts)
        if in_batch is None:
            # The thread's reposts stored before this batch (this batch's posts are written later;
            # the ones adopted in this batch are already in ``d.follows``). A source post of this
            # batch has no stored reposts but the adopted ones.
            batch_ids = {f[2].id for f in fresh}
            stored = Post.objects.filter(thread_root_id=root_id).values_list(
                "published_at", "ingested_at", "external_id", "parent_external_id", "author_id", "text_norm",
                "repost_of_external_id",
            )[:20_000]  # fmt: skip
            for published, ingested, ext, parent, author, text, root_ext_of in stored:
                if ext in batch_ids:
                    continue
                ts = (published or ingested).timestamp()
                buf.latest_ts = max(buf.latest_ts, ts)
                hours = max((ts - posted_ts) / 3600.0, 0.0)
                if hours <= RUMOUR_WINDOW_HOURS:
                    parent_ext = parent if parent and parent != root_ext_of else ""
                    buf.reposts.append(Repost(hours, ext, parent_ext, author, text))
        buf.scored_horizon = ev.rumour_horizon_hours if ev.rumour_horizon_hours else -1
        st.prop_put(ev.id, buf)
    for _root, ts, rp in fresh:
        buf.latest_ts = max(buf.latest_ts, ts)
        hours = max((ts - buf.posted_ts) / 3600.0, 0.0)
        if hours <= RUMOUR_WINDOW_HOURS:  # the model reads the first 48 h only
            buf.reposts.append(Repost(hours, rp.id, rp.parent, rp.user, rp.text))
    if not buf.reposts:
        return None
    return buf
