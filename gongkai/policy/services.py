"""Every write of the policy lifecycle: permission check, one transaction, audit log.

The consultation period and the issue period are rules clocks (``gongkai.rules``): the kind of the
draft chooses the consultation rule (``rules.CONSULTATION_RULES``) and the record in force on the
start date for the agency's region gives the minimum. Comments are screened with the opinion
module's text tools (``opinion.interface``) and their personal data is encrypted like an FOI
applicant's (``foi.interface``). The document is published through the catalogue's publication
review (``catalog.interface``); its interpretations are published when the catalogue publishes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.catalog import interface as catalog_interface
from gongkai.core import clock, links
from gongkai.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from gongkai.foi import interface as foi_interface
from gongkai.notifications.services import notify
from gongkai.opinion import interface as opinion_interface
from gongkai.orgs.models import Agency
from gongkai.rules import selectors as rule_selectors
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus

from . import permissions
from . import rules as policy_rules
from .actions import registry as action_registry
from .enums import (
    AdoptionDecision,
    CommentChannel,
    CommentStatus,
    ExpertUseKind,
    HearingKind,
    HearingState,
    InterpretationForm,
    InterpretationState,
    PolicyAction,
    PolicyKind,
    PolicyState,
    ReportState,
    SubmissionOutcome,
)
from .events import PolicyEvent
from .models import (
    AdoptionReport,
    Comment,
    CommentGroup,
    Expert,
    ExpertUse,
    Hearing,
    HearingSignup,
    Interpretation,
    Policy,
    Submission,
)
from .transitions import EDITABLE, next_state


class CommentThrottled(DomainError):
    code = "comment_throttled"
    http_status = 429
    default_message = "提交过于频繁，请稍后再试。"


def _text(value: Any, label: str, *, required: bool = True, max_length: int = 20000) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(label)s。") % {"label": label}, detail={"field": label})
    if len(text) > max_length:
        raise ValidationFailed(_("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": max_length})
    return text


def _lock(policy: Policy) -> Policy:
    return Policy.objects.select_for_update().get(pk=policy.pk)


def _require_drafter(actor, policy_or_agency) -> None:
    agency = policy_or_agency.agency if isinstance(policy_or_agency, Policy) else policy_or_agency
    if not permissions.can_draft(actor, agency):
        raise PermissionDenied(_("只有起草单位的工作人员可以办理。"))


def policy_transition(*, actor, policy: Policy, action: str, data: dict | None = None, system: bool = False) -> Policy:
    """Apply ``action`` from the transition table (the only place the state changes). A person's move
    is checked against its spec's permission (``actions.registry``); ``system`` moves (automatic 退文 of
    an incomplete submission, review hooks, the catalogue's publication) are the platform's own."""
    spec = action_registry.get(action)
    if not system and actor is not None and spec.permission is not None:
        action_registry.require(actor, spec, policy)
    new = next_state(policy.state, action)
    if new is None:
        raise InvalidTransition(
            _("政策文件当前状态为“%(state)s”，不能%(action)s。")
            % {"state": policy.get_state_display(), "action": spec.label}
        )
    old = policy.state
    policy.state = new
    policy.save(update_fields=["state", "updated_at"])
    audit_log(
        actor=actor,
        event=PolicyEvent.TRANSITION,
        target=policy,
        data={"action": action, "old": {"state": old}, "new": {"state": new}, **(data or {})},
    )
    return policy


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


# --- Consultation (R8.1) ----------------------------------------------------------------------------


def consultation_minimum(policy: Policy, start: dt.date):
    """The rule and the earliest allowed end of a consultation starting on ``start`` (a ``PeriodEnd``),
    by the kind of the draft and the rule in force on ``start`` in the agency's region."""
    key = policy_rules.CONSULTATION_RULES[PolicyKind(policy.kind)]
    period = rule_selectors.rule_period_end(key, policy.agency.region, start)
    if period is None:
        raise ValidationFailed(
            _("%(date)s 在本地区没有适用于“%(kind)s”的公开征求意见期限规则记录，请先在规则中设置。")
            % {"date": start.isoformat(), "kind": policy.get_kind_display()},
            code="deadline_rule_missing",
        )
    return key, period


