"""Interpretations and release (R7.1, R7.2): the document and its interpretations are published through
the catalogue's publication review.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.catalog import interface as catalog_interface
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed

from ..enums import (
    ExpertUseKind,
    InterpretationForm,
    InterpretationState,
    PolicyAction,
    PolicyState,
)
from ..events import PolicyEvent
from ..models import (
    Expert,
    ExpertUse,
    Interpretation,
    Policy,
)
from ..transitions import EDITABLE
from .common import _lock, _require_drafter, _text, policy_transition
from .consultation import _close_clock

# --- Interpretations and release (R7.1, R7.2) ------------------------------------------------------------


def _check_interpretation(
    policy: Policy, form: str, title: str, body: str, link_url: str, expert: Expert | None
) -> dict:
    if form not in InterpretationForm.values:
        raise ValidationFailed(_("请选择解读形式。"))
    title = _text(title, _("解读标题"), max_length=300)
    body = _text(body, _("解读内容"), required=False)
    link_url = (link_url or "").strip()[:200]
    if not body and not link_url:
        raise ValidationFailed(_("请填写解读内容，或给出图解、访谈、发布会的链接。"))
    if form == InterpretationForm.EXPERT and expert is None:
        raise ValidationFailed(_("专家解读须选择解读专家。"))
    if expert is not None and not _serves(expert, policy):
        raise ValidationFailed(_("该专家不在本单位或上级单位的专家库中。"))
    return {"form": form, "title": title, "body": body, "link_url": link_url, "expert": expert}


def _serves(expert: Expert, policy: Policy) -> bool:
    from ..selectors import library_agency_ids

    return expert.is_active and expert.agency_id in library_agency_ids(policy)


def interpretation_add(
    *, actor, policy: Policy, form: str, title: str, body: str = "", link_url: str = "", expert: Expert | None = None
) -> Interpretation:
    """An interpretation drafted with the document (released with it), or — after release — a follow-up
    interpretation that goes through its own review before it is published."""
    from gongkai.workflow.services import review_start

    from ..reviews import FOLLOWUP_TEMPLATE

    _require_drafter(actor, policy)
    values = _check_interpretation(policy, form, title, body, link_url, expert)
    followup = policy.state == PolicyState.RELEASED
    if not followup and policy.state not in EDITABLE:
        raise InvalidTransition(_("文件报送后、印发前不能增加解读；印发后可增加后续解读。"))
    with transaction.atomic():
        row = Interpretation.objects.create(policy=policy, created_by=actor, is_followup=followup, **values)
        if expert is not None:
            ExpertUse.objects.create(
                expert=expert, policy=policy, kind=ExpertUseKind.INTERPRETATION, note=row.title[:300], recorded_by=actor
            )
        audit_log(
            actor=actor,
            event=PolicyEvent.INTERPRETATION_SAVED,
            target=row,
            data={"new": {"form": form, "title": row.title}},
        )
        if followup:
            row.state = InterpretationState.IN_REVIEW
            row.save(update_fields=["state", "updated_at"])
            review_start(actor=actor, target=row, template_key=FOLLOWUP_TEMPLATE, agency=policy.agency)
    return row


def interpretation_remove(*, actor, interpretation: Interpretation) -> None:
    _require_drafter(actor, interpretation.policy)
    if interpretation.policy.state not in EDITABLE or interpretation.state != InterpretationState.DRAFT:
        raise InvalidTransition(_("该解读已进入审签或已发布，不能删除。"))
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=PolicyEvent.INTERPRETATION_SAVED,
            target=interpretation.policy,
            data={"removed": interpretation.pk},
        )
        interpretation.delete()


def followup_published(*, interpretation: Interpretation, actor) -> None:
    interpretation.state, interpretation.published_at = InterpretationState.PUBLISHED, clock.now()
    interpretation.save()
    audit_log(actor=actor, event=PolicyEvent.INTERPRETATION_PUBLISHED, target=interpretation, data={"followup": True})


def followup_returned(*, interpretation: Interpretation, actor) -> None:
    interpretation.state = InterpretationState.RETURNED
    interpretation.save()


def release_problems(policy: Policy) -> list[str]:
    """No document is released without its interpretation, unless the plan says none is needed, with a reason."""
    problems = []
    if policy.plan_none_needed:
        if not policy.plan_none_reason.strip():
            problems.append(_("解读方案称无需解读，但未说明理由，不能印发。"))
    elif not policy.interpretations.filter(is_followup=False).exists():
        problems.append(_("没有随文件同步发布的解读，不能印发。"))
    return problems


def policy_issue(*, actor, policy: Policy, document_number: str, issued_on: dt.date, keywords: str) -> Policy:
    """Issue the signed document: an actively disclosed one goes into the catalogue's publication review,
    and its interpretations are published when the catalogue publishes it (``on_catalog_published``)."""
    _require_drafter(actor, policy)
    document_number = _text(document_number, _("文号"), max_length=100)
    if issued_on > clock.today():
        raise ValidationFailed(_("印发日期不能晚于今天。"))
    problems = release_problems(policy)
    if problems:
        raise ValidationFailed("".join(problems), code="interpretation_missing")
    with transaction.atomic():
        locked = _lock(policy)
        policy_transition(
            actor=actor, policy=locked, action=PolicyAction.ISSUE, data={"document_number": document_number}
        )
        locked.document_number, locked.issued_on = document_number, issued_on
        _close_clock(locked.issue_deadline)
        locked.save()
        if locked.disclosure_attribute == "active":
            body = f"{locked.draft_text}\n\n政策解读：{_policy_url(locked)}"
            locked.catalog_item_id = catalog_interface.submit_document_for_publication(
                actor=actor,
                agency_id=locked.agency_id,
                title=locked.title,
                document_number=document_number,
                produced_on=issued_on,
                body_text=body,
                keywords=_text(keywords, _("关键词"), max_length=200),
                description=locked.explanation[:500],
            )
            locked.save(update_fields=["catalog_item_id", "updated_at"])
        else:
            # Not actively disclosed: nothing is published; the lifecycle ends with the issue.
            policy_transition(actor=actor, policy=locked, action=PolicyAction.RELEASE_PUBLISHED, system=True)
    return locked


def _policy_url(policy: Policy) -> str:
    return f"/policies/{policy.pk}/"


def on_catalog_published(*, item_id: int, url: str) -> None:
    """The catalogue published an item: if it is a policy's document, publish its interpretations at the
    same moment (same transaction) and link both ways."""
    policy = Policy.objects.select_for_update().filter(catalog_item_id=item_id, state=PolicyState.RELEASING).first()
    if policy is None:
        return
    now = clock.now()
    policy.catalog_url, policy.released_at = url, now
    policy.save(update_fields=["catalog_url", "released_at", "updated_at"])
    policy_transition(
        actor=None, policy=policy, action=PolicyAction.RELEASE_PUBLISHED, data={"catalog_item": item_id}, system=True
    )
    for row in policy.interpretations.filter(is_followup=False):
        row.state, row.published_at = InterpretationState.PUBLISHED, now
        row.save(update_fields=["state", "published_at", "updated_at"])
        audit_log(actor=None, event=PolicyEvent.INTERPRETATION_PUBLISHED, target=row, data={"catalog_item": item_id})
