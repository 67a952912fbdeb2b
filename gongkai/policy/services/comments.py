"""Comments on a draft: public submission (screened with the opinion module's text tools, personal data
encrypted like an FOI applicant's), counter registration, moderation.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import DomainError, InvalidTransition, ValidationFailed
from gongkai.foi import interface as foi_interface
from gongkai.opinion import interface as opinion_interface
from gongkai.rules import selectors as rule_selectors

from .. import rules as policy_rules
from ..enums import (
    CommentChannel,
    CommentStatus,
    PolicyState,
)
from ..events import PolicyEvent
from ..models import (
    Comment,
    Policy,
)
from .common import _require_drafter, _text


class CommentThrottled(DomainError):
    code = "comment_throttled"
    http_status = 429
    default_message = "提交过于频繁，请稍后再试。"


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
