"""Writes of deadlines: start, pause, resume, extend, close (the transition table), recompute,
and the periodic sweep (due soon, overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import Conflict, InvalidTransition, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, User
from gongkai.rules.events import RulesEvent

from .. import permissions, selectors
from ..clocks import ExtensionSpan, PauseSpan, as_aware, compute, end_of_day, explanation_lines, unit_for_kind
from ..enums import DeadlineAction, DeadlineStatus, DeadlineUnit
from ..errors import DeadlineRuleMissing, RuleMissing
from ..models import Deadline, DeadlineExtension, DeadlinePause
from ..regions import JurisdictionLike, resolve_jurisdiction
from ..registry import get_rule_spec
from ..transitions import DEADLINE_TRANSITIONS

# =====================================================================================
# Deadlines
# =====================================================================================


@dataclass(frozen=True)
class RecomputeResult:
    deadline: Deadline
    changed: bool
    old_due_at: dt.datetime | None
    new_due_at: dt.datetime | None
    old_provisional: bool
    new_provisional: bool


def _computation(deadline: Deadline):
    pauses = [PauseSpan(p.started_at, p.ended_at, p.reason) for p in deadline.pauses.order_by("started_at", "id")]
    extensions = [ExtensionSpan(e.amount, e.reason) for e in deadline.extensions.order_by("created_at", "id")]
    return compute(
        unit=deadline.unit,
        start_at=deadline.start_at,
        amount=deadline.amount,
        jurisdiction=deadline.jurisdiction,
        rule_key=deadline.rule_key,
        citation=deadline.citation,
        extensions=extensions,
        pauses=pauses,
    )


def _apply(deadline: Deadline) -> tuple[dt.datetime | None, bool]:
    """Recompute the stored fields; returns the previous (due_at, provisional)."""
    old = (deadline.due_at, deadline.provisional)
    result = _computation(deadline)
    deadline.due_at = result.due_at
    deadline.due_date = result.due_date
    deadline.provisional = result.provisional
    deadline.explanation = result.explanation
    now = clock.now()
    # A due time moved into the future makes earlier reminders stale.
    if deadline.due_at is None or deadline.due_at > now:
        deadline.overdue_notified_at = None
    if deadline.due_at != old[0]:
        deadline.due_soon_notified_at = None
    return old


def _snapshot(deadline: Deadline) -> dict[str, Any]:
    return {
        "status": deadline.status,
        "due_at": deadline.due_at,
        "due_date": deadline.due_date,
        "provisional": deadline.provisional,
        "total": deadline.total_amount,
    }


def _rule_terms(
    rule_key: str, region, start_at: dt.datetime, unit: str | None, amount: int | None, title: str
) -> tuple[str, int | None, str, str]:
    """A rule clock's unit (from the rule's kind), amount (the record in force on the start date,
    unless given), citation and title; ``DeadlineRuleMissing`` without a record."""
    spec = get_rule_spec(rule_key)
    if not spec.is_deadline:
        raise ValidationFailed(f"规则“{spec.label}”不是期限规则，不能用于计时。")
    rule_unit = unit_for_kind(spec.kind)
    if unit and unit != rule_unit:
        raise ValidationFailed("计算单位与规则不一致。")
    try:
        rv = selectors.rule_value(rule_key, region, timezone.localdate(start_at))
    except RuleMissing as exc:
        raise DeadlineRuleMissing(exc.message, detail=exc.detail) from None
    if amount is None:
        amount = int(rv.value)
    return rule_unit, amount, rv.citation, title or spec.label


def deadline_start(
    *,
    actor,
    target=None,
    agency: Agency | None = None,
    rule_key: str | None = None,
    jurisdiction: JurisdictionLike = None,
    start: dt.datetime | dt.date,
    handler: User | None = None,
    amount: int | None = None,
    unit: str | None = None,
    title: str = "",
) -> Deadline:
    """Start a clock.

    With ``rule_key``, the unit comes from the rule's kind and, unless ``amount`` is given,
    the amount from the record in force on the start date for the jurisdiction (raises
    ``DeadlineRuleMissing`` if none); the citation is stored. Without a rule, ``unit`` and
    ``amount`` are required. The jurisdiction defaults to the agency's region. A date
    ``start`` means 00:00 local time; working-day clocks use the local date of ``start``.
    """
    permissions.require_deadline_actor(actor, agency)
    region = resolve_jurisdiction(jurisdiction)
    if region is None and agency is not None:
        region = agency.region
    start_at = as_aware(start)
    citation = ""
    if rule_key:
        unit, amount, citation, title = _rule_terms(rule_key, region, start_at, unit, amount, title)
    if unit not in DeadlineUnit.values:
        raise ValidationFailed("请指定计算单位（工作日、自然日或小时）。")
    if amount is None:
        raise ValidationFailed("请指定期限。")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationFailed("期限应为非负整数。")
    deadline = Deadline(
        title=(title or "期限")[:200],
        agency=agency,
        handler=handler,
        unit=unit,
        rule_key=rule_key or "",
        jurisdiction=region,
        citation=citation,
        start_at=start_at,
        amount=amount,
    )
    if target is not None:
        from django.contrib.contenttypes.models import ContentType

        deadline.content_type = ContentType.objects.get_for_model(target)
        deadline.object_id = str(target.pk)
    # Compute before saving (no pauses or extensions yet): bad input fails before any write.
    result = compute(
        unit=unit, start_at=start_at, amount=amount, jurisdiction=region, rule_key=rule_key or "", citation=citation
    )
    deadline.due_at, deadline.due_date = result.due_at, result.due_date
    deadline.provisional, deadline.explanation = result.provisional, result.explanation
    with transaction.atomic():
        deadline.save()
        audit_log(
            actor=actor,
            event=RulesEvent.DEADLINE_STARTED,
            target=deadline,
            data={
                "new": {
                    "rule_key": deadline.rule_key,
                    "citation": citation,
                    "unit": unit,
                    "amount": amount,
                    "start_at": start_at,
                    "jurisdiction": region.code if region else None,
                    "due_at": deadline.due_at,
                    "provisional": deadline.provisional,
                    "target": f"{deadline.content_type_id}:{deadline.object_id}" if target is not None else None,
                }
            },
        )
    return deadline


def _extension_limits(deadline: Deadline, amount: int | None) -> int:
    spec = get_rule_spec(deadline.rule_key) if deadline.rule_key else None
    existing = list(deadline.extensions.all())
    used = sum(e.amount for e in existing)
    on = timezone.localdate(deadline.start_at)
    if spec and spec.extension_count_key:
        count_rule = selectors.rule_value_or_none(spec.extension_count_key, deadline.jurisdiction, on)
        if count_rule is not None and len(existing) + 1 > int(count_rule.value):
            raise Conflict(
                f"已达到可延长次数上限（{count_rule.value} 次，依据：{count_rule.citation}）。",
                code="extension_limit",
                detail={"max_count": count_rule.value},
            )
    cap_rule = None
    if spec and spec.extension_cap_key:
        cap_rule = selectors.rule_value_or_none(spec.extension_cap_key, deadline.jurisdiction, on)
    if amount is None:
        if cap_rule is None:
            raise ValidationFailed("请填写延长的期限。")
        amount = int(cap_rule.value) - used
        if amount <= 0:
            raise Conflict("已无可延长的期限。", code="extension_limit")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed("延长的期限应为正整数。")
    if cap_rule is not None and used + amount > int(cap_rule.value):
        unit = {DeadlineUnit.WORKING_DAYS: "个工作日", DeadlineUnit.DAYS: "日"}.get(deadline.unit, "小时")
        raise ValidationFailed(
            f"延长合计不得超过 {cap_rule.value} {unit}（依据：{cap_rule.citation}），已延长 {used} {unit}。",
            code="extension_limit",
            detail={"max": cap_rule.value, "used": used, "requested": amount},
        )
    return amount


def deadline_transition(
    *,
    actor,
    deadline: Deadline,
    action: str,
    at: dt.datetime | None = None,
    reason: str = "",
    amount: int | None = None,
    approved_by: User | None = None,
) -> Deadline:
    """The one place that changes a deadline's status (see ``transitions.py``)."""
    with transaction.atomic():
        locked = Deadline.objects.select_for_update(of=("self",)).select_related("jurisdiction").get(pk=deadline.pk)
        permissions.require_deadline_actor(actor, locked.agency_id)
        new_status = DEADLINE_TRANSITIONS.get((locked.status, action))
        if new_status is None:
            raise InvalidTransition(
                f"期限当前为“{locked.get_status_display()}”，不能{DeadlineAction(action).label if action in DeadlineAction.values else action}。"
            )
        moment = as_aware(at) if at is not None else clock.now()
        reason = (reason or "").strip()
        before = _snapshot(locked)
        data: dict[str, Any] = {}
        if action == DeadlineAction.PAUSE:
            if not reason:
                raise ValidationFailed("请填写暂停计时的原因。")
            if moment < locked.start_at:
                raise ValidationFailed("暂停时间不能早于起算时间。")
            last = locked.pauses.order_by("-ended_at").first()
            if last is not None and last.ended_at is not None and moment < last.ended_at:
                raise ValidationFailed("暂停时间不能早于上一次恢复计时的时间。")
            DeadlinePause.objects.create(deadline=locked, started_at=moment, reason=reason[:200])
            data["pause"] = {"from": moment, "reason": reason}
        elif action == DeadlineAction.RESUME:
            pause = locked.pauses.filter(ended_at__isnull=True).first()
            if pause is None:  # pragma: no cover - status and rows agree by construction
                raise InvalidTransition("没有进行中的暂停。")
            if moment < pause.started_at:
                raise ValidationFailed("恢复时间不能早于暂停开始时间。")
            pause.ended_at = moment
            pause.save(update_fields=["ended_at"])
            data["pause"] = {"from": pause.started_at, "to": moment, "reason": pause.reason}
        elif action == DeadlineAction.EXTEND:
            if not reason:
                raise ValidationFailed("请填写延长期限的原因。")
            amount = _extension_limits(locked, amount)
            DeadlineExtension.objects.create(
                deadline=locked, amount=amount, reason=reason[:300], approved_by=approved_by
            )
            data["extension"] = {"amount": amount, "reason": reason, "approved_by": str(approved_by or "")}
        elif action == DeadlineAction.CLOSE:
            locked.closed_at = moment
        locked.status = new_status
        _apply(locked)
        locked.save()
        after = _snapshot(locked)
        data.update({"old": before, "new": after})
        audit_log(actor=actor, event=RulesEvent.deadline_action(action), target=locked, data=data)
    return locked


