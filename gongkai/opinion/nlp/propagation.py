"""Propagation features of a post from its reposts/comments in the first H hours after posting.

A repost is anything that carries the source further (a repost with or without a comment, or a
reply); each has a time, optionally an id, the id of its parent (empty = the source post itself),
a user and a text. The features (``FEATURES``) are counted over the reposts with ``hours <= H``:

- volume: log count, log counts per time window (0–15 min, 15–60 min, 1–2 h, 2–4 h, 4–8 h, 8–12 h,
  12–24 h, 24–48 h), the share of the volume in the second half of the horizon (growth), the delay of
  the first repost and the median delay;
- structure (from parent links): share of direct reposts of the source, mean and maximum depth of the
  repost tree, largest fan-out of one repost (breadth), distinct users per repost;
- reaction: share of reposts with a comment, share of comments that deny (谣言, 辟谣, 假的, 不实, 造谣 …)
  and that question (真的吗, 求证, 真的假的, 是真的吗, 靠谱吗 …), share of "?" comments.

The comment texts themselves are scored by a separate n-gram model (see ``runtime``), and the source
text by a third; the per-horizon rumour model combines the three.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

WINDOWS = (0.0, 0.25, 1.0, 2.0, 4.0, 8.0, 12.0, 24.0, 48.0)
HORIZONS = (0, 1, 2, 4, 8, 12, 24, 48)

DENY = (
    "谣言",
    "辟谣",
    "假的",
    "不实",
    "造谣",
    "谣传",
    "传谣",
    "假消息",
    "假新闻",
    "骗人",
    "是假",
    "虚假",
    "被骗",
    "别信",
    "不要信",
    "已证实是假",
)
QUESTION = (
    "真的吗",
    "求证",
    "真的假的",
    "真假",
    "是真的吗",
    "靠谱吗",
    "真的么",
    "是真是假",
    "属实吗",
    "有图有真相吗",
    "可信吗",
    "求真相",
)
_DENY = re.compile("|".join(map(re.escape, DENY)))
_QUESTION = re.compile("|".join(map(re.escape, QUESTION)))

FEATURES = (
    "log_n",
    *(f"log_n_{a:g}_{b:g}h" for a, b in zip(WINDOWS, WINDOWS[1:], strict=False)),
    "late_share",
    "first_delay",
    "median_delay",
    "direct_share",
    "mean_depth",
    "max_depth",
    "max_fanout",
    "users_per_repost",
    "commented_share",
    "deny_share",
    "question_share",
    "qmark_share",
)


@dataclass(frozen=True)
class Repost:
    hours: float  # hours after the source post
    id: str = ""
    parent: str = ""  # "" = the source post itself
    user: str = ""
    text: str = ""


@dataclass
class Propagation:
    """What is known of a post's spread: its reposts, and (optionally) how long it has been watched.

    ``reposts`` holds ``Repost`` objects or mappings with ``hours`` (after posting) or ``at`` (a
    datetime, with ``posted_at`` given), and optionally ``id``/``mid``, ``parent``, ``user``/``uid``,
    ``text``. ``hours`` is the time watched so far; by default the time of the last repost.
    """

    reposts: Sequence[Repost | Mapping] = field(default_factory=list)
    posted_at: datetime | None = None
    hours: float | None = None

    def normalised(self) -> tuple[list[Repost], float]:
        out: list[Repost] = []
        for r in self.reposts or ():
            rep = _as_repost(r, self.posted_at)
            if rep is not None:
                out.append(rep)
        out.sort(key=lambda r: r.hours)
        watched = self.hours
        if watched is None or not isinstance(watched, int | float) or math.isnan(watched):
            watched = out[-1].hours if out else 0.0
        return out, max(float(watched), 0.0)


def _as_repost(r: object, posted_at: datetime | None) -> Repost | None:
    if isinstance(r, Repost):
        return r if math.isfinite(r.hours) and r.hours >= 0 else None
    if not isinstance(r, Mapping):
        return None
    hours = r.get("hours")
    if hours is None and posted_at is not None and isinstance(r.get("at"), datetime):
        at = r["at"]
        try:
            hours = (at - posted_at).total_seconds() / 3600.0
        except TypeError:  # naive vs aware
            return None
    if not isinstance(hours, int | float) or not math.isfinite(hours):
        return None
    text = r.get("text")
    return Repost(
        hours=max(float(hours), 0.0),
        id=str(r.get("id") or r.get("mid") or ""),
        parent=str(r.get("parent") or ""),
        user=str(r.get("user") or r.get("uid") or ""),
        text=text if isinstance(text, str) else "",
    )


def until(reposts: Iterable[Repost], horizon: float) -> list[Repost]:
    return [r for r in reposts if r.hours <= horizon]


def features(reposts: Sequence[Repost], horizon: float) -> list[float]:
    """The values of ``FEATURES`` for the reposts up to ``horizon`` hours (already cut and sorted)."""
    n = len(reposts)
    h = max(float(horizon), 1e-9)
    windows = [0] * (len(WINDOWS) - 1)
    late = 0
    depth: dict[str, int] = {}
    fanout: dict[str, int] = {}
    direct = 0
    users = set()
    commented = deny = question = qmark = 0
    depth_sum = depth_max = 0
    for r in reposts:
        t = r.hours
        for i in range(len(windows)):
            if WINDOWS[i] <= t < WINDOWS[i + 1] or (i == len(windows) - 1 and t >= WINDOWS[-1]):
                windows[i] += 1
                break
        if t > h / 2:
            late += 1
        if r.parent:
            d = depth.get(r.parent, 1) + 1
            fanout[r.parent] = fanout.get(r.parent, 0) + 1
        else:
            d = 1
            direct += 1
        if r.id:
            depth[r.id] = d
        depth_sum += d
        depth_max = max(depth_max, d)
        if r.user:
            users.add(r.user)
        text = r.text
        if text:
            commented += 1
            if _DENY.search(text):
                deny += 1
            if _QUESTION.search(text):
                question += 1
            if "?" in text or "？" in text:
                qmark += 1
    if n == 0:
        return [0.0] * len(FEATURES)
    delays = [r.hours for r in reposts]
    return [
        math.log1p(n),
        *(math.log1p(c) for c in windows),
        late / n,
        math.log1p(min(delays[0], h)),
        math.log1p(delays[n // 2]),
        direct / n,
        depth_sum / n,
        math.log1p(depth_max),
        math.log1p(max(fanout.values(), default=0)),
        (len(users) / n) if users else 1.0,
        commented / n,
        deny / max(commented, 1),
        question / max(commented, 1),
        qmark / max(commented, 1),
    ]


def comment_text(reposts: Sequence[Repost], *, budget: int = 3000) -> str:
    """The comments of the reposts, earliest first, joined with " | " up to ``budget`` characters."""
    parts: list[str] = []
    size = 0
    for r in reposts:
        if r.text:
            parts.append(r.text)
            size += len(r.text) + 3
            if size >= budget:
                break
    return " | ".join(parts)
