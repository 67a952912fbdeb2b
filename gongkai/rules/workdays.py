"""Working days (工作日) from the project's own holiday table.

Semantics (SPEC "Working days"):
- A working day is a Monday–Friday that is not a holiday, or a make-up working day
  (调休上班日, a ``CalendarDay`` of kind ``workday``), whatever its weekday.
- A year with a ``CalendarYear`` row uses the days entered for it; if the row is
  ``official`` results are final, if ``provisional`` they are marked provisional.
- A year with no ``CalendarYear`` row (before 2004, 2027 onwards until entered) is computed:
  weekends plus the holidays whose dates the law itself fixes (rule
  ``calendar.statutory_holidays``: 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆 as the
  《全国年节及纪念日放假办法》 in force on the day defines them; lunar dates via ``lunardate``,
  清明 via the solar-term formula of ``chinesecalendar``). Results touching such a year are
  provisional. The computation assumes a five-day week throughout (before May 1995 China
  worked some Saturdays; no deadline of this platform reaches back that far).
- Local rows (``CalendarDay.region``) apply to that region and the regions below it and
  take precedence over national rows for the same date.
- Counting (《民法典》 art. 201): the start day is not counted; ``add_working_days(D, N)``
  returns the N-th working day after D. ``working_days_between(a, b)`` counts the working
  days in (a, b], so ``working_days_between(D, add_working_days(D, N).due) == N``.

The table is cached per process and reloaded when ``CalendarState.token`` changes (every
calendar service bumps it in the same transaction as the change).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from gongkai.core.errors import ValidationFailed
from gongkai.orgs.models import Region

from .enums import DayKind, YearStatus
from .errors import DateOutOfRange
from .regions import JurisdictionLike, region_chain, resolve_jurisdiction

# The range the calendar can compute: lunar conversion (lunardate) stops at the end of 2099.
MIN_DATE = dt.date(1990, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
# A sanity bound on N (about four years of working days), not a statutory number.
MAX_WORKING_DAYS = 1000

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
COMPUTED_SUFFIX = "（推算）"


class SkippedDay(NamedTuple):
    date: dt.date
    reason: str


class CountedDay(NamedTuple):
    date: dt.date
    note: str  # "" for an ordinary working day; the make-up day's name for a 调休上班日


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    working: bool
    reason: str  # why it is not a working day (周六, 国庆节 …), or the make-up day's name
    provisional: bool  # the day's year has no official schedule
    source: str  # "official", "entered" (provisional schedule), "computed" or "local"


@dataclass(frozen=True)
class WorkdayResult:
    start: dt.date
    amount: int
    due: dt.date
    provisional: bool
    skipped: list[SkippedDay] = field(default_factory=list)
    counted: list[CountedDay] = field(default_factory=list)
    provisional_years: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "amount": self.amount,
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "provisional_years": self.provisional_years,
            "skipped": [{"date": d.isoformat(), "reason": r} for d, r in self.skipped],
            "makeup_days": [{"date": d.isoformat(), "name": n} for d, n in self.counted if n],
        }


# --- Input checks ----------------------------------------------------------------------------------


def check_date(day: dt.date, what: str = "日期") -> dt.date:
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        raise ValidationFailed(f"{what}无效。")
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateOutOfRange(
            f"{what} {day.isoformat()} 超出可计算范围（{MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()}）。",
            detail={"date": day.isoformat(), "min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
        )
    return day


def check_amount(n: int, maximum: int = MAX_WORKING_DAYS, unit: str = "个工作日") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValidationFailed("天数应为整数。")
    if n < 0:
        raise ValidationFailed(f"期限不能为负数（收到 {n}）。", detail={"amount": n})
    if n > maximum:
        raise ValidationFailed(f"期限过长：最多 {maximum} {unit}（收到 {n}）。", detail={"amount": n, "max": maximum})
    return n


# --- The cached table -----------------------------------------------------------------------------


class _Table:
    """One load of the calendar tables, valid for one ``CalendarState.token``."""

    def __init__(self, token: str):
        from .models import CalendarDay, CalendarYear

        self.token = token
        self.national: dict[dt.date, tuple[str, str]] = {}
        self.local: dict[int, dict[dt.date, tuple[str, str]]] = {}
        for day, kind, name, region_id in CalendarDay.objects.values_list("date", "kind", "name", "region_id"):
            if region_id is None:
                self.national[day] = (kind, name)
            else:
                self.local.setdefault(region_id, {})[day] = (kind, name)
        self.years: dict[int, str] = dict(CalendarYear.objects.values_list("year", "status"))
        self._computed: dict[int, dict[dt.date, str]] = {}
        self._lock = threading.Lock()

    def computed_holidays(self, year: int) -> dict[dt.date, str]:
        with self._lock:
            if year not in self._computed:
                self._computed[year] = statutory_holidays(year)
            return self._computed[year]

    def info(self, day: dt.date, chain_ids: list[int]) -> DayInfo:
        status = self.years.get(day.year)
        provisional = status != YearStatus.OFFICIAL
        for region_id in chain_ids:
            row = self.local.get(region_id, {}).get(day)
            if row is not None:
                return _row_info(day, row, provisional, "local")
        source = {YearStatus.OFFICIAL: "official", YearStatus.PROVISIONAL: "entered"}.get(status, "computed")
        row = self.national.get(day)
        if row is not None:
            return _row_info(day, row, provisional, source)
        if status is None:
            name = self.computed_holidays(day.year).get(day)
            if name is not None:
                return DayInfo(day, False, name + COMPUTED_SUFFIX, True, source)
        return _weekday_info(day, provisional, source)


def _row_info(day: dt.date, row: tuple[str, str], provisional: bool, source: str) -> DayInfo:
    kind, name = row
    if kind == DayKind.WORKDAY:
        return DayInfo(day, True, name or "调休上班", provisional, source)
    return DayInfo(day, False, name or "节假日", provisional, source)


def _weekday_info(day: dt.date, provisional: bool, source: str) -> DayInfo:
    weekday = day.weekday()
    if weekday >= 5:
        return DayInfo(day, False, WEEKDAY_NAMES[weekday], provisional, source)
    return DayInfo(day, True, "", provisional, source)


_cache: dict[str, _Table] = {}
_cache_lock = threading.Lock()


def calendar_token() -> str:
    from .models import CalendarState

    return CalendarState.objects.order_by("pk").values_list("token", flat=True).first() or ""


def _table() -> _Table:
    token = calendar_token()
    table = _cache.get("table")
    if table is None or table.token != token:
        with _cache_lock:
            table = _Table(token)
            _cache["table"] = table
    return table


def invalidate_cache() -> None:
    _cache.pop("table", None)


def _chain_ids(region: JurisdictionLike) -> list[int]:
    resolved = resolve_jurisdiction(region) if not isinstance(region, Region) else region
    return [r.pk for r in region_chain(resolved)]


# --- Statutory holidays for computed years ------------------------------------------------------


def _lunar_to_solar(year: int, month: int, day: int) -> dt.date:
    from lunardate import LunarDate

    return LunarDate(year, month, day).to_solar_date()


def _solar_term(year: int, term: str) -> dt.date | None:
    from chinese_calendar import get_solar_terms

    for day, name in get_solar_terms(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        if name == term:
            return day
    return None


def holidays_from_definition(year: int, definition: dict) -> dict[dt.date, str]:
    """Dates in ``year`` of the holidays a ``calendar.statutory_holidays`` value defines."""
    result: dict[dt.date, str] = {}
    for item in definition.get("holidays", []):
        calendar = item["calendar"]
        if calendar == "solar":
            first = dt.date(year, item["month"], item["day"])
        elif calendar == "lunar":
            first = _lunar_to_solar(year, item["month"], item["day"])
        else:
            first = _solar_term(year, item["term"])
            if first is None:
                continue
        first += dt.timedelta(days=item.get("offset", 0))
        for i in range(item["days"]):
            result[first + dt.timedelta(days=i)] = item["name"]
    return result


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The law-fixed holidays of ``year``, each as defined by the rule record in force on that date."""
    from .models import RuleRecord

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result: dict[dt.date, str] = {}
    records = RuleRecord.objects.filter(
        key="calendar.statutory_holidays", jurisdiction__isnull=True, effective_from__lte=end
    ).order_by("effective_from")
    for record in records:
        if record.effective_to is not None and record.effective_to < start:
            continue
        for day, name in holidays_from_definition(year, record.value).items():
            if record.in_force_on(day):
                result[day] = name
    return result