def deadline_pause(*, actor, deadline: Deadline, reason: str, at: dt.datetime | None = None) -> Deadline:
    """Stop the clock (time that is not counted, e.g. consulting a third party)."""
    return deadline_transition(actor=actor, deadline=deadline, action=DeadlineAction.PAUSE, at=at, reason=reason)


def deadline_resume(*, actor, deadline: Deadline, at: dt.datetime | None = None) -> Deadline:
    return deadline_transition(actor=actor, deadline=deadline, action=DeadlineAction.RESUME, at=at)


def deadline_extend(
    *, actor, deadline: Deadline, reason: str, amount: int | None = None, approved_by: User | None = None
) -> Deadline:
    """Add an extension. For rules with a cap (registry ``extension_cap_key``/``extension_count_key``)
    the total and the number of extensions are checked; ``amount=None`` takes what the cap allows."""
    return deadline_transition(
        actor=actor,
        deadline=deadline,
        action=DeadlineAction.EXTEND,
        reason=reason,
        amount=amount,
        approved_by=approved_by,
    )


def deadline_close(*, actor, deadline: Deadline, at: dt.datetime | None = None) -> Deadline:
    return deadline_transition(actor=actor, deadline=deadline, action=DeadlineAction.CLOSE, at=at)


def _recipients(deadline: Deadline) -> list[User]:
    if deadline.handler_id and deadline.handler and deadline.handler.is_active:
        return [deadline.handler]
    if deadline.agency_id:
        return list(
            User.objects.filter(
                is_active=True, role_assignments__role=Role.UNIT_ADMIN, role_assignments__agency_id=deadline.agency_id
            ).distinct()
        )
    return []


