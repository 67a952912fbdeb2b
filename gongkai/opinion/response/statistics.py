"""Weekly and monthly statistics and the dashboard's figures, over the events a user may see.

- Counts by level: events first seen in the period, by their current warning level.
- By township: events first seen in the period per township concerned (by the event's township
  regions and township governments).
- On-time response rate: the response clocks due in the period (superseded ones left out);
  on time = answered before the due time; the base counts every clock answered or past due.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from gongkai.core import clock, links
from gongkai.core.periods import month_bounds, week_bounds
from gongkai.opinion.enums import LEVEL_ORDER, LEVEL_SHORT, RAISED_LEVELS, WarningLevel
from gongkai.opinion.models import EventAgency, EventLevelChange, EventRegion
from gongkai.opinion.response_models import ResponseClock
from gongkai.orgs.enums import AgencyKind, RegionLevel

from .enums import ClockOutcome, Obligation
from .selectors import event_list_visible_to

LEVELS = sorted(WarningLevel.values, key=lambda v: LEVEL_ORDER[v])


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def period_bounds(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the week (Monday–Sunday) or month containing ``day``."""
    return week_bounds(day) if kind == "week" else month_bounds(day)


@dataclass
class OnTime:
    met: int = 0
    late: int = 0
    overdue_open: int = 0
    by_obligation: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.met + self.late + self.overdue_open

    @property
    def rate(self) -> float | None:
        return round(100.0 * self.met / self.total, 1) if self.total else None

    @property
    def rate_text(self) -> str:
        return f"{self.rate:.1f}%" if self.rate is not None else "—"


@dataclass
class PeriodStats:
    first: dt.date
    last: dt.date
    total: int
    by_level: list[tuple[str, str, int]]  # (level, label, count)
    by_township: list[tuple[str, int]]
    on_time: OnTime
    per_unit: list[tuple[str, int, int, str]]  # (unit, clocks, on time, rate)


def _township_counts(event_ids: list[int]) -> Counter:
    counts: Counter = Counter()
    seen: set[tuple[int, str]] = set()
    for event_id, name in EventRegion.objects.filter(
        event_id__in=event_ids, region__level=RegionLevel.TOWNSHIP
    ).values_list("event_id", "region__name"):
        seen.add((event_id, name))
    for event_id, name in EventAgency.objects.filter(
        event_id__in=event_ids, agency__kind=AgencyKind.TOWNSHIP
    ).values_list("event_id", "agency__region__name"):
        seen.add((event_id, name))
    for _event_id, name in seen:
        counts[name] += 1
    return counts


def on_time(clocks) -> tuple[OnTime, list[tuple[str, int, int, str]]]:
    now = clock.now()
    result = OnTime()
    units: dict[str, list[int]] = {}
    for c in clocks.select_related("deadline", "agency"):
        if c.outcome == ClockOutcome.SUPERSEDED:
            continue
        if c.outcome == ClockOutcome.MET:
            key = "met"
        elif c.outcome == ClockOutcome.LATE:
            key = "late"
        elif c.deadline.due_at is not None and c.deadline.due_at < now:
            key = "overdue_open"
        else:
            continue  # still running and not due: not counted yet
        setattr(result, key, getattr(result, key) + 1)
        row = result.by_obligation.setdefault(Obligation(c.obligation).label, {"met": 0, "late": 0, "overdue_open": 0})
        row[key] += 1
        unit = units.setdefault(c.agency.name, [0, 0])
        unit[0] += 1
        unit[1] += key == "met"
    per_unit = [
        (name, total, met, f"{100.0 * met / total:.1f}%")
        for name, (total, met) in sorted(units.items(), key=lambda x: x[0])
    ]
    return result, per_unit


def period_stats(user, first: dt.date, last: dt.date) -> PeriodStats:
    start, end = _start_of_day(first), _start_of_day(last + dt.timedelta(days=1))
    events = event_list_visible_to(user).filter(first_seen_at__gte=start, first_seen_at__lt=end)
    level_counts = dict(events.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    by_level = [(lv, f"{LEVEL_SHORT[lv]}预警", level_counts.get(lv, 0)) for lv in LEVELS]
    ids = list(events.values_list("pk", flat=True))
    townships = sorted(_township_counts(ids).items(), key=lambda x: (-x[1], x[0]))
    clocks = ResponseClock.objects.filter(
        event__in=event_list_visible_to(user), deadline__due_at__gte=start, deadline__due_at__lt=end
    )
    ot, per_unit = on_time(clocks)
    return PeriodStats(first, last, len(ids), by_level, townships, ot, per_unit)


def trend(user, days: int = 30) -> dict:
    today = clock.today()
    first = today - dt.timedelta(days=days - 1)
    labels = [(first + dt.timedelta(days=i)) for i in range(days)]
    series = {lv: [0] * days for lv in LEVELS}
    rows = (
        event_list_visible_to(user)
        .filter(first_seen_at__gte=_start_of_day(first))
        .values_list("first_seen_at", "level")
    )
    for seen, level in rows:
        index = (timezone.localdate(seen) - first).days
        if 0 <= index < days and level in series:
            series[level][index] += 1
    return {"days": [d.strftime("%m-%d") for d in labels], "series": series}


def dashboard_data(user) -> dict:
    events = event_list_visible_to(user)
    active = events.filter(status="active")
    level_counts = dict(active.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    ids = list(active.values_list("pk", flat=True)[:5000])
    townships = sorted(_township_counts(ids).items(), key=lambda x: (-x[1], x[0]))[:20]
    today = clock.today()
    ot, _ = on_time(
        ResponseClock.objects.filter(
            event__in=events, deadline__due_at__gte=_start_of_day(today - dt.timedelta(days=29))
        )
    )
    feed = warnings_after(user, None)
    return {
        "trend": trend(user),
        "levels": [{"level": lv, "name": f"{LEVEL_SHORT[lv]}预警", "value": level_counts.get(lv, 0)} for lv in LEVELS],
        "townships": [{"name": n, "value": c} for n, c in townships],
        "on_time": {"rate": ot.rate, "met": ot.met, "late": ot.late, "overdue": ot.overdue_open, "total": ot.total},
        "latest": feed["warnings"],
        "cursor": feed["cursor"],
    }


def warnings_after(user, after: int | None, limit: int = 20) -> dict:
    """Orange/red warnings of visible events with a level-change id above ``after`` (newest first).

    ``after=None``: the latest ones and the current cursor (a page's first load).
    """
    qs = EventLevelChange.objects.filter(to_level__in=list(RAISED_LEVELS), event__in=event_list_visible_to(user))
    cursor = EventLevelChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if after is not None:
        qs = qs.filter(id__gt=after, id__lte=cursor)
    rows = list(qs.select_related("event").order_by("-id")[:limit])
    return {
        "cursor": cursor,
        "warnings": [
            {
                "id": r.pk,
                "event_id": r.event_id,
                "title": r.event.title,
                "level": r.to_level,
                "level_label": f"{LEVEL_SHORT.get(r.to_level, r.to_level)}预警",
                "reason": r.reason,
                "at": timezone.localtime(r.changed_at).strftime("%Y-%m-%d %H:%M"),
                "url": links.url("opinion.event.response", r.event_id),
            }
            for r in rows
        ],
    }
