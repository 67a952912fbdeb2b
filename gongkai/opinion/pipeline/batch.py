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

Modules: ``prepare`` (steps 1–3, before the transaction), ``stages`` (``Batch``: the named stages of
the write transaction, step 4 onwards; see its docstring), ``delta`` (an event's figures from a batch
and their merge), ``figures`` (thresholds, sensitive terms, level decision, propagation for the
rumour model), ``results`` (what the caller gets back), ``writer`` (bulk insert/update, ids). This
module runs them in order (``_process``) and keeps the per-process indexes warm.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction

from gongkai.core import clock

from ..enums import EventStatus
from ..ingest.records import Incoming
from ..models import Event, Post, Source
from . import state as state_mod
from .prepare import Prepared, prepare
from .results import BatchResult, Warnings
from .signatures import MIN_ANCHOR_TEXT, anchors, dedup_key
from .stages import Batch

log = logging.getLogger(__name__)

__all__ = ["BatchResult", "Warnings", "process_batch"]


def process_batch(source: Source, records: list[Incoming], *, now: dt.datetime | None = None) -> BatchResult:
    """Store and analyse a batch of checked records of one source (see the module docstring).

    Must run in its own transaction (not inside a caller's atomic block that could still roll back):
    the per-process indexes remember what a committed batch added.
    """
    st = state_mod.get()
    now = now or clock.now()
    prep = prepare(source, records, now)
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