def consultation_open(
    *, actor, policy: Policy, starts_on: dt.date, ends_on: dt.date, shortened_reason: str = ""
) -> Policy:
    """Put the draft, its explanation and basis out for comment until ``ends_on``: at least the rule's
    minimum, unless a shorter period is explained publicly (《重大行政决策程序暂行条例》 art. 15)."""
    _require_drafter(actor, policy)
    if starts_on < clock.today():
        raise ValidationFailed(_("征求意见开始日期不能早于今天。"))
    if ends_on <= starts_on:
        raise ValidationFailed(_("截止日期须晚于开始日期。"))
    key, period = consultation_minimum(policy, starts_on)
    reason = (shortened_reason or "").strip()
    if ends_on < period.due_date and not reason:
        raise ValidationFailed(
            _(
                "征求意见期限不得短于%(rule)s（%(value)s，依据：%(citation)s），即不早于 %(due)s 截止；确需缩短的，须说明理由。"
            )
            % {
                "rule": period.rule.label,
                "value": period.rule.display,
                "citation": period.rule.citation,
                "due": period.due_date.isoformat(),
            },
            code="consultation_too_short",
        )
    with transaction.atomic():
        locked = _lock(policy)
        policy_transition(actor=actor, policy=locked, action=PolicyAction.OPEN_CONSULTATION)
        locked.consultation_starts_on, locked.consultation_ends_on = starts_on, ends_on
        locked.consultation_min_end = period.due_date
        locked.consultation_rule_key, locked.consultation_citation = key, period.rule.citation
        locked.shortened_reason = reason if ends_on < period.due_date else ""
        locked.consultation_deadline = rule_services.deadline_start(
            actor=None,
            target=locked,
            agency=locked.agency,
            rule_key=key,
            start=starts_on,
            handler=actor,
            title=f"征求意见：{locked.title}"[:200],
        )
        locked.save()
    return locked


def _close_clock(deadline) -> None:
    if deadline is not None and deadline.status != DeadlineStatus.CLOSED:
        rule_services.deadline_close(actor=None, deadline=deadline)


def consultation_close(*, actor, policy: Policy, today: dt.date | None = None) -> Policy:
    """End the consultation after its last day (by staff, or the sweep with ``actor=None``)."""
    today = today or clock.today()
    if actor is not None:
        _require_drafter(actor, policy)
    with transaction.atomic():
        locked = _lock(policy)
        if (
            locked.state == PolicyState.CONSULTING
            and locked.consultation_ends_on
            and today <= locked.consultation_ends_on
        ):
            raise InvalidTransition(
                _("征求意见截止日期为 %(d)s，期满后才能结束。") % {"d": locked.consultation_ends_on.isoformat()}
            )
        policy_transition(actor=actor, policy=locked, action=PolicyAction.CLOSE_CONSULTATION)
        _close_clock(locked.consultation_deadline)
    return locked


def consultation_sweep(*, today: dt.date | None = None) -> int:
    today = today or clock.today()
    count = 0
    for policy in Policy.objects.filter(state=PolicyState.CONSULTING, consultation_ends_on__lt=today):
        consultation_close(actor=None, policy=policy, today=today)
        count += 1
    return count


# --- Comments -----------------------------------------------------------------------------------------


def _comment_limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "POLICY_COMMENT_WINDOW_MINUTES", 60)),
        int(getattr(settings, "POLICY_COMMENT_MAX_PER_ADDRESS", 5)),
    )


