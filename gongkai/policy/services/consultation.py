"""Public consultation (R8.1): the consultation period is a rules clock whose rule the draft's kind
chooses.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, ValidationFailed
from gongkai.rules import selectors as rule_selectors
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus

from .. import rules as policy_rules
from ..enums import (
    PolicyAction,
    PolicyKind,
    PolicyState,
)
from ..models import (
    Policy,
)
from .common import _lock, _require_drafter, policy_transition

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
