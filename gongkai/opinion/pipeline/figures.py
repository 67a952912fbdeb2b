"""What the statistics and level stages read: the threshold rules in force (cached per rules
version), the sensitive-term automata, an event's metrics, its category and level decision, and
the propagation of its source post for the rumour model."""

from __future__ import annotations

import datetime as dt

import ahocorasick
from django.db.models import Count, Max

from gongkai.rules.models import RuleRecord

from ..enums import LEVEL_ORDER, WarningLevel
from ..models import Event, Post
from ..nlp import Repost, normalise_many
from ..nlp.propagation import HORIZONS
from ..rules import LEVEL_KEYS
from . import levels
from . import state as state_mod
from .delta import Delta

RUMOUR_WINDOW_HOURS = HORIZONS[-1]

_threshold_cache: dict = {}
_sensitive_automata: dict[tuple[str, ...], object] = {}


def rules_version() -> tuple:
    keys = [*LEVEL_KEYS.values(), "opinion.sensitive_terms"]
    agg = RuleRecord.objects.filter(key__in=keys).aggregate(n=Count("id"), m=Max("updated_at"))
    return (agg["n"], agg["m"].isoformat() if agg["m"] else "")


def thresholds_for(region_id: int | None, version: tuple, on_date: dt.date) -> levels.Thresholds:
    key = (region_id, version, on_date)
    cached = _threshold_cache.get(key)
    if cached is None:
        if len(_threshold_cache) > 1000:
            _threshold_cache.clear()
        cached = _threshold_cache[key] = levels.load_thresholds(region_id, on_date)
    return cached


def sensitive_automaton(terms: tuple[str, ...]):
    auto = _sensitive_automata.get(terms)
    if auto is None and terms:
        auto = ahocorasick.Automaton()
        for t, norm in zip(terms, normalise_many(terms), strict=True):
            if norm:
                auto.add_word(norm, t)
        auto.make_automaton()
        _sensitive_automata[terms] = auto
    return auto


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


def settle_category(ev: Event) -> None:
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


def decide_level(ev: Event, auto_level: str, auto_reason: str) -> tuple[str, str]:
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


class BatchRoots:
    """The posts of the batch being processed, by id: time, normalised text, external id."""

    __slots__ = ("index_of", "ts_list", "norm", "new")

    def __init__(self, index_of: dict[int, int], ts_list: list[float], norm: list[str], new: list) -> None:
        self.index_of, self.ts_list, self.norm, self.new = index_of, ts_list, norm, new

    def get(self, post_id: int) -> tuple[float, str, str] | None:
        k = self.index_of.get(post_id)
        if k is None:
            return None
        return self.ts_list[k], self.norm[k], self.new[k].external_id


def prop_buffer(
    st: state_mod.State, ev: Event, d: Delta, now_ts: float, batch_roots: BatchRoots
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
