"""Drafts: create and edit a policy document while it is editable."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.catalog import interface as catalog_interface
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.orgs.models import Agency

from ..enums import (
    InterpretationForm,
    PolicyKind,
)
from ..events import PolicyEvent
from ..models import (
    Policy,
)
from ..transitions import EDITABLE
from .common import _lock, _require_drafter, _text

# --- Drafts ---------------------------------------------------------------------------------------

DRAFT_FIELDS = ("title", "draft_text", "explanation", "basis", "show_comments")
SUBMISSION_FIELDS = (
    "disclosure_attribute",
    "attribute_reason",
    "plan_outline",
    "plan_forms",
    "plan_channels",
    "plan_timing",
    "plan_background",
    "plan_none_needed",
    "plan_none_reason",
    "materials",
    "consultation_record",
    "major_revision",
)


def _clean_fields(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    unknown = set(values) - set(DRAFT_FIELDS) - set(SUBMISSION_FIELDS) - {"kind"}
    if unknown:
        raise ValidationFailed(_("未知字段：%(f)s。") % {"f": "、".join(sorted(unknown))})
    labels = {
        "title": _("文件名称"),
        "draft_text": _("草案正文"),
        "explanation": _("起草说明"),
    }
    for name, value in values.items():
        if name in ("show_comments", "plan_none_needed", "major_revision"):
            out[name] = bool(value)
        elif name == "kind":
            if value not in PolicyKind.values:
                raise ValidationFailed(_("请选择文件类型（规范性文件或重大行政决策）。"))
            out[name] = value
        elif name == "plan_forms":
            forms = [f for f in (value or []) if f]
            if any(f not in InterpretationForm.values for f in forms):
                raise ValidationFailed(_("解读形式无效。"))
            out[name] = forms
        elif name == "disclosure_attribute":
            allowed = [v for v, _label in catalog_interface.attribute_choices()]
            if value and value not in allowed:
                raise ValidationFailed(_("公开属性无效。"))
            out[name] = value or ""
        elif name in labels:
            out[name] = _text(value, labels[name], max_length=300 if name == "title" else 50000)
        else:
            out[name] = _text(value, name, required=False, max_length=20000)
    return out


def policy_create(
    *, actor, agency: Agency, kind: str, title: str, draft_text: str, explanation: str, **extra
) -> Policy:
    _require_drafter(actor, agency)
    values = _clean_fields(
        {"kind": kind, "title": title, "draft_text": draft_text, "explanation": explanation, **extra}
    )
    with transaction.atomic():
        policy = Policy.objects.create(agency=agency, created_by=actor, **values)
        audit_log(actor=actor, event=PolicyEvent.DRAFT_CREATED, target=policy, data={"new": {"title": policy.title}})
    return policy


def policy_update(*, actor, policy: Policy, **values) -> Policy:
    _require_drafter(actor, policy)
    cleaned = _clean_fields(values)
    with transaction.atomic():
        locked = _lock(policy)
        if locked.state not in EDITABLE:
            raise InvalidTransition(_("政策文件当前状态为“%(s)s”，不能修改。") % {"s": locked.get_state_display()})
        if locked.consultation_starts_on and "kind" in cleaned and cleaned["kind"] != locked.kind:
            raise ValidationFailed(_("草案已公开征求意见，不能再改变文件类型。"))
        old = {k: getattr(locked, k) for k in cleaned}
        for k, v in cleaned.items():
            setattr(locked, k, v)
        locked.save()
        changed = {k: v for k, v in cleaned.items() if old[k] != v}
        audit_log(
            actor=actor,
            event=PolicyEvent.DRAFT_UPDATED,
            target=locked,
            data={"old": {k: old[k] for k in changed}, "new": changed},
        )
    return locked
