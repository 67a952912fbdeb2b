"""An event's figures from the posts of one batch (``Delta``), and their merge into the event.

``add_post`` counts a post of the batch, ``add_rows`` posts already stored (backfilled threads,
adopted reposts); ``merge`` adds a delta to its event's stored figures (volume, hourly volume and
growth, platforms, media, engagement, top posts, negativity mix, categories, keywords).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..enums import FOLLOW_KINDS, MEDIA_SOURCE_KINDS
from ..models import Event

# Negativity mix: the model's probability that a text is negative, cut in three (model cut-offs,
# not statutory numbers): ≥ 0.6 negative, < 0.4 positive, neutral between.
NEGATIVE_AT = 0.6
POSITIVE_BELOW = 0.4
TOP_POSTS = 10
HOURLY_KEEP = 72


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


def aware(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC)


def engagement(reposts: int, comments: int, likes: int, views: int) -> int:
    return reposts + comments + likes + views // 100


def add_post(
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


# Columns of stored posts that join an event's delta (``_add_rows``).
DELTA_COLUMNS = (
    "id", "published_at", "ingested_at", "kind", "negativity", "category", "reposts", "comments", "likes",
    "views", "text_norm", "duplicate_of_id", "agency_ids", "region_ids",
)  # fmt: skip


def add_rows(d: Delta, rows: list, source_kind: str) -> None:
    """Rows of posts already stored (id, published_at, ingested_at, kind, negativity, category,
    reposts, comments, likes, views, text_norm, duplicate_of_id, agency_ids, region_ids, …) join ``d``."""
    for row in rows:
        ts = (row[1] or row[2]).timestamp()
        add_post(
            d,
            ts=ts,
            kind=row[3],
            source_kind=source_kind,
            dup=row[11] is not None,
            negativity=row[4],
            category=row[5] or "",
            score=engagement(row[6], row[7], row[8], row[9]),
            pid=row[0],
            text=row[10] or "",
        )
        d.agencies.update(row[12] or ())
        d.regions.update(row[13] or ())


def merge(ev: Event, d: Delta, now: dt.datetime) -> None:
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
        first = aware(d.first_ts)
        last = aware(d.last_ts)
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
