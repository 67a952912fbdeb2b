"""Reads of rules, the calendar and deadlines.

``rule_value`` is the one way code obtains a statutory or configurable number.
Rule records and the calendar are reference data every staff member may read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core import clock
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Region

from .clocks import compute, unit_for_kind
from .enums import DeadlineState, DeadlineStatus, DeadlineUnit
from .errors import RuleMissing
from .models import CalendarDay, CalendarYear, Deadline, RuleRecord
from .regions import JurisdictionLike, region_chain, region_label, resolve_jurisdiction
from .registry import RuleSpec, get_rule_spec


@dataclass(frozen=True)
class RuleValue:
    key: str
    value: Any
    citation: str
    record: RuleRecord
    jurisdiction: Region | None  # where the applied record is defined (None = national default)
    spec: RuleSpec

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def display(self) -> str:
        return self.spec.format_value(self.value)


def _as_date(on_date: dt.date | dt.datetime | None) -> dt.date:
    if on_date is None:
        return clock.today()
    if isinstance(on_date, dt.datetime):
        return timezone.localdate(on_date) if timezone.is_aware(on_date) else on_date.date()
    return on_date


def rule_value(
    key: str, jurisdiction: JurisdictionLike = None, on_date: dt.date | dt.datetime | None = None
) -> RuleValue:
    """The record of ``key`` in force on ``on_date`` for ``jurisdiction``.

    Walks from the jurisdiction up the region hierarchy to the national default and takes
    the first level that has a record in force on that date. Raises ``UnknownRule`` for a
    key not in the registry, ``UnknownJurisdiction`` for an unknown region and
    ``RuleMissing`` when no level has a record in force.
    """
    spec = get_rule_spec(key)
    region = resolve_jurisdiction(jurisdiction)
    day = _as_date(on_date)
    chain = region_chain(region)
    chain_ids = [r.pk for r in chain]
    records = list(
        RuleRecord.objects.filter(key=key, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .filter(Q(jurisdiction__isnull=True) | Q(jurisdiction_id__in=chain_ids))
        .order_by("-effective_from", "-id")
    )
    by_level: dict[int | None, RuleRecord] = {}
    for record in records:
        by_level.setdefault(record.jurisdiction_id, record)
    for level in [*chain, None]:
        record = by_level.get(level.pk if level is not None else None)
        if record is not None:
            return RuleValue(
                key=key, value=record.value, citation=record.citation, record=record, jurisdiction=level, spec=spec
            )
    raise RuleMissing(
        f"没有适用的规则记录：“{spec.label}”，区划：{region_label(region)}，日期：{day.isoformat()}。",
        detail={"key": key, "jurisdiction": region.code if region else None, "date": day.isoformat()},
    )


def rule_value_or_none(key: str, jurisdiction: JurisdictionLike = None, on_date=None) -> RuleValue | None:
    try:
        return rule_value(key, jurisdiction, on_date)
    except RuleMissing:
        return None


@dataclass(frozen=True)
class PeriodEnd:
    due_date: dt.date
    rule: RuleValue


def rule_period_end(key: str, jurisdiction: JurisdictionLike, start: dt.date) -> PeriodEnd | None:
    """The last day of the period of deadline rule ``key`` that starts on ``start`` (the start day not
    counted), on the rules clock, for a limit that is checked but has no ``Deadline`` of its own (e.g.
    the 补正 notice period of 条例 art. 30); ``None`` when no record is in force on ``start``."""
    rv = rule_value_or_none(key, jurisdiction, start)
    if rv is None:
        return None
    computed = compute(
        unit=unit_for_kind(rv.spec.kind),
        start_at=start,
        amount=int(rv.value),
        jurisdiction=jurisdiction,
        rule_key=key,
        citation=rv.citation,
    )
    return PeriodEnd(due_date=computed.due_date, rule=rv)


def rule_record_list(
    *, key: str | None = None, jurisdiction: JurisdictionLike = "", national: bool = False
) -> QuerySet:
    """Rule records, optionally of one key and/or one jurisdiction (``national=True``: national ones only)."""
    qs = RuleRecord.objects.select_related("jurisdiction")
    if key:
        qs = qs.filter(key=key)
    if national:
        qs = qs.filter(jurisdiction__isnull=True)
    elif jurisdiction not in (None, ""):
        qs = qs.filter(jurisdiction=resolve_jurisdiction(jurisdiction))
    return qs.order_by("key", "jurisdiction__code", "effective_from")


def rule_record_list_visible_to(user, **filters) -> QuerySet:
    """All staff may read every rule record (they are public reference data)."""
    return rule_record_list(**filters)


def rule_record_overlaps(
    *, key: str, jurisdiction: Region | None, effective_from: dt.date, effective_to: dt.date | None, exclude_id=None
) -> list[RuleRecord]:
    """Records of the same key and jurisdiction whose periods overlap the given one."""
    qs = RuleRecord.objects.filter(key=key)
    qs = qs.filter(jurisdiction__isnull=True) if jurisdiction is None else qs.filter(jurisdiction=jurisdiction)
    qs = qs.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from))
    if effective_to is not None:
        qs = qs.filter(effective_from__lte=effective_to)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return list(qs)


# --- Calendar -----------------------------------------------------------------------------------


def calendar_year(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).select_related("entered_by").first()


def calendar_year_list() -> QuerySet:
    return CalendarYear.objects.order_by("year")


def calendar_days_for_year(year: int, *, region: Region | None = None, include_local: bool = True) -> QuerySet:
    qs = CalendarDay.objects.filter(date__year=year).select_related("region")
    if region is not None:
        qs = qs.filter(Q(region__isnull=True) | Q(region_id__in=[r.pk for r in region_chain(region)]))
    elif not include_local:
        qs = qs.filter(region__isnull=True)
    return qs.order_by("date", "region__code")


# --- Deadlines ----------------------------------------------------------------------------------


def deadline_list_visible_to(user) -> QuerySet:
    qs = Deadline.objects.select_related("agency", "handler", "jurisdiction")
    visible = org_permissions.visible_agency_ids(user)
    return qs if visible is None else qs.filter(agency_id__in=visible)


def deadlines_for(target) -> QuerySet:
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk))


def deadline_list_overdue(now: dt.datetime | None = None) -> QuerySet:
    """Running deadlines whose due time has passed (paused and closed ones are never overdue)."""
    now = now or clock.now()
    return Deadline.objects.filter(status=DeadlineStatus.OPEN, due_at__lt=now)


def due_soon_threshold(deadline: Deadline) -> float | None:
    """Working days (working-day clock) or hours (hour clock) at or below which a deadline is due soon.

    From the rules ``deadline.due_soon_working_days`` / ``deadline.due_soon_hours_percent`` in
    force on the start date for the deadline's jurisdiction; None when no record applies.
    """
    day = timezone.localdate(deadline.start_at)
    if deadline.unit == DeadlineUnit.WORKING_DAYS:
        rv = rule_value_or_none("deadline.due_soon_working_days", deadline.jurisdiction, day)
        return None if rv is None else float(rv.value)
    rv = rule_value_or_none("deadline.due_soon_hours_percent", deadline.jurisdiction, day)
    hours = deadline.total_amount * (24 if deadline.unit == DeadlineUnit.DAYS else 1)
    return None if rv is None else hours * float(rv.value) / 100.0


def is_due_soon(deadline: Deadline, now: dt.datetime | None = None) -> bool:
    """Not yet due, and little time left.

    Working-day clocks: the working days from today (excluded) to the due date (included),
    plus one when today itself is a working day, are at most ``deadline.due_soon_working_days``
    — so with 3, a clock is due soon on its last three working days. Hour clocks: the time left
    is at most ``deadline.due_soon_hours_percent`` of the whole period.
    """
    from . import workdays

    now = now or clock.now()
    if deadline.status != DeadlineStatus.OPEN or deadline.due_at is None or deadline.due_at <= now:
        return False
    threshold = due_soon_threshold(deadline)
    if threshold is None:
        return False
    if deadline.unit == DeadlineUnit.WORKING_DAYS:
        today = timezone.localdate(now)
        left = workdays.working_days_between(today, deadline.due_date, deadline.jurisdiction)
        if workdays.is_working_day(today, deadline.jurisdiction):
            left += 1
        return left <= threshold
    return (deadline.due_at - now).total_seconds() / 3600.0 <= threshold


def deadline_list_due_soon(now: dt.datetime | None = None, horizon_days: int = 60) -> list[Deadline]:
    """Running deadlines that are due soon (see ``is_due_soon``); candidates within ``horizon_days``."""
    now = now or clock.now()
    candidates = Deadline.objects.filter(
        status=DeadlineStatus.OPEN, due_at__gte=now, due_at__lte=now + dt.timedelta(days=horizon_days)
    ).select_related("jurisdiction")
    return [d for d in candidates if is_due_soon(d, now)]


def deadline_state(deadline: Deadline, now: dt.datetime | None = None) -> str:
    now = now or clock.now()
    if deadline.status == DeadlineStatus.CLOSED:
        return DeadlineState.CLOSED
    if deadline.status == DeadlineStatus.PAUSED:
        return DeadlineState.PAUSED
    if deadline.due_at is None:
        return DeadlineState.UNDETERMINED
    if deadline.due_at < now:
        return DeadlineState.OVERDUE
    if is_due_soon(deadline, now):
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK


# --- Single records for the edges ---------------------------------------------------------------


def rule_record_get(pk: int) -> RuleRecord | None:
    """One rule record with its jurisdiction, or ``None``."""
    return RuleRecord.objects.select_related("jurisdiction").filter(pk=pk).first()


def calendar_day_get(pk: int) -> CalendarDay | None:
    """One calendar day with its region, or ``None``."""
    return CalendarDay.objects.select_related("region").filter(pk=pk).first()
