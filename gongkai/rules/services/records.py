"""Writes of rule records (dated, cited values of the rule keys)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log, changes
from gongkai.core.errors import Conflict, NotFound, ValidationFailed
from gongkai.rules.events import RulesEvent

from .. import permissions, selectors
from ..models import RuleRecord
from ..regions import JurisdictionLike, resolve_jurisdiction
from ..registry import get_rule_spec, validate_value
from ..workdays import MAX_DATE, MIN_DATE, check_date
from .calendar import _calendar_changed

_UNSET: Any = object()

# =====================================================================================
# Rule records
# =====================================================================================


def _check_period(effective_from: dt.date, effective_to: dt.date | None) -> None:
    if not isinstance(effective_from, dt.date):
        raise ValidationFailed("请填写生效日期。")
    check_date(effective_from, "生效日期")
    if effective_to is not None:
        check_date(effective_to, "有效期至")
        if effective_to < effective_from:
            raise ValidationFailed("“有效期至”不能早于生效日期。")


def _check_no_overlap(*, key, jurisdiction, effective_from, effective_to, exclude_id=None) -> None:
    # Lock the key's records so two concurrent writers cannot both pass the check.
    list(RuleRecord.objects.select_for_update(of=("self",)).order_by("pk").filter(key=key).values_list("pk", flat=True))
    overlaps = selectors.rule_record_overlaps(
        key=key,
        jurisdiction=jurisdiction,
        effective_from=effective_from,
        effective_to=effective_to,
        exclude_id=exclude_id,
    )
    if overlaps:
        other = overlaps[0]
        until = other.effective_to.isoformat() if other.effective_to else "长期"
        raise Conflict(
            f"与已有规则记录的有效期重叠（{other.effective_from.isoformat()} 至 {until}，{other.citation}）。"
            "请先结束原记录，或调整生效日期。",
            detail={"overlaps": [o.pk for o in overlaps]},
        )


def _record_snapshot(record: RuleRecord) -> dict[str, Any]:
    return {
        "key": record.key,
        "jurisdiction": record.jurisdiction.code if record.jurisdiction_id else None,
        "value": record.value,
        "effective_from": record.effective_from,
        "effective_to": record.effective_to,
        "citation": record.citation,
        "note": record.note,
    }


def _after_rule_change(actor, record: RuleRecord) -> None:
    """Rules that shape the calendar (the statutory holidays of computed years) bump it."""
    if record.key == "calendar.statutory_holidays":
        _calendar_changed(
            actor=actor,
            first=max(record.effective_from, MIN_DATE),
            last=min(record.effective_to or MAX_DATE, MAX_DATE),
            reason="法定节日规则变更",
        )


def rule_record_create(
    *,
    actor,
    key: str,
    jurisdiction: JurisdictionLike = None,
    value: Any,
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    citation: str,
    note: str = "",
) -> RuleRecord:
    get_rule_spec(key)
    region = resolve_jurisdiction(jurisdiction)
    permissions.require_rule_editor(actor, region)
    value = validate_value(key, value)
    _check_period(effective_from, effective_to)
    citation = (citation or "").strip()
    if not citation:
        raise ValidationFailed("请填写依据（文件文号及条款）。")
    with transaction.atomic():
        _check_no_overlap(key=key, jurisdiction=region, effective_from=effective_from, effective_to=effective_to)
        record = RuleRecord.objects.create(
            key=key,
            jurisdiction=region,
            value=value,
            effective_from=effective_from,
            effective_to=effective_to,
            citation=citation[:300],
            note=(note or "").strip(),
        )
        audit_log(actor=actor, event=RulesEvent.RULE_CREATED, target=record, data={"new": _record_snapshot(record)})
        _after_rule_change(actor, record)
    return record


def rule_record_update(
    *,
    actor,
    record: RuleRecord,
    value: Any = _UNSET,
    effective_from: dt.date = _UNSET,
    effective_to: dt.date | None = _UNSET,
    citation: str = _UNSET,
    note: str = _UNSET,
) -> RuleRecord:
    """Correct a record. Key and jurisdiction are fixed: a new value from a date is a new record."""
    permissions.require_rule_editor(actor, record.jurisdiction)
    new: dict[str, Any] = {}
    if value is not _UNSET:
        new["value"] = validate_value(record.key, value)
    if effective_from is not _UNSET:
        new["effective_from"] = effective_from
    if effective_to is not _UNSET:
        new["effective_to"] = effective_to
    if citation is not _UNSET:
        citation = (citation or "").strip()
        if not citation:
            raise ValidationFailed("请填写依据（文件文号及条款）。")
        new["citation"] = citation[:300]
    if note is not _UNSET:
        new["note"] = (note or "").strip()
    start = new.get("effective_from", record.effective_from)
    end = new.get("effective_to", record.effective_to)
    _check_period(start, end)
    with transaction.atomic():
        locked = RuleRecord.objects.select_for_update(of=("self",)).order_by("pk").get(pk=record.pk)
        _check_no_overlap(
            key=locked.key,
            jurisdiction=locked.jurisdiction,
            effective_from=start,
            effective_to=end,
            exclude_id=locked.pk,
        )
        diff = changes(locked, list(new), new)
        if not diff["new"]:
            return locked
        for name, val in new.items():
            setattr(locked, name, val)
        locked.save()
        audit_log(actor=actor, event=RulesEvent.RULE_UPDATED, target=locked, data=diff)
        _after_rule_change(actor, locked)
    return locked


def rule_record_end(*, actor, record: RuleRecord, last_day: dt.date) -> RuleRecord:
    """End a record: ``last_day`` is its last day in force."""
    if not isinstance(last_day, dt.date):
        raise ValidationFailed("请填写最后有效日期。")
    if last_day < record.effective_from:
        raise ValidationFailed("最后有效日期不能早于生效日期。")
    return rule_record_update(actor=actor, record=record, effective_to=last_day)


def rule_record_delete(*, actor, record: RuleRecord) -> None:
    """Remove a record entered by mistake (a superseded rule is ended, not deleted)."""
    permissions.require_rule_editor(actor, record.jurisdiction)
    with transaction.atomic():
        locked = RuleRecord.objects.select_for_update(of=("self",)).order_by("pk").filter(pk=record.pk).first()
        if locked is None:
            raise NotFound("未找到该规则记录。")
        snapshot = _record_snapshot(locked)
        audit_log(actor=actor, event=RulesEvent.RULE_DELETED, target=locked, data={"old": snapshot})
        locked.delete()
        if snapshot["key"] == "calendar.statutory_holidays":
            _calendar_changed(actor=actor, first=MIN_DATE, last=MAX_DATE, reason="法定节日规则变更")
