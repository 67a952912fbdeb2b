"""The write-transaction stages of a batch (``Batch``), run in order by ``pipeline.batch``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from ..enums import FOLLOW_KINDS, RAISED_LEVELS, DuplicateKind, EventStatus, LevelChangeKind, LinkMethod, WarningLevel
from ..ingest.records import Incoming
from ..models import Event, EventAgency, EventLevelChange, EventPlan, EventRegion, PlanMatch, Post, Source
from ..nlp import Propagation, Repost, score_many
from ..nlp.propagation import HORIZONS
from . import keywords, levels, matcher, writer
from . import state as state_mod
from .delta import DELTA_COLUMNS, Delta, add_post, add_rows, aware, engagement, merge
from .figures import (
    RUMOUR_WINDOW_HOURS,
    BatchRoots,
    decide_level,
    event_metrics,
    prop_buffer,
    rules_version,
    sensitive_automaton,
    settle_category,
    thresholds_for,
)
from .prepare import Prepared
from .results import BatchResult, Warnings
from .signatures import MIN_ANCHOR_TEXT, anchors, language
from .writer import IdAllocator

TITLE_CHARS = 60
_MISSING = object()


@dataclass(slots=True)
class _Place:
    """Where one post of the batch goes, filled step by step by ``Batch.assign``."""

    follow: bool
    parent_id: int | None = None
    root_id: int | None = None
    event_id: int | None = None
    method: str = ""
    linked: bool = False
    dup_of: int | None = None
    dup_kind: str = ""
    text_anchors: Any = None


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
        seen = aware(ts)
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
        """Per post, in order: its thread (``_link``), its duplicate (``_duplicate``), a similar
        earlier post (``_similar``), its event (``_place_event``); then its indexes (``_index``), its
        event's delta (``_add_to_delta``) and its row (``_add_row``). One loop, not one per step,
        because each post's decision reads the indexes the posts before it in the batch filled."""
        prep = self.prep
        post_ids = self.post_ids = IdAllocator(Post).take(len(prep.new))
        self._event_ids = IdAllocator(Event)
        for i, r in enumerate(prep.new):
            pid = post_ids[i]
            place = _Place(follow=prep.kinds[i] in FOLLOW_KINDS)
            self._link(r, place)
            self._duplicate(i, place)
            self._similar(i, place)
            self._place_event(pid, i, place)
            own_root = self._index(pid, i, r, place)
            self._add_to_delta(pid, i, r, place, own_root)
            self._add_row(pid, i, r, place, own_root)

    def _link(self, r: Incoming, p: _Place) -> None:
        """A reply or repost joins the thread (and event) of the post it answers, when known."""
        if not (r.parent_id or r.repost_of):
            return
        lp = self.resolve(r.parent_id)
        lr = self.resolve(r.repost_of)
        if lp is not None:
            p.parent_id = lp[0]
        target = lr or lp
        if target is not None:
            p.root_id = target[1]
            p.event_id = self.thread_event(p.root_id)
            p.method = LinkMethod.LINK
            p.linked = True

    def _duplicate(self, i: int, p: _Place) -> None:
        """An exact (hash) or near (similarity signature) copy of an earlier post joins its event."""
        h = self.prep.hashes[i]
        if h is None:
            return
        st, sim = self.st, self.prep.sims[i]
        dup_root = None
        hit = self.batch_hash.get(h) or st.hashes.get(h)
        if hit is not None:
            p.dup_of, p.dup_kind, dup_root = hit[0], DuplicateKind.EXACT, hit[1]
        elif sim is not None:
            near = st.sim.find(sim)
            if near is not None:
                p.dup_of, p.dup_kind, dup_root = near[0], DuplicateKind.NEAR, near[1]
        if p.dup_of is not None and not p.linked:
            p.event_id = self.thread_event(dup_root)
            p.method = LinkMethod.DUPLICATE
            if p.follow:
                p.root_id = dup_root

    def _similar(self, i: int, p: _Place) -> None:
        """A post neither linked nor duplicated joins the thread of an earlier post sharing its anchors."""
        key = self.prep.keys[i]
        if p.linked or p.dup_of is not None or len(key) < MIN_ANCHOR_TEXT:
            return
        p.text_anchors = anchors(key)
        found = self.st.anchors.find(p.text_anchors)
        if found is not None:
            p.event_id = self.thread_event(found[0])
            p.method = LinkMethod.SIMILARITY
            if p.follow:
                p.root_id = found[0]

    def _place_event(self, pid: int, i: int, p: _Place) -> None:
        """A relevant post still without an event starts one for its thread, or is grouped by topic."""
        prep, rec = self.prep, self.prep.recs[i]
        relevant = bool(prep.plan_hits[i] or rec.agency_ids or rec.region_ids or self.source.track_all)
        if p.event_id is not None or not relevant:
            return
        ts = prep.ts_list[i]
        if p.root_id is not None:
            p.event_id = self.start_event(p.root_id, None, ts, frozenset(keywords.terms(prep.norm[i], rec.names)))
            self.batch_threads[p.root_id] = p.event_id
            self.st.threads.put(p.root_id, p.event_id)
            self.backfills.append((p.root_id, p.event_id))
        else:
            p.event_id = self.group(pid, i, ts)

    def _index(self, pid: int, i: int, r: Incoming, p: _Place) -> int | None:
        """Record the post in the batch's and the state's indexes; returns its own thread root (a
        following post's root), or None for a post that starts its own thread."""
        st, prep = self.st, self.prep
        own_root = p.root_id if p.follow and p.root_id is not None else None
        thread_id = own_root or pid
        if own_root is None:
            self.batch_threads[pid] = p.event_id
            st.threads.put(pid, p.event_id)
            if not p.follow:
                self.originals_ext.append(r.external_id)
            if p.dup_of is None:
                if prep.sims[i] is not None:
                    st.sim.add(prep.sims[i], (pid, pid))
                if len(prep.keys[i]) >= MIN_ANCHOR_TEXT:
                    st.anchors.add(pid, p.text_anchors if p.text_anchors is not None else anchors(prep.keys[i]), ())
        h = prep.hashes[i]
        if h is not None and p.dup_of is None:
            self.batch_hash[h] = (pid, thread_id)
            st.hashes.put(h, (pid, thread_id))
        self.batch_links[r.external_id] = (pid, thread_id)
        st.links.put((self.sid, r.external_id), (pid, thread_id))
        return own_root

    def _add_to_delta(self, pid: int, i: int, r: Incoming, p: _Place, own_root: int | None) -> None:
        """Add the post to its event's figures for this batch."""
        if p.event_id is None:
            return
        prep = self.prep
        j, rec, ts = prep.judged[i], prep.recs[i], prep.ts_list[i]
        d = self.deltas.setdefault(p.event_id, Delta())
        add_post(
            d,
            ts=ts,
            kind=prep.kinds[i],
            source_kind=self.source.kind,
            dup=p.dup_of is not None,
            negativity=j.negativity if j is not None else None,
            category=(j.category or "") if j is not None else "",
            score=engagement(r.reposts, r.comments, r.likes, r.views),
            pid=pid,
            text=prep.norm[i],
        )
        d.agencies.update(rec.agency_ids)
        d.regions.update(rec.region_ids)
        d.plans.update(prep.plan_hits[i])
        if p.follow and own_root is not None:
            parent_ext = r.parent_id if r.parent_id and r.parent_id != r.repost_of else ""
            d.follows.append((own_root, ts, Repost(0.0, r.external_id, parent_ext, r.author_id, prep.norm[i])))

    def _add_row(self, pid: int, i: int, r: Incoming, p: _Place, own_root: int | None) -> None:
        """The post's row (in ``writer``'s column order) and its plan matches."""
        prep = self.prep
        j, rec, norm, plans = prep.judged[i], prep.recs[i], prep.norm[i], prep.plan_hits[i]
        self.posts.append(
            (
                pid, self.sid, r.external_id, prep.kinds[i], r.title, r.author, r.author_id, r.published_at,
                self.now, r.url, r.reposts, r.comments, r.likes, r.views, r.parent_id, r.repost_of, p.parent_id,
                own_root, p.method, r.text, norm, language(prep.raw[i], norm), r.extra,
                j.negativity if j is not None else None,
                j.rumour if j is not None else None,
                (j.category or "") if j is not None else "",
                j.evidence if j is not None else [],
                rec.agency_ids, rec.region_ids, p.event_id, prep.hashes[i], prep.sims[i], p.dup_of, p.dup_kind,
            )
        )  # fmt: skip
        for plan_id in plans:
            self.plan_rows.append((pid, plan_id))

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
                    *DELTA_COLUMNS
                )
            )
            if rows:
                Post.objects.filter(pk__in=[row[0] for row in rows]).update(event_id=event_id)
                add_rows(deltas[event_id], rows, source_kind)
        if not self.originals_ext:
            return
        waiting = list(
            Post.objects.filter(
                source_id=sid, thread_root__isnull=True, repost_of_external_id__in=self.originals_ext
            ).values_list(*DELTA_COLUMNS, "repost_of_external_id", "external_id", "parent_external_id", "author_id")
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
                add_rows(d, rows, source_kind)
                for row in rows:
                    ts = (row[1] or row[2]).timestamp()
                    parent_ext = row[16] if row[16] and row[16] != row[14] else ""
                    d.follows.append((root_pid, ts, Repost(0.0, row[15], parent_ext, row[17], row[10])))

    # --- 5. the events' figures -----------------------------------------------------------------------

    def statistics(self) -> None:
        """Merge each delta into its event (locked); its new units, regions and plans; its sensitive
        terms; its thresholds; its rumour suspicion (re-judged when the propagation grew)."""
        now, prep, new_events = self.now, self.prep, self.new_events
        known_agencies, known_regions = self._lock_events()
        events = self.events
        version = rules_version()
        on_date = now.date()
        rescore: list[tuple[Event, state_mod.PropBuffer, float]] = []
        judged = prep.judged
        index_of = {pid: k for k, pid in enumerate(self.post_ids)}
        # Source posts of this batch (not written yet): what ``prop_buffer`` would otherwise read back.
        batch_roots = BatchRoots(index_of, prep.ts_list, prep.norm, self.new)
        for eid, d in self.deltas.items():
            ev = events.get(eid)
            if ev is None:  # deleted meanwhile
                continue
            merge(ev, d, now)
            region = self._link_event(eid, d, known_agencies.get(eid, set()), known_regions.get(eid, set()))
            thresholds = thresholds_for(region, version, on_date)
            auto = sensitive_automaton(thresholds.sensitive_terms)
            if auto is not None and d.texts:
                found = {w for text in d.texts for _e, w in auto.iter(text)}
                if found - set(ev.sensitive_terms):
                    ev.sensitive_terms = sorted(set(ev.sensitive_terms) | found)
            self._rumour_due(ev, d, batch_roots, rescore)
            if ev.id in new_events and ev.source_post_id is not None:
                seed_j = judged[index_of[ev.source_post_id]] if ev.source_post_id in index_of else None
                if seed_j is not None:
                    ev.rumour = seed_j.rumour
                    ev.category = seed_j.category or ""
            self.event_thresholds[eid] = thresholds  # used by ``judge_levels``, after the rumour scores
        if rescore:
            _rescore(rescore)

    def _lock_events(self) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        """The touched events (stored ones locked) and the units and regions stored for them."""
        touched_existing = self.touched_existing = [eid for eid in self.deltas if eid not in self.new_events]
        events = self.events = dict(self.new_events)
        known_agencies: dict[int, set[int]] = {}
        known_regions: dict[int, set[int]] = {}
        if touched_existing:
            for ev in Event.objects.select_for_update().filter(id__in=touched_existing):
                events[ev.id] = ev
            for eid, aid in EventAgency.objects.filter(event_id__in=touched_existing).values_list(
                "event_id", "agency_id"
            ):
                known_agencies.setdefault(eid, set()).add(aid)
            for eid, rid in EventRegion.objects.filter(event_id__in=touched_existing).values_list(
                "event_id", "region_id"
            ):
                known_regions.setdefault(eid, set()).add(rid)
        return known_agencies, known_regions

    def _link_event(self, eid: int, d: Delta, agencies_before: set[int], regions_before: set[int]) -> int | None:
        """The event's new unit, region and plan rows (``link_rows``); returns the region whose
        threshold rules apply (its first unit's, else its first region, else the source's unit's)."""
        source, gz, context = self.source, self.prep.gz, self.prep.context
        new_agencies = d.agencies - agencies_before
        if not agencies_before and not d.agencies:
            # Nothing recognised yet: the unit that follows it (a track-all source's unit, a plan's unit).
            fallback = {matcher.current().plan_agency.get(p) for p in d.plans} - {None}
            if source.track_all and source.agency_id:
                fallback.add(source.agency_id)
            new_agencies = fallback
        link_rows = self.link_rows
        link_rows.extend(EventAgency(event_id=eid, agency_id=a) for a in new_agencies)
        link_rows.extend(EventRegion(event_id=eid, region_id=r) for r in d.regions - regions_before)
        link_rows.extend(EventPlan(event_id=eid, plan_id=p) for p in d.plans)
        all_agencies = agencies_before | new_agencies
        return next(
            (gz.agency_region.get(a) for a in sorted(all_agencies) if gz.agency_region.get(a)),
            next(iter(sorted(regions_before | d.regions)), context[0] if context else None),
        )

    def _rumour_due(self, ev: Event, d: Delta, batch_roots: BatchRoots, rescore: list) -> None:
        """Rumour: the source post's text and the spread of its reposts in the first hours; the
        event joins ``rescore`` when its propagation reached a new horizon or its reposts doubled."""
        buf = prop_buffer(self.st, ev, d, self.now_ts, batch_roots)
        if buf is None:
            return
        # How long the source post has been watched: up to the event's latest post (reposts past
        # the 48 h window count for its age too), never past the batch's clock. The model of
        # that age is used — the 48 h one once the event is two days old.
        seen_ts = min(max(ev.last_seen_at.timestamp() if ev.last_seen_at else 0.0, buf.latest_ts), self.now_ts)
        age = (seen_ts - buf.posted_ts) / 3600.0
        watched = min(max(age, max(rp.hours for rp in buf.reposts), 0.0), RUMOUR_WINDOW_HOURS)
        horizon = max(h for h in HORIZONS if h <= watched)
        n_rep = len(buf.reposts)
        if horizon > buf.scored_horizon or (n_rep >= 5 and n_rep >= 2 * buf.scored_n):
            rescore.append((ev, buf, watched))

    # --- 6. warning levels ------------------------------------------------------------------------------

    def judge_levels(self) -> None:
        """Each touched event's level from the threshold rules (``decide_level``); changes become
        ``EventLevelChange`` rows and ``self.warnings``."""
        now, new_events, events = self.now, self.new_events, self.events
        level_rows, warnings = self.level_rows, self.warnings
        for eid in self.deltas:
            ev = events.get(eid)
            if ev is None:
                continue
            settle_category(ev)
            auto_level, auto_reason = levels.evaluate(event_metrics(ev), self.event_thresholds[eid])
            old = ev.level
            new_level, reason = decide_level(ev, auto_level, auto_reason)
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


def _rescore(rescore: list[tuple[Event, state_mod.PropBuffer, float]]) -> None:
    """Judge the rumour of the events whose propagation grew, all at once (``score_many``)."""
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