def blocked_terms_in(text: str, policy: Policy) -> list[str]:
    """The blocked terms (rule ``policy.comment_blocked_terms``) found in ``text``, compared on the
    opinion module's normalised text (Traditional folded to Simplified, punctuation removed)."""
    rv = rule_selectors.rule_value_or_none(policy_rules.BLOCKED_TERMS, policy.agency.region, clock.today())
    terms = rv.value.get("terms", []) if rv is not None and isinstance(rv.value, dict) else []
    key = opinion_interface.text_key(text)
    return [t for t in terms if opinion_interface.text_key(t) and opinion_interface.text_key(t) in key]


def _duplicate_of(policy: Policy, body: str) -> Comment | None:
    """An earlier comment on the policy with the same or nearly the same text."""
    key = opinion_interface.text_key(body)
    sig = opinion_interface.text_signature(body)
    for other in policy.comments.exclude(status=CommentStatus.REJECTED).order_by("id"):
        if opinion_interface.text_key(other.body) == key and key:
            return other
        if opinion_interface.near_duplicate(sig, opinion_interface.text_signature(other.body)):
            return other
    return None


def _personal(comment: Comment, name: str, contact: str) -> None:
    name, contact = (name or "").strip()[:50], (contact or "").strip()[:100]
    if name:
        comment.name_enc = foi_interface.encrypt_text(name, "policy_comment_name")
        comment.name_masked = foi_interface.mask_name(name)
    if contact:
        comment.contact_enc = foi_interface.encrypt_text(contact, "policy_comment_contact")
        comment.contact_masked = (
            foi_interface.mask_email(contact) if "@" in contact else foi_interface.mask_phone(contact)
        )


def _check_article(policy: Policy, article: str) -> str:
    article = (article or "").strip()
    if article and article not in policy.articles():
        raise ValidationFailed(_("所选条款不在草案中。"))
    return article


def comment_submit(
    *, policy: Policy, body: str, article: str = "", name: str = "", contact: str = "", ip: str = ""
) -> Comment:
    """A citizen's online comment (no account). Held for moderation; limited per client address."""
    body = _text(body, _("意见内容"), max_length=5000)
    article = _check_article(policy, article)
    today = clock.today()
    if policy.state != PolicyState.CONSULTING or not (
        policy.consultation_starts_on <= today <= policy.consultation_ends_on
    ):
        raise InvalidTransition(_("该草案当前不在征求意见期内。"))
    window, per_address = _comment_limits()
    ip_key = foi_interface.blind_index("policy-comment", "ip", ip or "unknown")
    since = clock.now() - dt.timedelta(minutes=window)
    with transaction.atomic():
        if Comment.objects.filter(ip_key=ip_key, created_at__gte=since).count() >= per_address:
            raise CommentThrottled(
                _("同一网络地址在 %(w)s 分钟内最多可提交 %(n)s 条意见，请稍后再试，或通过信函、电子邮件提出。")
                % {"w": window, "n": per_address},
                detail={"window_minutes": window, "max": per_address},
            )
        comment = Comment(
            policy=policy,
            body=body,
            article=article,
            channel=CommentChannel.ONLINE,
            ip_key=ip_key,
            flagged_terms=blocked_terms_in(body, policy),
            duplicate_of=_duplicate_of(policy, body),
        )
        _personal(comment, name, contact)
        comment.save()
        audit_log(
            actor=None,
            event=PolicyEvent.COMMENT_RECEIVED,
            target=comment,
            agency_id=policy.agency_id,
            data={"policy": policy.pk, "article": article, "flagged": comment.flagged_terms},
        )
    return comment


