"""Expert library (R1.5): experts, their contact details and their use on a policy."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.foi import interface as foi_interface
from gongkai.orgs.models import Agency

from .. import permissions
from ..enums import (
    ExpertUseKind,
)
from ..events import PolicyEvent
from ..models import (
    Expert,
    ExpertUse,
    Policy,
)
from .common import _require_drafter, _text
from .release import _serves

# --- Expert library (R1.5) ------------------------------------------------------------------------------


def expert_save(
    *,
    actor,
    agency: Agency,
    name: str,
    field: str,
    affiliation: str,
    title: str = "",
    contact: str = "",
    filed_on: dt.date | None = None,
    is_active: bool = True,
    expert: Expert | None = None,
) -> Expert:
    if not permissions.can_manage_experts(actor, agency):
        raise PermissionDenied(_("您不能维护该单位的专家库。"))
    values = {
        "name": _text(name, _("姓名"), max_length=50),
        "field": _text(field, _("专业领域"), max_length=200),
        "affiliation": _text(affiliation, _("工作单位"), max_length=200),
        "title": _text(title, _("职务职称"), required=False, max_length=100),
        "filed_on": filed_on,
        "is_active": bool(is_active),
    }
    if filed_on is not None and filed_on > clock.today():
        raise ValidationFailed(_("备案日期不能晚于今天。"))
    with transaction.atomic():
        if expert is None:
            expert = Expert(agency=agency)
        elif expert.agency_id != agency.pk:
            raise ValidationFailed(_("专家不属于该单位的专家库。"))
        for k, v in values.items():
            setattr(expert, k, v)
        contact = (contact or "").strip()[:100]
        if contact:
            expert.contact_enc = foi_interface.encrypt_text(contact, "policy_expert_contact")
            expert.contact_masked = (
                foi_interface.mask_email(contact) if "@" in contact else foi_interface.mask_phone(contact)
            )
        expert.save()
        audit_log(
            actor=actor,
            event=PolicyEvent.EXPERT_SAVED,
            target=expert,
            data={"new": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}},
        )
    return expert


def expert_contact(*, actor, expert: Expert) -> str:
    """The full contact of an expert (those who manage the library; every look is audited)."""
    if not permissions.can_manage_experts(actor, expert.agency_id):
        raise PermissionDenied(_("您不能查看该专家的完整联系方式。"))
    with transaction.atomic():
        audit_log(actor=actor, event=PolicyEvent.EXPERT_CONTACT_VIEWED, target=expert, data={})
    return foi_interface.decrypt_text(expert.contact_enc, "policy_expert_contact") if expert.contact_enc else ""


def expert_use_record(*, actor, expert: Expert, policy: Policy, kind: str, note: str = "") -> ExpertUse:
    _require_drafter(actor, policy)
    if kind not in ExpertUseKind.values:
        raise ValidationFailed(_("请选择参与方式。"))
    if not _serves(expert, policy):
        raise ValidationFailed(_("该专家不在本单位或上级单位的专家库中。"))
    with transaction.atomic():
        use = ExpertUse.objects.create(
            expert=expert, policy=policy, kind=kind, note=(note or "")[:300], recorded_by=actor
        )
        audit_log(actor=actor, event=PolicyEvent.EXPERT_USED, target=policy, data={"expert": expert.pk, "kind": kind})
    return use