def _link(deadline: Deadline) -> str:
    try:
        target = deadline.target
        return target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""
    except Exception:  # a missing or odd target must not break a sweep
        return ""


def _due_text(deadline: Deadline) -> str:
    if deadline.due_at is None:
        return "待定（暂停计时中）"
    local = timezone.localtime(deadline.due_at)
    text = local.strftime("%Y-%m-%d") if deadline.unit != DeadlineUnit.HOURS else local.strftime("%Y-%m-%d %H:%M")
    return text + ("（暂定）" if deadline.provisional else "")


def deadline_recompute(*, deadline: Deadline, actor=None, reason: str = "") -> RecomputeResult:
    """Recompute from start, pauses, extensions and the current calendar.

    When the due time or the provisional flag changes: audit event ``deadline.recomputed``
    and a notice to the handler (or the unit administrators).
    """
    with transaction.atomic():
        locked = (
            Deadline.objects.select_for_update(of=("self",))
            .select_related("jurisdiction", "handler")
            .get(pk=deadline.pk)
        )
        old_due, old_provisional = _apply(locked)
        changed = locked.due_at != old_due or locked.provisional != old_provisional
        if changed:
            locked.save()
            audit_log(
                actor=actor,
                event=RulesEvent.DEADLINE_RECOMPUTED,
                target=locked,
                data={
                    "reason": reason,
                    "old": {"due_at": old_due, "provisional": old_provisional},
                    "new": {"due_at": locked.due_at, "provisional": locked.provisional},
                },
            )
            old_text = timezone.localtime(old_due).strftime("%Y-%m-%d %H:%M") if old_due else "待定"
            notify(
                recipients=_recipients(locked),
                subject=f"期限已重新计算：{locked.title}",
                body=(
                    f"因{reason or '日历变更'}，“{locked.title}”的到期时间由 {old_text}"
                    f"{'（暂定）' if old_provisional else ''} 调整为 {_due_text(locked)}。\n\n"
                    + "\n".join(explanation_lines(locked.explanation))
                ),
                link=_link(locked),
                event=RulesEvent.DEADLINE_RECOMPUTED,
                dedupe_key=f"deadline:{locked.pk}:recomputed:{locked.due_at.isoformat() if locked.due_at else 'none'}:{int(locked.provisional)}",
            )
        else:
            # Keep the stored explanation current (e.g. a holiday's name corrected) without noise.
            Deadline.objects.filter(pk=locked.pk).update(explanation=locked.explanation)
    return RecomputeResult(locked, changed, old_due, locked.due_at, old_provisional, locked.provisional)


