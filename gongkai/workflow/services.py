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
from gongkai.workflow.events import WorkflowEvent

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
from .errors import ReviewAlreadyActive, ReviewUnstaffed
from .models import Review, ReviewEntry, ReviewStep
from .selectors import review_coordinators, review_step_actors
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
    when_unstaffed: str | None = None,
) -> Review:
    """Submit ``target`` for the review named ``template_key`` on behalf of ``agency``.

    Raises ``ReviewAlreadyActive`` if the target already has an active review,
    ``PermissionDenied`` if the actor does not belong to (or oversee) the agency.
    A step with nobody but the submitter to decide it could never be passed. When it is the
    first step, by default (``when_unstaffed`` or the template's setting ``"refuse"``) that
    raises ``ReviewUnstaffed`` and nothing is saved. A later step (whose earlier steps can
    proceed meanwhile: refusing would throw their work away), or any step with ``"flag"``, is
    flagged: the review starts, ``Review.unstaffed_steps`` records the steps (shown on the
    review page), an audit event ``review.unstaffed`` is written and the coordinators
    (``selectors.review_coordinators``) are told, so someone reassigns the step.
    """
    template = registry.get_template(template_key)
    mode = when_unstaffed or template.when_unstaffed
    if mode not in registry.UNSTAFFED_MODES:
        raise ValidationFailed("无效的无人审核处理方式。")
    if not isinstance(target, models.Model) or target.pk is None:
        raise ValidationFailed("审核对象无效（须为已保存的记录）。")
    agency_obj = agency if isinstance(agency, Agency) else Agency.objects.filter(pk=agency).first()
    if agency_obj is None:
        raise NotFound("未找到该单位。")
    permissions.check_start(actor, agency_obj, template, target)
    data = _json_data(data)
    comment = _clean_comment(comment)

    with transaction.atomic():
        now = clock.now()
        review = _start_create_review(actor, target, template, agency_obj, data, now)
        steps = _start_create_steps(review, template, agency_obj)
        unstaffed = _start_check_unstaffed(review, steps, mode)
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
            event=WorkflowEvent.SUBMITTED,
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
        if unstaffed:
            _flag_unstaffed(review, unstaffed, actor)
        _run_hooks(review, ReviewAction.SUBMIT, entry, actor)
        _notify(review, ReviewAction.SUBMIT, entry, steps[0])
    return review