# --- Public functions ---------------------------------------------------------------------------


def day_info(day: dt.date, region: JurisdictionLike = None) -> DayInfo:
    day = check_date(day)
    return _table().info(day, _chain_ids(region))


def is_working_day(day: dt.date, region: JurisdictionLike = None) -> bool:
    return day_info(day, region).working


def year_status(year: int) -> str:
    """``official``, ``provisional`` (a schedule entered but not final) or ``computed`` (none entered)."""
    return _table().years.get(year, "computed")


PausedFn = Callable[[dt.date], str | None]


def add_working_days(
    start: dt.date, n: int, region: JurisdictionLike = None, *, paused: PausedFn | None = None
) -> WorkdayResult:
    """The N-th working day after ``start`` (the start day itself is not counted).

    ``paused(day)`` may return a reason for days that must not be counted (a paused clock);
    such working days are listed in ``skipped`` with that reason.
    """
    start = check_date(start, "起算日期")
    n = check_amount(n)
    table = _table()
    chain = _chain_ids(region)
    skipped: list[SkippedDay] = []
    counted: list[CountedDay] = []
    provisional_years: set[int] = set()
    day = start
    while len(counted) < n:
        day += dt.timedelta(days=1)
        if day > MAX_DATE:
            raise DateOutOfRange(
                f"到期日超出可计算范围（最晚 {MAX_DATE.isoformat()}）。", detail={"max": MAX_DATE.isoformat()}
            )
        info = table.info(day, chain)
        if info.provisional:
            provisional_years.add(day.year)
        if not info.working:
            skipped.append(SkippedDay(day, info.reason))
            continue
        pause_reason = paused(day) if paused is not None else None
        if pause_reason:
            skipped.append(SkippedDay(day, pause_reason))
            continue
        counted.append(CountedDay(day, info.reason))
    return WorkdayResult(
        start=start,
        amount=n,
        due=day,
        provisional=bool(provisional_years),
        skipped=skipped,
        counted=counted,
        provisional_years=sorted(provisional_years),
    )


def working_days_between(a: dt.date, b: dt.date, region: JurisdictionLike = None) -> int:
    """Working days in (a, b]; negative (the count in (b, a]) when b is before a."""
    a = check_date(a)
    b = check_date(b)
    if b < a:
        return -working_days_between(b, a, region)
    table = _table()
    chain = _chain_ids(region)
    count = 0
    day = a
    while day < b:
        day += dt.timedelta(days=1)
        if table.info(day, chain).working:
            count += 1
    return count


def calendar_range(first: dt.date, last: dt.date, region: JurisdictionLike = None) -> list[DayInfo]:
    """Day information for every date of [first, last] (for pages)."""
    first, last = check_date(first), check_date(last)
    table = _table()
    chain = _chain_ids(region)
    days = []
    day = first
    while day <= last:
        days.append(table.info(day, chain))
        day += dt.timedelta(days=1)
    return days
