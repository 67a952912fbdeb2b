"""Writes of the review engine. Every change goes through ``review_transition`` (or
``review_start`` for the first row): one transaction that locks the review, checks the
move against the transition table and the actor's permission, records the entry,
writes the audit event, runs the owning app's hooks and queues the notifications.
If anything raises — a hook included — nothing of the action is saved.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock, links
from gongkai.core.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.orgs.models import Agency, Section

from . import permissions, registry
from .enums import (
    ACTIVE_STATUSES,
    COMMENT_REQUIRED,
    EVENT_FOR_ACTION,
    FINISHED_STATUSES,
    Decision,
    ResubmitMode,
    ReviewAction,
    ReviewStatus,
)
from .errors import ReviewAlreadyActive
from .models import Review, ReviewEntry, ReviewStep
from .selectors import review_step_actors
from .transitions import next_status

DECISION_FOR_ACTION = {
    ReviewAction.ADVANCE: Decision.APPROVE,
    ReviewAction.COMPLETE: Decision.APPROVE,
    ReviewAction.RETURN: Decision.RETURN,
    ReviewAction.REJECT: Decision.REJECT,
}
COMMENT_MAX = 5000


def _actor_repr(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        name = getattr(actor, "full_name", "") or ""
        return (f"{name}（{actor.get_username()}）" if name else actor.get_username())[:200]
    return "system"


def _json_data(data: dict[str, Any] | None) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationFailed("审核附加数据必须是键值对象。")
    try:
        json.dumps(data)
    except (TypeError, ValueError):
        raise ValidationFailed("审核附加数据格式无效。") from None
    return dict(data)


def _clean_comment(comment: str | None) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationFailed(f"意见不能超过 {COMMENT_MAX} 字。")
    return comment


def _review_link(review: Review) -> str:
    try:
        return links.url_for(review)  # the back office says where (gongkai/backoffice/links.py)
    except links.LinkNotRegistered:  # pragma: no cover - the back office is always installed
        return ""


def _audit_target(review: Review):
    target = review.target
    return target if target is not None else review


def _step_state(review: Review, step: ReviewStep | None) -> dict[str, Any]:
    return {"status": review.status, "step": step.name if step else ""}


# --- start ---------------------------------------------------------------------------


def review_start(
    *,
    actor,
    target: models.Model,
    template_key: str,
    agency: Agency | int,
    data: dict[str, Any] | None = None,
    comment: str = "",
) -> Review:
    """Submit ``target`` for the review named ``template_key`` on behalf of ``agency``.

    Raises ``ReviewAlreadyActive`` if the target already has an active review,
    ``PermissionDenied`` if the actor does not belong to (or oversee) the agency.
    """
    template = registry.get_template(template_key)
    if not isinstance(target, models.Model) or target.pk is None:
        raise ValidationFailed("审核对象无效（须为已保存的记录）。")
    agency_obj = agency if isinstance(agency, Agency) else Agency.objects.filter(pk=agency).first()
    if agency_obj is None:
        raise NotFound("未找到该单位。")
    permissions.check_start(actor, agency_obj, template, target)
    data = _json_data(data)
    comment = _clean_comment(comment)
    content_type = ContentType.objects.get_for_model(target)
    object_id = str(target.pk)

    with transaction.atomic():
        existing = Review.objects.filter(
            content_type=content_type, object_id=object_id, status__in=ACTIVE_STATUSES
        ).first()
        if existing is not None:
            raise ReviewAlreadyActive(detail={"review_id": existing.pk})
        now = clock.now()
        review = Review(
            template_key=template.key,
            template_name=template.name,
            content_type=content_type,
            object_id=object_id,
            target_repr=str(target)[:300],
            agency=agency_obj,
            status=next_status(None, ReviewAction.SUBMIT),
            current_step=0,
            submitted_by=actor,
            submitted_by_repr=_actor_repr(actor),
            submitted_at=now,
            data=data,
        )
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:  # a concurrent start won the race; the constraint refused ours
            raise ReviewAlreadyActive() from None
        steps = []
        for index, spec in enumerate(template.steps):
            step_agency = spec.agency(review) if spec.agency is not None else agency_obj
            if not isinstance(step_agency, Agency):
                step_agency = Agency.objects.get(pk=step_agency)
            step_section = spec.section(review) if spec.section is not None else None
            if step_section is not None and not isinstance(step_section, Section):
                step_section = Section.objects.get(pk=step_section)
            if step_section is not None and step_section.agency_id != step_agency.pk:
                raise ValidationFailed(f"“{step_section}”不属于审核单位“{step_agency.name}”。")
            steps.append(
                ReviewStep.objects.create(
                    review=review,
                    index=index,
                    key=spec.key,
                    name=spec.name,
                    roles=list(spec.roles),
                    agency=step_agency,
                    section=step_section,
                    allow_submitter=spec.allow_submitter,
                )
            )
        entry = ReviewEntry.objects.create(
            review=review,
            step=steps[0],
            action=ReviewAction.SUBMIT,
            from_status="",
            to_status=review.status,
            actor=actor,
            actor_repr=_actor_repr(actor),
            comment=comment,
            data=data,
            created_at=now,
        )
        audit_log(
            actor=actor,
            event="review.submitted",
            target=target,
            agency_id=review.agency_id,
            data={
                "review": review.pk,
                "template": template.key,
                "comment": comment,
                "steps": [f"{s.name}（{s.agency.name}）" for s in steps],
                "old": {},
                "new": _step_state(review, steps[0]),
            },
        )
        _run_hooks(review, ReviewAction.SUBMIT, entry, actor)
        _notify(review, ReviewAction.SUBMIT, entry, steps[0])
    return review


# --- the one transition service --------------------------------------------------------


def _lock(review: Review | int) -> Review:
    review_id = review.pk if isinstance(review, Review) else review
    locked = Review.objects.select_for_update().filter(pk=review_id).first()
    if locked is None:
        raise NotFound("未找到该审核。")
    return locked


def review_transition(
    *,
    actor,
    review: Review | int,
    action: str,
    comment: str = "",
    data: dict[str, Any] | None = None,
    expected_step: int | None = None,
) -> Review:
    """Move a review by ``action`` (a ``ReviewAction``); see the module docstring.

    Prefer the named services (``review_decide``, ``review_resubmit``, ``review_cancel``);
    this is what they call. ``expected_step`` (the step index the actor saw) guards
    against deciding on a step someone else has already moved past.
    """
    comment = _clean_comment(comment)
    with transaction.atomic():
        locked = _lock(review)
        from_status = locked.status
        new_status = next_status(from_status, action)
        steps = list(locked.steps.select_related("agency", "section").order_by("index"))
        step = steps[locked.current_step]
        last_index = len(steps) - 1
        if action == ReviewAction.ADVANCE and locked.current_step >= last_index:
            raise InvalidTransition("这是最后一个审核步骤，通过即审核完成。")
        if action == ReviewAction.COMPLETE and locked.current_step < last_index:
            raise InvalidTransition("还有后续审核步骤，不能直接完成审核。")
        if expected_step is not None and expected_step != locked.current_step:
            raise Conflict("该审核已被他人处理或已发生变化，请刷新页面后重试。")

        decision = DECISION_FOR_ACTION.get(action)
        if decision is not None:
            permissions.check_decide(actor, locked, step)
        elif action == ReviewAction.RESUBMIT:
            permissions.check_resubmit(actor, locked)
        elif action == ReviewAction.CANCEL:
            permissions.check_cancel(actor, locked)

        if decision in COMMENT_REQUIRED and not comment:
            raise ValidationFailed("退回修改或不予通过时必须填写意见。", detail={"fields": {"comment": "必填"}})
        if action == ReviewAction.CANCEL and not comment:
            raise ValidationFailed("撤销审核时必须说明理由。", detail={"fields": {"comment": "必填"}})
        template = registry.find_template(locked.template_key)
        if decision is not None:
            spec = template.step(step.key) if template is not None else None
            entry_data = registry.validate_data(spec, decision, _json_data(data))
        else:
            entry_data = _json_data(data)

        old_state = _step_state(locked, step)
        now = clock.now()
        locked.status = new_status
        if action == ReviewAction.ADVANCE:
            locked.current_step += 1
        elif action == ReviewAction.RESUBMIT:
            mode = template.on_resubmit if template is not None else ResubmitMode.RESUME
            if mode == ResubmitMode.RESTART:
                locked.current_step = 0
        if new_status in FINISHED_STATUSES:
            locked.finished_at = now
        locked.save(update_fields=["status", "current_step", "finished_at", "updated_at"])
        next_step = steps[locked.current_step] if new_status == ReviewStatus.IN_PROGRESS else None

        entry = ReviewEntry.objects.create(
            review=locked,
            step=next_step if action == ReviewAction.RESUBMIT else step,
            action=action,
            from_status=from_status,
            to_status=new_status,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_repr=_actor_repr(actor),
            comment=comment,
            data=entry_data,
            created_at=now,
        )
        audit_log(
            actor=actor,
            event=f"review.{EVENT_FOR_ACTION[action]}",
            target=_audit_target(locked),
            agency_id=locked.agency_id,
            data={
                "review": locked.pk,
                "template": locked.template_key,
                "step": step.name,
                "comment": comment,
                "data": entry_data,
                "old": old_state,
                "new": _step_state(locked, next_step),
            },
        )
        _run_hooks(locked, action, entry, actor)
        _notify(locked, action, entry, next_step)
    if isinstance(review, Review) and review is not locked:
        review.refresh_from_db()
    return locked


# --- the named services ------------------------------------------------------------------


def review_decide(
    *,
    actor,
    review: Review | int,
    decision: str,
    comment: str = "",
    data: dict[str, Any] | None = None,
    expected_step: int | None = None,
) -> Review:
    """Approve, return (退回修改) or reject the review's current step.

    Approval moves to the next step, or completes the review at the last step (the
    template's ``approved`` hooks run then). Return and reject need a comment.
    """
    if decision not in Decision.values:
        raise ValidationFailed("请选择审核结论：通过、退回修改或不予通过。", detail={"fields": {"decision": "无效"}})
    with transaction.atomic():
        locked = _lock(review)
        if decision == Decision.APPROVE:
            is_last = locked.current_step >= locked.steps.count() - 1
            action = ReviewAction.COMPLETE if is_last else ReviewAction.ADVANCE
        elif decision == Decision.RETURN:
            action = ReviewAction.RETURN
        else:
            action = ReviewAction.REJECT
        result = review_transition(
            actor=actor, review=locked, action=action, comment=comment, data=data, expected_step=expected_step
        )
    if isinstance(review, Review):
        review.refresh_from_db()
    return result


def review_resubmit(*, actor, review: Review | int, comment: str = "", data: dict[str, Any] | None = None) -> Review:
    """The submitter sends a returned review back after revising the target.

    By default the review resumes at the step that returned it; a template with
    ``on_resubmit=ResubmitMode.RESTART`` starts again from the first step.
    """
    return review_transition(actor=actor, review=review, action=ReviewAction.RESUBMIT, comment=comment, data=data)


def review_cancel(*, actor, review: Review | int, reason: str) -> Review:
    """Withdraw an active review (submitter, unit administrator, or system administrator)."""
    return review_transition(actor=actor, review=review, action=ReviewAction.CANCEL, comment=reason)


# --- hooks and notifications ------------------------------------------------------------


def _run_hooks(review: Review, action: str, entry: ReviewEntry, actor) -> None:
    for handler in registry.hooks_for(review.template_key, EVENT_FOR_ACTION[action]):
        handler(review=review, entry=entry, actor=actor)


def _notify(review: Review, action: str, entry: ReviewEntry, next_step: ReviewStep | None) -> None:
    link = _review_link(review)
    title = f"{review.template_name}：{review.target_repr}"
    dedupe = f"review:{review.pk}:entry:{entry.pk}"
    if next_step is not None and action in (ReviewAction.SUBMIT, ReviewAction.ADVANCE, ReviewAction.RESUBMIT):
        recipients = review_step_actors(next_step)
        if recipients:
            notify(
                recipients=recipients,
                subject=f"待审核：{title}"[:200],
                body=(
                    f"{review.submitted_by_repr} 提交的“{review.target_repr}”（{review.agency.name}）"
                    f"已到“{next_step.name}”步骤，请审核。"
                ),
                link=link,
                event="review.pending",
                dedupe_key=f"{dedupe}:pending",
            )
    outcome = {
        ReviewAction.RETURN: ("已被退回修改", "review.returned"),
        ReviewAction.REJECT: ("未获通过", "review.rejected"),
        ReviewAction.COMPLETE: ("已审核通过", "review.approved"),
        ReviewAction.CANCEL: ("已被撤销", "review.cancelled"),
    }.get(action)
    submitter = review.submitted_by
    if outcome is None or submitter is None or not submitter.is_active:
        return
    if action == ReviewAction.CANCEL and entry.actor_id == submitter.pk:
        return  # the submitter withdrew it themselves
    phrase, event = outcome
    step_name = entry.step.name if entry.step else ""
    body = f"您提交的“{review.target_repr}”在“{step_name}”步骤{phrase}。"
    if entry.comment:
        body += f"\n意见：{entry.comment}"
    notify(
        recipients=[submitter],
        subject=f"{title} {phrase}"[:200],
        body=body,
        link=link,
        event=event,
        dedupe_key=f"{dedupe}:submitter",
    )
