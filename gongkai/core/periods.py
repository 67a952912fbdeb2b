"""Calendar periods: the one place that computes the first and last day of a month, quarter or
year, and the local-time span of a range of days (reports, statistics, the assessment, frequency
rules). Pure date arithmetic; working days are the rules kernel's calendar, not this module's."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month containing ``day``."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week containing ``day``."""
    first = day - dt.timedelta(days=day.weekday())
    return first, first + dt.timedelta(days=6)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of quarter 1–4 of ``year``."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, not {quarter!r}")
    start = dt.date(year, 3 * quarter - 2, 1)
    return start, month_bounds(dt.date(year, 3 * quarter, 1))[1]


def period_bounds(year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """The quarter of ``year``, or the whole year when ``quarter`` is None."""
    return quarter_bounds(year, quarter) if quarter else (dt.date(year, 1, 1), dt.date(year, 12, 31))


def quarters_within(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The (year, quarter) pairs that lie wholly within [start, end]."""
    return [
        (year, q)
        for year in range(start.year, end.year + 1)
        for q in range(1, 5)
        if quarter_bounds(year, q)[0] >= start and quarter_bounds(year, q)[1] <= end
    ]


def day_span(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in local time, for filtering timestamps."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min), tz),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), tz),
    )
