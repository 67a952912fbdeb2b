"""The context an action step runs in, and the readers of its typed inputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from gongkai.core.errors import ValidationFailed

from ..models import (
    Application,
)
from .inputs import _text

# =====================================================================================
# The one transition service
# =====================================================================================


@dataclass
class _Ctx:
    actor: Any
    app: Application
    inputs: Any  # the action's typed inputs (actions.py), parsed by the registry
    now: dt.datetime
    applicant: bool
    note: str = ""
    public_note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


# --- action steps (run inside the transition's transaction, before the status changes) --------


def _param_text(ctx: _Ctx, name: str, what: str, *, required: bool = True, limit: int = 4000) -> str:
    value = _text(getattr(ctx.inputs, name, None), limit)
    if required and not value:
        raise ValidationFailed(f"请填写{what}。")
    return value


def _param_date(ctx: _Ctx, name: str, what: str, *, required: bool = True) -> dt.date | None:
    value = getattr(ctx.inputs, name, None)
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{what}。")
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationFailed(f"{what}格式应为 YYYY-MM-DD。") from None
    if value > timezone.localdate(ctx.now):
        raise ValidationFailed(f"{what}不能晚于今天。")
    return value
