"""Grouping the comments, deciding on each group and the adoption report (its publication review
hooks).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.opinion import interface as opinion_interface

from ..enums import (
    AdoptionDecision,
    CommentStatus,
    PolicyState,
    ReportState,
)
from ..events import PolicyEvent
from ..models import (
    AdoptionReport,
    Comment,
    CommentGroup,
    Policy,
)
from .common import _require_drafter, _text

# --- Grouping and adoption ----------------------------------------------------------------------------


def _after_consultation(policy: Policy) -> None:
    if policy.state in (PolicyState.DRAFTING, PolicyState.CONSULTING):
        raise InvalidTransition(_("征求意见结束后才能归类意见、决定采纳情况。"))


def comments_group(*, actor, policy: Policy) -> int:
    """Group the ungrouped, accepted comments: by article, joining a group that already holds the same
    or a near-duplicate text (the opinion module's signatures), else a new group named after the text.
    Returns the number of comments grouped."""
    _require_drafter(actor, policy)
    _after_consultation(policy)
    count = 0
    with transaction.atomic():
        pending = policy.comments.filter(group__isnull=True).exclude(
            status__in=[CommentStatus.REJECTED, CommentStatus.PENDING]
        )
        for comment in pending.order_by("id"):
            sig = opinion_interface.text_signature(comment.body)
            key = opinion_interface.text_key(comment.body)
            target = None
            for other in policy.comments.filter(group__isnull=False, group__article=comment.article).select_related(
                "group"
            ):
                if (key and opinion_interface.text_key(other.body) == key) or opinion_interface.near_duplicate(
                    sig, opinion_interface.text_signature(other.body)
                ):
                    target = other.group
                    break
            if target is None:
                target = CommentGroup.objects.create(policy=policy, article=comment.article, theme=comment.body[:60])
            comment.group = target
            comment.save(update_fields=["group", "updated_at"])
            count += 1
        audit_log(actor=actor, event=PolicyEvent.COMMENTS_GROUPED, target=policy, data={"grouped": count})
    return count


def comment_assign(*, actor, comment: Comment, group: CommentGroup | None = None, theme: str = "") -> CommentGroup:
    """Move a comment into a group by hand (or into a new group named ``theme``)."""
    _require_drafter(actor, comment.policy)
    _after_consultation(comment.policy)
    with transaction.atomic():
        if group is None:
            group = CommentGroup.objects.create(
                policy=comment.policy, article=comment.article, theme=_text(theme, _("主题"), max_length=200)
            )
        elif group.policy_id != comment.policy_id:
            raise ValidationFailed(_("只能归入同一草案的意见归类。"))
        comment.group = group
        comment.save(update_fields=["group", "updated_at"])
        audit_log(actor=actor, event=PolicyEvent.COMMENTS_GROUPED, target=comment, data={"group": group.pk})
    return group


def group_decide(*, actor, group: CommentGroup, decision: str, reason: str, theme: str = "") -> CommentGroup:
    """Adopt, partly adopt or not adopt a group of opinions; every decision states its reason."""
    _require_drafter(actor, group.policy)
    _after_consultation(group.policy)
    if decision not in (AdoptionDecision.ADOPTED, AdoptionDecision.PARTLY, AdoptionDecision.NOT_ADOPTED):
        raise ValidationFailed(_("请选择采纳、部分采纳或不予采纳。"))
    reason = _text(reason, _("理由"), max_length=5000)
    report = AdoptionReport.objects.filter(policy=group.policy).first()
    if report is not None and report.state in (ReportState.IN_REVIEW, ReportState.PUBLISHED):
        raise InvalidTransition(_("采纳情况已提交审核或已公布，不能再修改。"))
    with transaction.atomic():
        old = {"decision": group.decision, "reason": group.reason}
        group.decision, group.reason = decision, reason
        if theme.strip():
            group.theme = theme.strip()[:200]
        group.save()
        audit_log(
            actor=actor,
            event=PolicyEvent.GROUP_DECIDED,
            target=group,
            data={"old": old, "new": {"decision": decision, "reason": reason}},
        )
    return group


def report_problems(policy: Policy) -> list[str]:
    """What keeps the adoption report from review (seed 002 四(二))."""
    problems = []
    pending = policy.comments.filter(status=CommentStatus.PENDING).count()
    if pending:
        problems.append(_("还有 %(n)s 条意见未审核。") % {"n": pending})
    ungrouped = policy.comments.filter(group__isnull=True).exclude(status=CommentStatus.REJECTED).count()
    if ungrouped:
        problems.append(_("还有 %(n)s 条意见未归类。") % {"n": ungrouped})
    for group in policy.groups.all():
        size = group.comments.count()
        if not size:
            continue
        if not group.decision:
            problems.append(_("意见“%(t)s”尚未决定采纳情况。") % {"t": group.theme[:30]})
        elif group.decision != AdoptionDecision.ADOPTED and not group.reason.strip():
            problems.append(_("意见“%(t)s”（%(n)s 条）未予采纳，须说明理由。") % {"t": group.theme[:30], "n": size})
    return problems


def report_submit(*, actor, policy: Policy, summary: str) -> AdoptionReport:
    """Send the adoption report into its review (drafting unit → leader); it is published on approval."""
    from gongkai.workflow.selectors import review_active_for
    from gongkai.workflow.services import review_resubmit, review_start

    from ..reviews import REPORT_TEMPLATE

    _require_drafter(actor, policy)
    _after_consultation(policy)
    summary = _text(summary, _("采纳情况说明"), max_length=20000)
    problems = report_problems(policy)
    if problems:
        raise ValidationFailed(_("采纳情况还不能提交：") + "".join(problems), code="report_incomplete")
    with transaction.atomic():
        report, _created = AdoptionReport.objects.select_for_update().get_or_create(
            policy=policy, defaults={"summary": summary}
        )
        if report.state in (ReportState.IN_REVIEW, ReportState.PUBLISHED):
            raise InvalidTransition(_("采纳情况已在审核中或已公布。"))
        report.summary = summary
        resubmit = report.state == ReportState.RETURNED
        report.state = ReportState.IN_REVIEW
        report.save()
        audit_log(actor=actor, event=PolicyEvent.REPORT_SUBMITTED, target=policy, data={"report": report.pk})
        if resubmit and (review := review_active_for(report)) is not None:
            review_resubmit(actor=actor, review=review)
        else:
            review_start(actor=actor, target=report, template_key=REPORT_TEMPLATE, agency=policy.agency)
    return report


def report_published(*, report: AdoptionReport, procedure: str, actor) -> None:
    report.state, report.review_procedure, report.published_at = ReportState.PUBLISHED, procedure[:500], clock.now()
    report.save()
    audit_log(actor=actor, event=PolicyEvent.REPORT_PUBLISHED, target=report.policy, data={"report": report.pk})


def report_returned(*, report: AdoptionReport, comment: str, actor) -> None:
    report.state = ReportState.RETURNED
    report.save()
    audit_log(actor=actor, event=PolicyEvent.REPORT_RETURNED, target=report.policy, data={"comment": comment})


def report_resubmitted(*, report: AdoptionReport, actor) -> None:
    report.state = ReportState.IN_REVIEW
    report.save()