def comment_register(
    *, actor, policy: Policy, body: str, channel: str, article: str = "", name: str = "", contact: str = ""
) -> Comment:
    """A comment received by post, e-mail, phone or at a meeting, registered by staff."""
    _require_drafter(actor, policy)
    if channel not in CommentChannel.values or channel == CommentChannel.ONLINE:
        raise ValidationFailed(_("请选择意见的收到途径（信函、电子邮件、电话或座谈会）。"))
    if policy.state not in (PolicyState.CONSULTING, PolicyState.CONSULTATION_CLOSED):
        raise InvalidTransition(_("只有征求意见期间或刚结束时可以登记意见。"))
    body = _text(body, _("意见内容"), max_length=5000)
    article = _check_article(policy, article)
    with transaction.atomic():
        comment = Comment(
            policy=policy,
            body=body,
            article=article,
            channel=channel,
            registered_by=actor,
            status=CommentStatus.KEPT,
            moderated_by=actor,
            moderated_at=clock.now(),
            duplicate_of=_duplicate_of(policy, body),
        )
        _personal(comment, name, contact)
        comment.save()
        audit_log(
            actor=actor,
            event=PolicyEvent.COMMENT_REGISTERED,
            target=comment,
            data={"policy": policy.pk, "channel": channel},
        )
    return comment


def comment_moderate(*, actor, comment: Comment, status: str) -> Comment:
    """Approve a comment for display (if the unit shows comments), keep it unpublished, or reject it."""
    _require_drafter(actor, comment.policy)
    if status not in (CommentStatus.SHOWN, CommentStatus.KEPT, CommentStatus.REJECTED):
        raise ValidationFailed(_("审核结果无效。"))
    if status == CommentStatus.SHOWN and not comment.policy.show_comments:
        raise ValidationFailed(_("本草案未选择公开显示公众意见。"))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        old = locked.status
        locked.status, locked.moderated_by, locked.moderated_at = status, actor, clock.now()
        if status == CommentStatus.REJECTED:
            locked.group = None
        locked.save()
        audit_log(
            actor=actor,
            event=PolicyEvent.COMMENT_MODERATED,
            target=locked,
            data={"old": {"status": old}, "new": {"status": status}},
        )
    return locked


def comment_contact(*, actor, comment: Comment) -> dict[str, str]:
    """The full name and contact of a commenter (drafting unit only; audited)."""
    _require_drafter(actor, comment.policy)
    with transaction.atomic():
        audit_log(actor=actor, event=PolicyEvent.COMMENT_CONTACT_VIEWED, target=comment, data={"comment": comment.pk})
    return {
        "name": foi_interface.decrypt_text(comment.name_enc, "policy_comment_name") if comment.name_enc else "",
        "contact": foi_interface.decrypt_text(comment.contact_enc, "policy_comment_contact")
        if comment.contact_enc
        else "",
    }


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

    from .reviews import REPORT_TEMPLATE

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

    from .reviews import SIGNOFF_TEMPLATE

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
    from .selectors import library_agency_ids

    return expert.is_active and expert.agency_id in library_agency_ids(policy)


def interpretation_add(
    *, actor, policy: Policy, form: str, title: str, body: str = "", link_url: str = "", expert: Expert | None = None
) -> Interpretation:
    """An interpretation drafted with the document (released with it), or — after release — a follow-up
    interpretation that goes through its own review before it is published."""
    from gongkai.workflow.services import review_start

    from .reviews import FOLLOWUP_TEMPLATE

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


# --- Hearings and public attendance (R8.2) --------------------------------------------------------------


def hearing_announce(
    *,
    actor,
    policy: Policy,
    kind: str,
    title: str,
    held_at: dt.datetime,
    place: str,
    seats: int,
    signup_until: dt.date,
    selection_method: str,
) -> Hearing:
    _require_drafter(actor, policy)
    if kind not in HearingKind.values:
        raise ValidationFailed(_("请选择听证会或公众列席会议。"))
    if not isinstance(seats, int) or not 1 <= seats <= 500:
        raise ValidationFailed(_("名额应为 1 到 500 之间的整数。"))
    today = clock.today()
    if signup_until < today:
        raise ValidationFailed(_("报名截止日期不能早于今天。"))
    if held_at.date() <= signup_until:
        raise ValidationFailed(_("举行日期须晚于报名截止日期。"))
    with transaction.atomic():
        hearing = Hearing.objects.create(
            policy=policy,
            kind=kind,
            title=_text(title, _("名称"), max_length=300),
            held_at=held_at,
            place=_text(place, _("地点"), max_length=200),
            seats=seats,
            signup_until=signup_until,
            selection_method=_text(selection_method, _("遴选方式"), max_length=300),
            created_by=actor,
        )
        audit_log(
            actor=actor, event=PolicyEvent.HEARING_ANNOUNCED, target=hearing, data={"policy": policy.pk, "kind": kind}
        )
    return hearing


