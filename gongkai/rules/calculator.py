"""The deadline calculator behind the CLI (``manage.py deadline``), the API and the page.

A read: it computes, it stores nothing. ``deadline_calculate`` returns a JSON-ready dict
with at least ``due``, ``provisional``, ``citation`` and ``skipped`` ([{date, reason}]).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.core.errors import ValidationFailed

from .clocks import as_aware, compute, explanation_lines
from .enums import DeadlineUnit, ValueKind
from .regions import JurisdictionLike, resolve_jurisdiction
from .registry import get_rule_spec
from .selectors import rule_value


def parse_start(value: str | dt.date | dt.datetime) -> dt.datetime:
    """``YYYY-MM-DD`` (00:00 local) or ``YYYY-MM-DDTHH:MM`` (local), or a date/datetime."""
    if isinstance(value, dt.datetime | dt.date):
        return as_aware(value)
    text = (value or "").strip()
    if not text:
        raise ValidationFailed("请填写起算日期。")
    try:
        if len(text) <= 10:
            return as_aware(dt.date.fromisoformat(text))
        return as_aware(dt.datetime.fromisoformat(text.replace(" ", "T")))
    except ValueError:
        raise ValidationFailed(
            f"起算日期格式有误：“{text}”。应写作 YYYY-MM-DD（如 2026-11-23）或 YYYY-MM-DDTHH:MM。",
            detail={"start": text},
        ) from None


def parse_amount(value: Any, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationFailed(f"{what}应为整数。")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationFailed(f"{what}应为整数（收到“{value}”）。") from None


def deadline_calculate(
    *,
    start: str | dt.date | dt.datetime,
    working_days: int | str | None = None,
    hours: int | str | None = None,
    jurisdiction: JurisdictionLike = None,
    rule_key: str | None = None,
) -> dict[str, Any]:
    start_at = parse_start(start)
    working_days = parse_amount(working_days, "工作日数")
    hours = parse_amount(hours, "小时数")
    if working_days is not None and hours is not None:
        raise ValidationFailed("工作日数和小时数只能填写一项。")
    region = resolve_jurisdiction(jurisdiction)
    unit = DeadlineUnit.HOURS if hours is not None else DeadlineUnit.WORKING_DAYS
    amount = hours if hours is not None else working_days
    citation = ""
    rule: dict[str, Any] | None = None
    if rule_key:
        spec = get_rule_spec(rule_key)
        if not spec.is_deadline:
            raise ValidationFailed(f"规则“{spec.label}”不是期限规则，不能用于计算到期日。")
        rule_unit = {ValueKind.HOURS: DeadlineUnit.HOURS, ValueKind.DAYS: DeadlineUnit.DAYS}.get(
            spec.kind, DeadlineUnit.WORKING_DAYS
        )
        if amount is not None and unit != rule_unit:
            raise ValidationFailed(f"规则“{spec.label}”按{DeadlineUnit(rule_unit).label}计算，与输入的计算单位不一致。")
        unit = rule_unit
        rv = rule_value(rule_key, region, timezone.localdate(start_at))
        citation = rv.citation
        if amount is None:
            amount = int(rv.value)
        rule = {
            "key": rule_key,
            "label": spec.label,
            "value": rv.value,
            "display": rv.display,
            "citation": rv.citation,
            "defined_for": rv.jurisdiction.code if rv.jurisdiction else None,
            "defined_for_name": rv.jurisdiction.full_name() if rv.jurisdiction else "全国",
            "effective_from": rv.record.effective_from.isoformat(),
            "effective_to": rv.record.effective_to.isoformat() if rv.record.effective_to else None,
        }
    if amount is None:
        raise ValidationFailed("请填写工作日数或小时数，或指定规则。")
    result = compute(
        unit=unit, start_at=start_at, amount=amount, jurisdiction=region, rule_key=rule_key or "", citation=citation
    )
    data = result.explanation
    return {
        "start": data.get("start_date") or timezone.localdate(start_at).isoformat(),
        "start_at": data["start_at"],
        "unit": unit,
        "amount": amount,
        "due": data["due"],
        "due_at": data["due_at"],
        "provisional": result.provisional,
        "provisional_years": data.get("provisional_years", []),
        "citation": citation or None,
        "rule": rule,
        "jurisdiction": {"code": region.code, "name": region.full_name()} if region else None,
        "skipped": data.get("skipped", []),
        "makeup_days": data.get("makeup_days", []),
        "explanation": explanation_lines(data),
    }


# The name DESIGN.md uses for "what is the due date for this rule here from this start".
deadline_for = deadline_calculate