def _start_create_review(actor, target: models.Model, template, agency: Agency, data: dict, now) -> Review:
    """Save the new review, refusing when the target already has an active one."""
    content_type = ContentType.objects.get_for_model(target)
    object_id = str(target.pk)
    existing = Review.objects.filter(content_type=content_type, object_id=object_id, status__in=ACTIVE_STATUSES).first()
    if existing is not None:
        raise ReviewAlreadyActive(detail={"review_id": existing.pk})
    review = Review(
        template_key=template.key,
        template_name=template.name,
        content_type=content_type,
        object_id=object_id,
        target_repr=str(target)[:300],
        agency=agency,
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
    return review


def _start_create_steps(review: Review, template, agency: Agency) -> list[ReviewStep]:
    """One ``ReviewStep`` per template step, each on its own agency (and section, if any)."""
    steps = []
    for index, spec in enumerate(template.steps):
        step_agency = spec.agency(review) if spec.agency is not None else agency
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
    return steps


def _start_check_unstaffed(review: Review, steps: list[ReviewStep], mode: str) -> list[ReviewStep]:
    """Refuse (``mode == "refuse"``) when nobody could decide the first step; otherwise record the
    unstaffed steps on the review and return them (the caller flags them)."""
    unstaffed = [s for s in steps if not review_step_actors(s)]
    if unstaffed and unstaffed[0].index == 0 and mode == "refuse":
        # Nobody could take the first decision: the review would sit untouched. Refuse.
        raise ReviewUnstaffed(
            f"审核步骤{_step_list(unstaffed[:1])}除提交人外没有可以审核的人员，不能提交审核。"
            "请编制单位管理员为该单位配置审核人员（或由政务公开办协调）后再提交。",
            detail={"steps": [s.key for s in unstaffed]},
        )
    if unstaffed:
        review.unstaffed_steps = [s.index for s in unstaffed]
        review.save(update_fields=["unstaffed_steps", "updated_at"])
    return unstaffed


def _step_list(steps: list[ReviewStep]) -> str:
    return "、".join(f"“{s.name}”（{s.agency.name}{s.section.name if s.section_id else ''}）" for s in steps)


def _flag_unstaffed(review: Review, steps: list[ReviewStep], actor) -> None:
    """Say loudly that the review cannot end as it is: audit event and a notice to the coordinators."""
    coordinators = review_coordinators(review)
    audit_log(
        actor=actor,
        event=WorkflowEvent.UNSTAFFED,
        target=_audit_target(review),
        agency_id=review.agency_id,
        data={
            "review": review.pk,
            "steps": [s.name for s in steps],
            "notified": [u.get_username() for u in coordinators],
        },
    )
    if coordinators:
        notify(
            recipients=coordinators,
            subject=f"审核无人可审，请改派：{review.template_name}：{review.target_repr}"[:200],
            body=(
                f"{review.submitted_by_repr} 提交的“{review.target_repr}”（{review.agency.name}）中，"
                f"审核步骤{_step_list(steps)}除提交人外没有可以审核的人员，审核无法完成。"
                "请在审核页面将该步骤改派给有权审核的人员，或为该单位配置审核人员。"
            ),
            link=_review_link(review),
            event=WorkflowEvent.UNSTAFFED,
            dedupe_key=f"review:{review.pk}:unstaffed",
        )


def review_step_reassign(*, actor, review: Review | int, step_index: int, assignee, reason: str) -> ReviewStep:
    """Name the person who decides a step of an active review (the current one or a later one).

    Who may: see ``permissions.check_reassign`` (the unit administrator, the disclosure office
    covering the step, a system administrator). The person must be eligible
    (``permissions.eligible_for_step``: holds one of the step's roles at its agency or above,
    and is not the submitter). Audited as ``review.reassigned``; the person is notified when
    the step is the current one. Clears the step from ``Review.unstaffed_steps``.
    """
    reason = _clean_comment(reason)
    if not reason:
        raise ValidationFailed("请说明改派审核人的理由。", detail={"fields": {"reason": "必填"}})
    with transaction.atomic():
        locked = _lock(review)
        if not locked.is_active:
            raise InvalidTransition("该审核已结束，不能改派审核人。")
        step = (
            locked.steps.select_for_update(of=("self",))
            .select_related("agency", "section", "assignee")
            .filter(index=step_index)
            .first()
        )
        if step is None:
            raise NotFound("未找到该审核步骤。")
        permissions.check_reassign(actor, locked, step)
        if step.index < locked.current_step:
            raise InvalidTransition("该步骤已经通过，不能改派审核人。")
        if assignee is None or not permissions.eligible_for_step(assignee, step):
            roles = "、".join(step.role_labels)
            raise ValidationFailed(
                f"所选人员不能审核“{step.name}”：须为{step.agency.name}或其上级单位的{roles}，且不是提交人。",
                detail={"fields": {"assignee": "无效"}},
            )
        old = step.assignee.get_username() if step.assignee_id else ""
        step.assignee = assignee
        step.save(update_fields=["assignee"])
        if step.index in (locked.unstaffed_steps or []):
            locked.unstaffed_steps = [i for i in locked.unstaffed_steps if i != step.index]
            locked.save(update_fields=["unstaffed_steps", "updated_at"])
        audit_log(
            actor=actor,
            event=WorkflowEvent.REASSIGNED,
            target=_audit_target(locked),
            agency_id=locked.agency_id,
            data={
                "review": locked.pk,
                "step": step.name,
                "reason": reason,
                "old": {"assignee": old},
                "new": {"assignee": assignee.get_username()},
            },
        )
        if step.index == locked.current_step and locked.status == ReviewStatus.IN_PROGRESS:
            notify(
                recipients=[assignee],
                subject=f"待审核：{locked.template_name}：{locked.target_repr}"[:200],
                body=(
                    f"“{locked.target_repr}”（{locked.agency.name}）的“{step.name}”步骤已改派给您审核。\n理由：{reason}"
                ),
                link=_review_link(locked),
                event=WorkflowEvent.PENDING,
                dedupe_key=f"review:{locked.pk}:step:{step.pk}:assigned:{assignee.pk}:{clock.now().isoformat()}",
            )
    if isinstance(review, Review) and review is not locked:
        review.refresh_from_db()
    return step


# --- the one transition service --------------------------------------------------------


def _lock(review: Review | int) -> Review:
    review_id = review.pk if isinstance(review, Review) else review
    locked = Review.objects.select_for_update().filter(pk=review_id).first()
    if locked is None:
        raise NotFound("未找到该审核。")
    return locked


def _check_transition(
    actor, locked: Review, steps: list[ReviewStep], action: str, comment: str, expected_step: int | None
) -> str | None:
    """Refuse a move the review's position, the actor or a missing comment does not allow;
    returns the reviewer's decision the action stands for (None for resubmit and cancel)."""
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
    return decision


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
        decision = _check_transition(actor, locked, steps, action, comment, expected_step)
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
            event=WorkflowEvent.review_event(EVENT_FOR_ACTION[action]),
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
                event=WorkflowEvent.PENDING,
                dedupe_key=f"{dedupe}:pending",
            )
    outcome = {
        ReviewAction.RETURN: ("已被退回修改", WorkflowEvent.RETURNED),
        ReviewAction.REJECT: ("未获通过", WorkflowEvent.REJECTED),
        ReviewAction.COMPLETE: ("已审核通过", WorkflowEvent.APPROVED),
        ReviewAction.CANCEL: ("已被撤销", WorkflowEvent.CANCELLED),
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