def recompute_affected_deadlines(*, actor, first: dt.date, last: dt.date, reason: str) -> list[RecomputeResult]:
    """Recompute the open working-day deadlines whose counting window may include [first, last]."""
    candidates = (
        Deadline.objects.filter(unit=DeadlineUnit.WORKING_DAYS, status__in=[DeadlineStatus.OPEN, DeadlineStatus.PAUSED])
        .filter(start_at__lt=end_of_day(last))
        .filter(Q(due_date__isnull=True) | Q(due_date__gte=first))
        .order_by("pk")
    )
    results = [deadline_recompute(deadline=d, actor=actor, reason=reason) for d in candidates]
    return [r for r in results if r.changed]


# =====================================================================================
# The periodic sweep
# =====================================================================================


def deadline_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Notify newly overdue and due-soon deadlines. Idempotent: a second run does nothing.

    Overdue: running deadlines past ``due_at`` not yet notified → ``overdue_notified_at``,
    a notice (dedupe key per deadline and due time) and an audit event. Due soon (see
    ``selectors.is_due_soon``) → ``due_soon_notified_at`` and a notice.
    """
    now = now or clock.now()
    overdue = due_soon = 0
    overdue_ids = list(
        selectors.deadline_list_overdue(now).filter(overdue_notified_at__isnull=True).values_list("pk", flat=True)
    )
    for pk in overdue_ids:
        with transaction.atomic():
            d = (
                Deadline.objects.select_for_update(of=("self",))
                .select_related("handler", "agency")
                .filter(pk=pk, status=DeadlineStatus.OPEN, due_at__lt=now, overdue_notified_at__isnull=True)
                .first()
            )
            if d is None:
                continue
            d.overdue_notified_at = now
            d.save(update_fields=["overdue_notified_at", "updated_at"])
            recipients = _recipients(d)
            notify(
                recipients=recipients,
                subject=f"期限已逾期：{d.title}",
                body=f"“{d.title}”已于 {_due_text(d)} 到期，尚未办结。依据：{d.citation or '—'}。",
                link=_link(d),
                event=RulesEvent.DEADLINE_OVERDUE,
                dedupe_key=f"deadline:{d.pk}:overdue:{d.due_at.isoformat()}",
            )
            audit_log(
                actor=None,
                event=RulesEvent.DEADLINE_OVERDUE,
                target=d,
                data={"due_at": d.due_at, "notified": [u.get_username() for u in recipients]},
            )
            overdue += 1
    for d in selectors.deadline_list_due_soon(now):
        if d.due_soon_notified_at is not None:
            continue
        with transaction.atomic():
            locked = (
                Deadline.objects.select_for_update(of=("self",))
                .select_related("handler", "agency")
                .filter(pk=d.pk, due_soon_notified_at__isnull=True, status=DeadlineStatus.OPEN)
                .first()
            )
            if locked is None:
                continue
            locked.due_soon_notified_at = now
            locked.save(update_fields=["due_soon_notified_at", "updated_at"])
            notify(
                recipients=_recipients(locked),
                subject=f"期限即将到期：{locked.title}",
                body=f"“{locked.title}”将于 {_due_text(locked)} 到期。依据：{locked.citation or '—'}。",
                link=_link(locked),
                event=RulesEvent.DEADLINE_DUE_SOON,
                dedupe_key=f"deadline:{locked.pk}:due_soon:{locked.due_at.isoformat()}",
            )
            due_soon += 1
    return {"overdue": overdue, "due_soon": due_soon}