def hearing_signup(*, hearing: Hearing, name: str, contact: str, statement: str = "", ip: str = "") -> HearingSignup:
    """A citizen signs up (name and contact required: the unit must reach those selected)."""
    if hearing.state != HearingState.ANNOUNCED or clock.today() > hearing.signup_until:
        raise InvalidTransition(_("该会议的报名已截止。"))
    name = _text(name, _("姓名"), max_length=50)
    contact = _text(contact, _("联系方式"), max_length=100)
    window, per_address = _comment_limits()
    ip_key = foi_interface.blind_index("policy-hearing", "ip", ip or "unknown")
    since = clock.now() - dt.timedelta(minutes=window)
    with transaction.atomic():
        if HearingSignup.objects.filter(ip_key=ip_key, created_at__gte=since).count() >= per_address:
            raise CommentThrottled(
                _("同一网络地址在 %(w)s 分钟内最多可报名 %(n)s 次，请稍后再试。") % {"w": window, "n": per_address}
            )
        row = HearingSignup.objects.create(
            hearing=hearing,
            name_enc=foi_interface.encrypt_text(name, "policy_hearing_name"),
            name_masked=foi_interface.mask_name(name),
            contact_enc=foi_interface.encrypt_text(contact, "policy_hearing_contact"),
            contact_masked=foi_interface.mask_email(contact) if "@" in contact else foi_interface.mask_phone(contact),
            statement=_text(statement, _("报名理由"), required=False, max_length=2000),
            ip_key=ip_key,
        )
        audit_log(
            actor=None,
            event=PolicyEvent.HEARING_SIGNUP,
            target=row,
            agency_id=hearing.policy.agency_id,
            data={"hearing": hearing.pk},
        )
    return row


def hearing_select(*, actor, hearing: Hearing, signup_ids: list[int]) -> Hearing:
    """Select the participants after the sign-up period, within the seats."""
    _require_drafter(actor, hearing.policy)
    if hearing.state != HearingState.ANNOUNCED:
        raise InvalidTransition(_("参加人员已确定。"))
    if clock.today() <= hearing.signup_until:
        raise InvalidTransition(_("报名截止后才能确定参加人员。"))
    ids = set(signup_ids)
    if not ids or len(ids) > hearing.seats:
        raise ValidationFailed(_("请选择 1 到 %(n)s 名参加人员。") % {"n": hearing.seats})
    with transaction.atomic():
        found = hearing.signups.filter(pk__in=ids)
        if found.count() != len(ids):
            raise ValidationFailed(_("所选人员不在报名名单中。"))
        found.update(selected=True)
        hearing.state = HearingState.SELECTED
        hearing.save(update_fields=["state", "updated_at"])
        audit_log(actor=actor, event=PolicyEvent.HEARING_SELECTED, target=hearing, data={"selected": sorted(ids)})
    return hearing


def hearing_record(*, actor, hearing: Hearing, minutes: str) -> Hearing:
    """Record the minutes after the meeting; they are published on the policy's page."""
    _require_drafter(actor, hearing.policy)
    if hearing.state == HearingState.HELD:
        raise InvalidTransition(_("会议记录已公开。"))
    if clock.now() < hearing.held_at:
        raise InvalidTransition(_("会议举行后才能记录。"))
    with transaction.atomic():
        hearing.minutes = _text(minutes, _("会议记录"), max_length=50000)
        hearing.state = HearingState.HELD
        hearing.save(update_fields=["minutes", "state", "updated_at"])
        audit_log(actor=actor, event=PolicyEvent.HEARING_RECORDED, target=hearing, data={})
    return hearing
