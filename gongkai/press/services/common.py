"""Input helpers shared by the press writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.orgs.models import Agency

# ------------------------------------------------------------------------------------------------
# Input helpers
# ------------------------------------------------------------------------------------------------


def _text(value: Any, label: str, *, required: bool = True, max_length: int | None = None) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。", code="required", detail={"fields": {label: "必填"}})
    if max_length is not None and len(text) > max_length:
        raise ValidationFailed(f"{label}不能超过 {max_length} 个字。", code="too_long")
    return text


def _date(value: Any, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{label}。", code="required")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(f"{label}格式无效（应为 年-月-日）。", code="invalid_date") from None


def _moment(value: Any, label: str, *, required: bool = True) -> dt.datetime | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{label}。", code="required")
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationFailed(f"{label}格式无效。", code="invalid_datetime") from None
    if not isinstance(value, dt.datetime):
        raise ValidationFailed(f"{label}格式无效。", code="invalid_datetime")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _agency(agency: Agency | int) -> Agency:
    if isinstance(agency, Agency):
        return agency
    found = Agency.objects.filter(pk=agency, is_active=True).first()
    if found is None:
        raise NotFound("未找到该单位。")
    return found


def _lock(model, obj) -> Any:
    pk = obj if isinstance(obj, int) else obj.pk
    found = model.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该记录。")
    return found
