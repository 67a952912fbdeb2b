"""Submission for legality review and 退文 (R2.9, R7.1), the sign-off review hooks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.catalog import interface as catalog_interface
from gongkai.core import clock, links
from gongkai.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.rules import selectors as rule_selectors
from gongkai.rules import services as rule_services

from .. import permissions
from .. import rules as policy_rules
from ..enums import (
    PolicyAction,
    PolicyState,
    ReportState,
    SubmissionOutcome,
)
from ..events import PolicyEvent
from ..models import (
    AdoptionReport,
    Policy,
    Submission,
)
from .common import _lock, _require_drafter, _text, policy_transition
from .drafts import SUBMISSION_FIELDS

# --- Submission and 退文 (R2.9, R7.1) ------------------------------------------------------------------


def submission_problems(policy: Policy) -> list[str]:
    """Each missing part of a submission, with the reason it is returned (seed 002 二(二), R2.9)."""
    problems: list[str] = []
    labels = dict(catalog_interface.attribute_choices())
    if not policy.disclosure_attribute:
        problems.append(_("未标明公开属性（主动公开、依申请公开或不予公开）。"))
    elif policy.disclosure_attribute != "active" and not policy.attribute_reason.strip():
        problems.append(
            _("公开属性为“%(a)s”，未说明理由。")
            % {"a": labels.get(policy.disclosure_attribute, policy.disclosure_attribute)}
        )
    if policy.plan_none_needed:
        if not policy.plan_none_reason.strip():
            problems.append(_("解读方案称无需解读，但未说明理由。"))
    else:
        parts = [
            ("plan_outline", _("解读方案缺少解读提纲。")),
            ("plan_forms", _("解读方案未确定解读形式。")),
            ("plan_channels", _("解读方案未确定发布渠道。")),
            ("plan_timing", _("解读方案未确定发布时机。")),
            ("plan_background", _("解读方案缺少背景资料和数据。")),
            ("materials", _("未附解读材料。")),
        ]
        for name, message in parts:
            value = getattr(policy, name)
            if not (value.strip() if isinstance(value, str) else value):
                problems.append(message)
        if not policy.interpretations.filter(is_followup=False).exists():
            problems.append(_("未附解读稿（随文件一并审签、同步发布的解读）。"))
    if policy.consultation_starts_on:
        report = AdoptionReport.objects.filter(policy=policy).first()
        if report is None or report.state != ReportState.PUBLISHED:
            problems.append(_("征求意见的采纳情况尚未公布。"))
    elif not policy.consultation_record.strip():
        problems.append(_("未附征求意见情况（未公开征求意见的，须说明理由）。"))
    return problems


def _snapshot(policy: Policy) -> dict[str, Any]:
    return {name: getattr(policy, name) for name in SUBMISSION_FIELDS} | {"title": policy.title}


def policy_submit(*, actor, policy: Policy) -> Submission:
    """Submit the 代拟稿 to the government office. A submission missing any part is returned at once
    (退文) with a reason for each missing part."""
    _require_drafter(actor, policy)
    with transaction.atomic():
        locked = _lock(policy)
        if locked.state not in (PolicyState.DRAFTING, PolicyState.CONSULTATION_CLOSED, PolicyState.RETURNED):
            raise InvalidTransition(_("政策文件当前状态为“%(s)s”，不能报送。") % {"s": locked.get_state_display()})
        number = locked.submissions.count() + 1
        problems = submission_problems(locked)
        submission = Submission.objects.create(
            policy=locked, number=number, submitted_by=actor, snapshot=_snapshot(locked)
        )
        audit_log(actor=actor, event=PolicyEvent.SUBMISSION_MADE, target=locked, data={"number": number})
        if problems:
            submission.outcome, submission.reasons, submission.decided_at = (
                SubmissionOutcome.RETURNED,
                problems,
                clock.now(),
            )
            submission.save()
            policy_transition(
                actor=None, policy=locked, action=PolicyAction.AUTO_RETURN, data={"reasons": problems}, system=True
            )
            audit_log(actor=None, event=PolicyEvent.SUBMISSION_RETURNED, target=locked, data={"reasons": problems})
            _tell_submitter(submission, _("退文：%(t)s") % {"t": locked.title}, "\n".join(problems))
        else:
            policy_transition(actor=actor, policy=locked, action=PolicyAction.SUBMIT)
    return submission


def _tell_submitter(submission: Submission, subject: str, body: str) -> None:
    notify(
        recipients=[submission.submitted_by],
        subject=subject[:200],
        body=body,
        link=links.url_for(submission.policy),
        event=PolicyEvent.SUBMISSION_RETURNED,
    )


def _pending_submission(policy: Policy) -> Submission:
    submission = policy.submissions.filter(outcome=SubmissionOutcome.PENDING).order_by("-number").first()
    if submission is None:
        raise NotFound(_("没有待受理的报送。"))
    return submission


def submission_return(*, actor, policy: Policy, reason: str) -> Submission:
    """The government office returns the submission (退文) with its reason."""
    if not permissions.can_review_submission(actor, policy):
        raise PermissionDenied(_("只有政府办公室（政务公开办）可以退文。"))
    reason = _text(reason, _("退文理由"), max_length=2000)
    with transaction.atomic():
        locked = _lock(policy)
        submission = _pending_submission(locked)
        policy_transition(actor=actor, policy=locked, action=PolicyAction.RETURN, data={"reasons": [reason]})
        submission.outcome, submission.reasons = SubmissionOutcome.RETURNED, [reason]
        submission.decided_by, submission.decided_at = actor, clock.now()
        submission.save()
        audit_log(actor=actor, event=PolicyEvent.SUBMISSION_RETURNED, target=locked, data={"reasons": [reason]})
        _tell_submitter(submission, _("退文：%(t)s") % {"t": locked.title}, reason)
    return submission


def submission_accept(*, actor, policy: Policy, meeting_on: dt.date | None = None) -> Policy:
    """The government office accepts the submission and sends document and interpretation into 同步审签."""
    from gongkai.workflow.selectors import review_active_for
    from gongkai.workflow.services import review_resubmit, review_start

    from ..reviews import SIGNOFF_TEMPLATE

    if not permissions.can_review_submission(actor, policy):
        raise PermissionDenied(_("只有政府办公室（政务公开办）可以受理报送。"))
    with transaction.atomic():
        locked = _lock(policy)
        submission = _pending_submission(locked)
        problems = submission_problems(locked)
        if problems:
            raise ValidationFailed(_("报送材料不全，应退文：") + "".join(problems))
        policy_transition(actor=actor, policy=locked, action=PolicyAction.ACCEPT)
        if meeting_on is not None:
            locked.meeting_on = meeting_on
            locked.save(update_fields=["meeting_on", "updated_at"])
        submission.outcome, submission.decided_by, submission.decided_at = (
            SubmissionOutcome.ACCEPTED,
            actor,
            clock.now(),
        )
        submission.save()
        audit_log(actor=actor, event=PolicyEvent.SUBMISSION_ACCEPTED, target=locked, data={"number": submission.number})
        # The drafting unit's submitter is the review's submitter: the office's own staff decide its first step.
        submitter = submission.submitted_by
        review = review_active_for(locked)
        if review is not None:
            review_resubmit(actor=submitter, review=review)
        else:
            review_start(actor=submitter, target=locked, template_key=SIGNOFF_TEMPLATE, agency=locked.agency)
    return locked


def signoff_approved(*, policy: Policy, actor) -> None:
    """同步审签 approved: the issue period runs from the meeting (or the sign-off) date."""
    locked = _lock(policy)
    policy_transition(actor=actor, policy=locked, action=PolicyAction.SIGNOFF_APPROVED, system=True)
    start = locked.meeting_on or clock.today()
    key = policy_rules.ISSUE_PERIOD_MAJOR_REVISION if locked.major_revision else policy_rules.ISSUE_PERIOD
    if rule_selectors.rule_value_or_none(key, locked.agency.region, start) is not None:
        locked.issue_deadline = rule_services.deadline_start(
            actor=None,
            target=locked,
            agency=locked.agency,
            rule_key=key,
            start=start,
            title=f"印发：{locked.title}"[:200],
        )
        locked.save(update_fields=["issue_deadline", "updated_at"])


def signoff_returned(*, policy: Policy, comment: str, actor) -> None:
    locked = _lock(policy)
    policy_transition(
        actor=actor, policy=locked, action=PolicyAction.SIGNOFF_RETURNED, data={"reasons": [comment]}, system=True
    )
    last = locked.submissions.order_by("-number").first()
    if last is not None:
        last.outcome, last.reasons = SubmissionOutcome.RETURNED, [comment or _("审签退回")]
        last.decided_by, last.decided_at = actor, clock.now()
        last.save()
        _tell_submitter(last, _("审签退回：%(t)s") % {"t": locked.title}, comment or "")
    audit_log(actor=actor, event=PolicyEvent.SUBMISSION_RETURNED, target=locked, data={"reasons": [comment]})
