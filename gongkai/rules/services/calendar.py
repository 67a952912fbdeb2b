"""Writes of the holiday calendar: a whole year's schedule or one day; each change bumps the
calendar version and recomputes, in the same transaction, every open deadline it can affect."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction

from gongkai.audit.services import audit_log, changes
from gongkai.core import clock
from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.rules.events import RulesEvent

from .. import permissions
from ..enums import DayKind, YearStatus
from ..models import CalendarDay, CalendarState, CalendarYear
from ..regions import JurisdictionLike, resolve_jurisdiction
from ..schedule import ScheduleEntry, parse_schedule
from ..workdays import MAX_DATE, MIN_DATE, check_date, invalidate_cache
from .deadlines import RecomputeResult, recompute_affected_deadlines

# =====================================================================================
# Calendar
# =====================================================================================


def _bump_calendar_version() -> CalendarState:
    state = CalendarState.objects.select_for_update().order_by("pk").first()
    if state is None:
        state = CalendarState(version=0)
    state.version += 1
    state.token = uuid.uuid4().hex
    state.changed_at = clock.now()
    state.save()
    invalidate_cache()
    return state


def _calendar_changed(*, actor, first: dt.date, last: dt.date, reason: str) -> list[RecomputeResult]:
    _bump_calendar_version()
    return recompute_affected_deadlines(actor=actor, first=first, last=last, reason=reason)


@dataclass(frozen=True)
class YearEntered:
    year: CalendarYear
    days: int
    recomputed: list[RecomputeResult]


def _check_year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_DATE.year <= year <= MAX_DATE.year:
        raise ValidationFailed(f"年份应在 {MIN_DATE.year} 至 {MAX_DATE.year} 之间。")
    return year


def calendar_year_enter(
    *,
    actor,
    year: int,
    citation: str,
    text: str | None = None,
    entries: list[ScheduleEntry] | None = None,
    status: str = YearStatus.OFFICIAL,
) -> YearEntered:
    """Enter (or replace) a year's national schedule: holidays and make-up working days.

    ``text`` is parsed with ``schedule.parse_schedule`` (row errors in ``detail["rows"]``);
    alternatively pass ``entries``. Replaces the national rows of that year, records the
    year as ``status`` with its citation, and recomputes the open deadlines of that year.
    """
    permissions.require_calendar_editor(actor, None)
    year = _check_year(year)
    citation = (citation or "").strip()
    if not citation:
        raise ValidationFailed("请填写依据（国务院办公厅通知的文号）。")
    if status not in YearStatus.values:
        raise ValidationFailed("状态无效。")
    if entries is None:
        entries = parse_schedule(text or "", year)
    for entry in entries:
        if entry.date.year != year or entry.kind not in DayKind.values:
            raise ValidationFailed(f"{entry.date.isoformat()} 不属于 {year} 年或类型无效。")
    with transaction.atomic():
        old_year = CalendarYear.objects.select_for_update().filter(year=year).first()
        old_days = list(
            CalendarDay.objects.filter(region__isnull=True, date__year=year)
            .order_by("date")
            .values_list("date", "kind", "name")
        )
        CalendarDay.objects.filter(region__isnull=True, date__year=year).delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=e.date, kind=e.kind, name=e.name, source=citation[:300]) for e in entries]
        )
        row, _ = CalendarYear.objects.update_or_create(
            year=year,
            defaults={
                "status": status,
                "citation": citation[:300],
                "entered_by": actor if getattr(actor, "is_authenticated", False) else None,
                "entered_at": clock.now(),
            },
        )
        audit_log(
            actor=actor,
            event=RulesEvent.CALENDAR_YEAR_ENTERED,
            target=row,
            data={
                "old": {
                    "status": old_year.status if old_year else None,
                    "citation": old_year.citation if old_year else None,
                    "days": [[d.isoformat(), k, n] for d, k, n in old_days],
                },
                "new": {
                    "status": status,
                    "citation": citation,
                    "days": [[e.date.isoformat(), e.kind, e.name] for e in entries],
                },
            },
        )
        recomputed = _calendar_changed(
            actor=actor, first=dt.date(year, 1, 1), last=dt.date(year, 12, 31), reason=f"录入{year}年放假安排"
        )
    return YearEntered(year=row, days=len(entries), recomputed=recomputed)


def calendar_day_save(
    *,
    actor,
    date: dt.date,
    kind: str,
    name: str,
    region: JurisdictionLike = None,
    source: str = "",
) -> CalendarDay:
    """Add or correct one day (national, or a local extra day for ``region`` and the regions below it)."""
    resolved = resolve_jurisdiction(region)
    permissions.require_calendar_editor(actor, resolved)
    check_date(date)
    if kind not in DayKind.values:
        raise ValidationFailed("类型应为“放假”或“调休上班”。")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("请填写名称。")
    with transaction.atomic():
        qs = CalendarDay.objects.select_for_update(of=("self",)).order_by("pk").filter(date=date)
        qs = qs.filter(region__isnull=True) if resolved is None else qs.filter(region=resolved)
        day = qs.first()
        if day is None:
            day = CalendarDay.objects.create(
                date=date, kind=kind, name=name[:100], region=resolved, source=(source or "")[:300]
            )
            audit_log(
                actor=actor,
                event=RulesEvent.CALENDAR_DAY_ADDED,
                target=day,
                data={"new": {"date": date, "kind": kind, "name": name, "region": resolved.code if resolved else None}},
            )
        else:
            new = {"kind": kind, "name": name[:100], "source": (source or day.source)[:300]}
            diff = changes(day, list(new), new)
            if not diff["new"]:
                return day
            for field, value in new.items():
                setattr(day, field, value)
            day.save()
            audit_log(actor=actor, event=RulesEvent.CALENDAR_DAY_CORRECTED, target=day, data=diff)
        _calendar_changed(actor=actor, first=date, last=date, reason=f"更正 {date.isoformat()} 的日历")
    return day


def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    permissions.require_calendar_editor(actor, day.region)
    with transaction.atomic():
        locked = CalendarDay.objects.select_for_update(of=("self",)).order_by("pk").filter(pk=day.pk).first()
        if locked is None:
            raise NotFound("未找到该日期。")
        audit_log(
            actor=actor,
            event=RulesEvent.CALENDAR_DAY_DELETED,
            target=locked,
            data={
                "old": {
                    "date": locked.date,
                    "kind": locked.kind,
                    "name": locked.name,
                    "region": locked.region.code if locked.region_id else None,
                }
            },
        )
        date = locked.date
        locked.delete()
        _calendar_changed(actor=actor, first=date, last=date, reason=f"删除 {date.isoformat()} 的日历记录")
