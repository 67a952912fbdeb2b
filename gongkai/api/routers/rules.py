"""Rules, the holiday calendar and the deadline calculator (read-only, any signed-in staff member).

Errors: ``unknown_rule`` (404), ``unknown_jurisdiction`` (404), ``rule_missing`` (422),
``date_out_of_range`` / ``validation_failed`` (422), as ``{"code", "message", "detail"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.rules import selectors
from gongkai.rules.calculator import deadline_calculate
from gongkai.rules.regions import resolve_jurisdiction
from gongkai.rules.registry import RULES, get_rule_spec
from gongkai.rules.workdays import MAX_DATE, MIN_DATE, year_status

router = Router(tags=["规则与日历"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class RuleSpecOut(Schema):
    key: str
    label: str
    kind: str
    unit: str
    description: str


class RuleRecordOut(Schema):
    id: int
    key: str
    label: str
    jurisdiction: str | None
    jurisdiction_name: str
    value: Any
    value_display: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: str
    note: str


class RuleValueOut(Schema):
    key: str
    label: str
    date: dt.date
    jurisdiction: str | None
    value: Any
    value_display: str
    citation: str
    defined_for: str | None
    defined_for_name: str
    record_id: int
    effective_from: dt.date
    effective_to: dt.date | None


class CalendarDayOut(Schema):
    date: dt.date
    kind: str
    kind_label: str
    name: str
    region: str | None
    source: str


class CalendarOut(Schema):
    year: int
    status: str
    status_label: str
    citation: str
    days: list[CalendarDayOut]


class SkippedOut(Schema):
    date: dt.date
    reason: str


class MakeupOut(Schema):
    date: dt.date
    name: str


class JurisdictionOut(Schema):
    code: str
    name: str


class DeadlineCalcOut(Schema):
    start: dt.date
    start_at: str
    unit: str
    amount: int
    due: dt.date
    due_at: str
    provisional: bool
    provisional_years: list[int]
    citation: str | None
    rule: dict[str, Any] | None
    jurisdiction: JurisdictionOut | None
    skipped: list[SkippedOut]
    makeup_days: list[MakeupOut]
    explanation: list[str]


def _record_out(record) -> dict:
    return {
        "id": record.pk,
        "key": record.key,
        "label": record.label,
        "jurisdiction": record.jurisdiction.code if record.jurisdiction_id else None,
        "jurisdiction_name": record.jurisdiction.full_name() if record.jurisdiction_id else "全国",
        "value": record.value,
        "value_display": record.value_display,
        "effective_from": record.effective_from,
        "effective_to": record.effective_to,
        "citation": record.citation,
        "note": record.note,
    }


def _parse_date(text: str | None, what: str = "日期") -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(f"{what}格式有误：“{text}”，应写作 YYYY-MM-DD。", detail={"value": text}) from None


@router.get("/registry", response=list[RuleSpecOut], summary="已登记的规则键")
def list_registry(request):
    return [
        {"key": s.key, "label": s.label, "kind": s.kind, "unit": s.unit, "description": s.description}
        for s in RULES.values()
    ]


@router.get("/records", response={200: list[RuleRecordOut], 404: ErrorOut}, summary="规则记录")
def list_records(request, key: str | None = None, jurisdiction: str | None = None, national: bool = False):
    """``jurisdiction`` is a region code (records defined for that region only); ``national=true``: national ones."""
    if key:
        get_rule_spec(key)
    records = selectors.rule_record_list_visible_to(
        request.auth, key=key or None, jurisdiction=jurisdiction or "", national=national
    )
    return [_record_out(r) for r in records]


@router.get("/value", response={200: RuleValueOut, 404: ErrorOut, 422: ErrorOut}, summary="某地某日适用的规则值")
def get_value(request, key: str, jurisdiction: str | None = None, date: str | None = None):
    on = _parse_date(date) or None
    rv = selectors.rule_value(key, jurisdiction or None, on)
    region = resolve_jurisdiction(jurisdiction or None)
    return {
        "key": key,
        "label": rv.label,
        "date": on or clock.today(),
        "jurisdiction": region.code if region else None,
        "value": rv.value,
        "value_display": rv.display,
        "citation": rv.citation,
        "defined_for": rv.jurisdiction.code if rv.jurisdiction else None,
        "defined_for_name": rv.jurisdiction.full_name() if rv.jurisdiction else "全国",
        "record_id": rv.record.pk,
        "effective_from": rv.record.effective_from,
        "effective_to": rv.record.effective_to,
    }


@router.get("/calendar/{year}", response={200: CalendarOut, 404: ErrorOut, 422: ErrorOut}, summary="某年的节假日与调休")
def get_calendar(request, year: int, jurisdiction: str | None = None):
    """``status``: official, provisional (entered, not final) or computed (none entered: weekends and statutory holidays)."""
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise ValidationFailed(f"年份应在 {MIN_DATE.year} 至 {MAX_DATE.year} 之间。", code="date_out_of_range")
    region = resolve_jurisdiction(jurisdiction or None)
    row = selectors.calendar_year(year)
    status = year_status(year)
    labels = {"official": "正式", "provisional": "暂定", "computed": "推算（暂定）"}
    days = selectors.calendar_days_for_year(year, region=region)
    return {
        "year": year,
        "status": status,
        "status_label": labels[status],
        "citation": row.citation if row else "",
        "days": [
            {
                "date": d.date,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "name": d.name,
                "region": d.region.code if d.region_id else None,
                "source": d.source,
            }
            for d in days
        ],
    }


@router.get("/deadline", response={200: DeadlineCalcOut, 404: ErrorOut, 422: ErrorOut}, summary="期限计算")
def calculate_deadline(
    request,
    start: str,
    working_days: str | None = None,
    hours: str | None = None,
    jurisdiction: str | None = None,
    rule: str | None = None,
):
    """Same result as ``manage.py deadline --json``: at least due, provisional, citation, skipped."""
    return deadline_calculate(
        start=start, working_days=working_days, hours=hours, jurisdiction=jurisdiction or None, rule_key=rule or None
    )
