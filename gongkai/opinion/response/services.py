"""Writes of the response side of public opinion (SPEC R5.4–R5.9).

Every function is keyword-only, checks permissions (``permissions.py``), runs in one
transaction and writes its audit event in that transaction; e-mails and webhooks go out after
commit. Statutory hours come from ``gongkai.rules`` (``opinion.first_release_major``,
``opinion.press_conference_major``, ``opinion.response_ordinary``) for the lead unit's
jurisdiction on the day the clock starts; hours run 24/7 (SPEC "Working days").

This module: assignments and the routing of events, warnings, responses and their review, the
periodic sweep. Split off by section, and named here too for the callers of ``services``:
``common`` (input cleaning, recipients, ``routing_lead``), ``routing_rules`` (交办规则),
``clocks`` (response clocks, emergency grade) and ``records`` (rumour leads, feedback, meetings).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_log, changes
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, NotFound, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion.enums import LEVEL_SHORT, RAISED_LEVELS, WarningLevel
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.models import Event
from gongkai.opinion.response_models import (
    EventAssignment,
    OpinionResponse,
    ResponseClock,
    ResponseEventPage,
)
from gongkai.opinion.services import monitor_recipients
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_resubmit, review_start

from . import actions as action_specs
from . import permissions, routing, webhooks
from .clocks import (
    DEFAULT_MAJOR_GRADES,
    _answers,
    _ensure_clocks,
    _stop_clock,
    event_grade_emergency,
    is_major_emergency,
)
from .common import _event_link, _moment, _text, coordinator_recipients, receiving_recipients, routing_lead
from .enums import (
    HELD_KINDS,
    AssignmentAction,
    AssignmentRole,
    AssignmentStatus,
    ClockOutcome,
    Obligation,
    ResponseAction,
    ResponseKind,
    ResponseStatus,
)
from .records import feedback_create, meeting_create, rumour_lead_create, rumour_lead_record_result
from .routing_rules import routing_rule_create, routing_rule_delete, routing_rule_update
from .selectors import clock_list_overdue

logger = logging.getLogger("gongkai.opinion.response")

REVIEW_TEMPLATE_KEY = "opinion.release"


# =====================================================================================
# Assignments: routing and claiming
# =====================================================================================


def assignment_transition(*, actor, assignment: EventAssignment, action: str, system: bool = False) -> EventAssignment:
    """The one place that changes an assignment's status (``transitions.ASSIGNMENT_TRANSITIONS``).

    ``claim`` is for the unit's own staff; ``system=True`` is for the service's internal moves
    (respond on publication, withdraw on re-routing), whose callers checked their own permissions.
    """
    with transaction.atomic():
        locked = (
            EventAssignment.objects.select_for_update(of=("self",))
            .select_related("agency")
            .filter(pk=assignment.pk)
            .first()
        )
        if locked is None:
            raise NotFound("未找到该交办记录。")
        spec = action_specs.assignments.get(action)  # its spec: who may, from which status (actions.py)
        if not system:
            if spec.permission is None:
                raise InvalidTransition("该操作只能由系统执行。")
            action_specs.assignments.require(actor, spec, locked)
        new_status = spec.leads_to.get(locked.status)
        if new_status is None:
            raise InvalidTransition(
                f"交办当前为“{locked.get_status_display()}”，不能{spec.label}。",
                detail={"status": locked.status, "action": action},
            )
        old = locked.status
        now = clock.now()
        locked.status = new_status
        fields = ["status", "updated_at"]
        if action == AssignmentAction.CLAIM:
            locked.claimed_by, locked.claimed_at = actor, now
            fields += ["claimed_by", "claimed_at"]
        elif action == AssignmentAction.RESPOND:
            locked.responded_at = now
            fields.append("responded_at")
        locked.save(update_fields=fields)
        audit_log(
            actor=actor,
            event=OpinionEvent.assignment_action(action),
            target=locked,
            data={"event": locked.event_id, "old": {"status": old}, "new": {"status": new_status}},
        )
    return locked


def assignment_claim(*, actor, assignment: EventAssignment) -> EventAssignment:
    """The receiving unit claims the event (its staff only; another unit's claim is refused)."""
    claimed = assignment_transition(actor=actor, assignment=assignment, action=AssignmentAction.CLAIM)
    event = claimed.event
    notify(
        recipients=coordinator_recipients(event),
        subject=f"{claimed.agency.name}已认领舆情事件：{event.title[:60]}",
        body=f"{claimed.agency.name}（{claimed.get_role_display()}）已于 {timezone.localtime(claimed.claimed_at):%Y-%m-%d %H:%M} 认领。",
        link=_event_link(event),
        event=OpinionEvent.ASSIGNMENT_CLAIMED,
        channels=("in_app",),
        dedupe_key=f"opinion:assignment:{claimed.pk}:claimed",
    )
    return claimed


def _notify_assignment(assignment: EventAssignment, event) -> None:
    level = LEVEL_SHORT.get(event.level, event.level)
    role = assignment.get_role_display()
    notify(
        recipients=receiving_recipients(assignment.agency_id),
        subject=f"舆情交办（{role}，{level}预警）：{event.title[:60]}",
        body=(
            f"舆情事件“{event.title}”已交办{assignment.agency.name}（{role}）。\n"
            f"交办依据：{assignment.reason}\n请及时认领并按时限回应。"
        ),
        link=_event_link(event),
        event=OpinionEvent.ASSIGNMENT_CREATED,
        dedupe_key=f"opinion:assignment:{assignment.pk}:{assignment.role}",
    )


def _apply_plan(*, event, plan: routing.RoutingPlan, actor, note: str = "") -> list[EventAssignment]:
    existing = {a.agency_id: a for a in EventAssignment.objects.select_for_update().filter(event=event)}
    wanted_ids = {p.agency.pk for p in plan.assignments}
    touched: list[EventAssignment] = []
    created: list[EventAssignment] = []
    for p in plan.assignments:
        row = existing.get(p.agency.pk)
        reason = p.reason + (f"；{note}" if note else "")
        if row is None:
            row = EventAssignment.objects.create(
                event=event,
                agency=p.agency,
                role=p.role,
                reason=reason[:2000],
                routed_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            created.append(row)
        else:
            if row.status == AssignmentStatus.WITHDRAWN:
                row = assignment_transition(actor=actor, assignment=row, action=AssignmentAction.REASSIGN, system=True)
                created.append(row)
            if row.role != p.role or row.reason != reason[:2000]:
                if row.role != p.role and row not in created:
                    created.append(row)  # a new role is news to the unit
                row.role, row.reason = p.role, reason[:2000]
                row.save(update_fields=["role", "reason", "updated_at"])
        touched.append(row)
    for agency_id, row in existing.items():
        if agency_id not in wanted_ids and row.status in (AssignmentStatus.ASSIGNED, AssignmentStatus.CLAIMED):
            assignment_transition(actor=actor, assignment=row, action=AssignmentAction.WITHDRAW, system=True)
    for row in created:
        _notify_assignment(row, event)
    return touched


def event_route(
    *,
    event: Event,
    actor=None,
    lead: Agency | None = None,
    co_handlers: Iterable[Agency] = (),
    reason: str = "",
) -> list[EventAssignment]:
    """Create the event's assignments, start its clocks, audit and notify.

    Without ``lead``: by the routing rules (``routing.plan_for``); with ``actor=None`` (the system,
    on a new orange/red warning) an event already routed is left as it is. With ``lead``: a
    coordinator's manual routing (the lead, co-handlers, and the coordinators by the rules);
    assignments not in the new plan that were not answered yet are withdrawn.
    """
    manual = actor is not None
    if manual:
        permissions.require_coordinator(actor, event)
    reason = _text(reason, "交办说明", required=False, max_length=500)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        already = EventAssignment.objects.filter(event=locked).exclude(status=AssignmentStatus.WITHDRAWN).exists()
        if not manual and already:
            return list(EventAssignment.objects.filter(event=locked).exclude(status=AssignmentStatus.WITHDRAWN))
        plan = routing.plan_for(locked)
        if lead is not None:
            if not isinstance(lead, Agency) or not lead.is_active:
                raise ValidationFailed("请选择牵头单位。")
            manual_plan = routing.RoutingPlan(jurisdiction=plan.jurisdiction, summary="人工交办")
            manual_plan.add(lead, AssignmentRole.LEAD, "组织协调单位指定牵头单位")
            for agency in co_handlers:
                manual_plan.add(agency, AssignmentRole.CO_HANDLER, "组织协调单位指定配合单位")
            for p in plan.assignments:
                if p.role == AssignmentRole.COORDINATOR:
                    manual_plan.add(p.agency, p.role, p.reason)
            plan = manual_plan
        if plan.lead is None:
            raise ValidationFailed(
                "无法确定承办单位：事件未关联乡镇或部门，且所在地区没有政府办公室或组织协调规则。请手动指定牵头单位。",
                code="no_route",
            )
        rows = _apply_plan(event=locked, plan=plan, actor=actor, note=reason)
        lead_agency = plan.lead
        clocks = _ensure_clocks(event=locked, lead=lead_agency)
        audit_log(
            actor=actor,
            event=OpinionEvent.EVENT_ROUTED,
            target=locked,
            agency_id=lead_agency.pk,
            data={
                "mode": "manual" if lead is not None else ("rules" if manual else "automatic"),
                "summary": plan.summary,
                "reason": reason,
                "jurisdiction": plan.jurisdiction.code if plan.jurisdiction else None,
                "assignments": [{"agency": r.agency_id, "role": r.role, "status": r.status} for r in rows],
                "clocks": [{"obligation": c.obligation, "due_at": c.deadline.due_at} for c in clocks],
            },
        )
    return rows


# =====================================================================================
# Warnings (the monitoring side's signal, and the sweep's safety net)
# =====================================================================================


def event_warning_received(*, event_id: int) -> dict[str, Any]:
    """React to an event at orange/red: notify the coordinators (in-app, e-mail, webhook) and route it.

    Idempotent: notices carry dedupe keys per event and level, routing leaves a routed event as
    it is but adds the major clocks if the event rose after it was routed.
    """
    with routing.memoised():
        return _event_warning_received(event_id)


def _event_warning_received(event_id: int) -> dict[str, Any]:
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.level not in RAISED_LEVELS:
        return {"routed": False, "notified": 0}
    level = LEVEL_SHORT.get(event.level, event.level)
    routed = False
    try:
        if not EventAssignment.objects.filter(event=event).exclude(status=AssignmentStatus.WITHDRAWN).exists():
            event_route(event=event, actor=None)
            routed = True
        else:
            lead = routing_lead(event)
            if lead is not None:
                with transaction.atomic():
                    Event.objects.select_for_update().get(pk=event.pk)
                    _ensure_clocks(event=event, lead=lead)
    except ValidationFailed as exc:
        logger.warning("event %s not routed automatically: %s", event.pk, exc.message)
    event.refresh_from_db()
    recipients = coordinator_recipients(event)
    # the monitoring side already told the opinion monitors of the event's units
    told = {u.pk for u in monitor_recipients(event.pk)}
    recipients = [u for u in recipients if u.pk not in told]
    rows = notify(
        recipients=recipients,
        subject=f"{level}预警：{event.title[:80]}",
        body=f"舆情事件“{event.title}”达到{dict(WarningLevel.choices).get(event.level, event.level)}。\n研判理由：{event.level_reason or '—'}",
        link=_event_link(event),
        event=OpinionEvent.WARNING,
        dedupe_key=f"opinion:warning:{event.pk}:{event.level}",
    )
    webhooks.webhook_enqueue_warning(event=event)
    return {"routed": routed, "notified": len(rows)}


# =====================================================================================
# Responses (R5.6) and their review
# =====================================================================================

RESPONSE_FIELDS = ("kind", "title", "body", "public_event_title", "held_at", "place", "speakers")


def _may_draft(actor, event, agency: Agency) -> EventAssignment:
    permissions.require_unit_staff(actor, agency, "只有承办单位的工作人员可以起草回应。")
    assignment = (
        EventAssignment.objects.filter(event=event, agency=agency).exclude(status=AssignmentStatus.WITHDRAWN).first()
    )
    if assignment is None:
        raise ValidationFailed("该单位不是本事件的承办或协调单位，不能发布回应。")
    if assignment.role != AssignmentRole.COORDINATOR and assignment.status == AssignmentStatus.ASSIGNED:
        raise InvalidTransition("请先认领该事件，再起草回应。")
    return assignment


def _response_values(values: dict[str, Any]) -> dict[str, Any]:
    kind = values.get("kind")
    if kind not in ResponseKind.values:
        raise ValidationFailed("请选择回应形式。")
    out = {
        "kind": kind,
        "title": _text(values.get("title"), "标题", max_length=200),
        "body": _text(values.get("body"), "正文", max_length=50000),
        "public_event_title": _text(values.get("public_event_title"), "公开的事件名称", required=False, max_length=200),
        "place": _text(values.get("place"), "地点或媒体", required=False, max_length=200),
        "speakers": _text(values.get("speakers"), "发布人 / 受访人", required=False, max_length=200),
        "held_at": _moment(values.get("held_at"), "举行时间", required=kind in HELD_KINDS),
    }
    if kind not in HELD_KINDS:
        out["held_at"] = None
    return out


def response_create(*, actor, event: Event, agency: Agency, **values) -> OpinionResponse:
    unknown = set(values) - set(RESPONSE_FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}")
    _may_draft(actor, event, agency)
    data = _response_values(values)
    with transaction.atomic():
        row = OpinionResponse.objects.create(event=event, agency=agency, drafted_by=actor, **data)
        audit_log(
            actor=actor, event=OpinionEvent.RESPONSE_CREATED, target=row, data={"new": {**data, "event": event.pk}}
        )
    return row


def response_update(*, actor, response: OpinionResponse, **values) -> OpinionResponse:
    unknown = set(values) - set(RESPONSE_FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}")
    permissions.require_unit_staff(actor, response.agency_id, "只有起草单位的工作人员可以修改回应。")
    with transaction.atomic():
        locked = OpinionResponse.objects.select_for_update().get(pk=response.pk)
        if locked.status not in (ResponseStatus.DRAFT, ResponseStatus.RETURNED):
            raise InvalidTransition(f"回应当前为“{locked.get_status_display()}”，不能修改。")
        current = {f: getattr(locked, f) for f in RESPONSE_FIELDS}
        data = _response_values({**current, **values})
        diff = changes(locked, list(data), data)
        if diff["new"]:
            for name, value in data.items():
                setattr(locked, name, value)
            locked.save()
            audit_log(actor=actor, event=OpinionEvent.RESPONSE_UPDATED, target=locked, data=diff)
    return locked


def response_transition(
    *, actor, response: OpinionResponse, action: str, data: dict[str, Any] | None = None
) -> OpinionResponse:
    """The one place that changes a response's status (``transitions.RESPONSE_TRANSITIONS``).

    Called by ``response_submit`` and by the review hooks (``reviews.py``) inside the review
    decision's transaction; publishing stops the clocks it answers.
    """
    with transaction.atomic():
        locked = (
            OpinionResponse.objects.select_for_update(of=("self",))
            .select_related("event", "agency")
            .get(pk=response.pk)
        )
        spec = action_specs.responses.get(action)  # its spec (actions.py); who may: the calling service
        new_status = spec.leads_to.get(locked.status)
        if new_status is None:
            raise InvalidTransition(
                f"回应当前为“{locked.get_status_display()}”，不能{spec.label}。",
                detail={"status": locked.status, "action": action},
            )
        old = locked.status
        now = clock.now()
        locked.status = new_status
        extra: dict[str, Any] = dict(data or {})
        if action in (ResponseAction.SUBMIT, ResponseAction.RESUBMIT):
            locked.submitted_at = now
        if action == ResponseAction.PUBLISH:
            if locked.held_at is not None and locked.held_at > now:
                raise ValidationFailed("举行时间晚于当前时间，不能发布。")
            locked.published_at = now
            locked.review_procedure = (extra.get("review_procedure") or "")[:500]
        if action == ResponseAction.WITHDRAW:
            locked.withdrawn_reason = (extra.get("reason") or "")[:300]
        locked.save()
        audit_log(
            actor=actor,
            event=OpinionEvent.response_action(action),
            target=locked,
            data={"old": {"status": old}, "new": {"status": new_status}, **({"detail": extra} if extra else {})},
        )
        if action == ResponseAction.PUBLISH:
            _after_publish(locked)
        if action == ResponseAction.WITHDRAW:
            _after_withdraw(locked)
    return locked


def _after_publish(response: OpinionResponse) -> None:
    event = Event.objects.select_for_update().get(pk=response.event_id)
    page = ResponseEventPage.objects.select_for_update().filter(event=event).first()
    title = response.public_event_title or (page.title if page else response.title)
    if page is None:
        page = ResponseEventPage.objects.create(
            event=event, title=title, first_published_at=response.published_at, last_published_at=response.published_at
        )
    else:
        page.title = title
        page.last_published_at = response.published_at
        page.is_public = True
        page.save(update_fields=["title", "last_published_at", "is_public", "updated_at"])
    for c in ResponseClock.objects.filter(event=event, outcome=ClockOutcome.OPEN).order_by("id"):
        if _answers(c.obligation, response.kind):
            _stop_clock(c, response)
    assignment = (
        EventAssignment.objects.filter(event=event, agency_id=response.agency_id)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .first()
    )
    if assignment is not None and assignment.status != AssignmentStatus.RESPONDED:
        assignment_transition(actor=None, assignment=assignment, action=AssignmentAction.RESPOND, system=True)


def _after_withdraw(response: OpinionResponse) -> None:
    remaining = OpinionResponse.objects.filter(event_id=response.event_id, status=ResponseStatus.PUBLISHED).exists()
    if not remaining:
        ResponseEventPage.objects.filter(event_id=response.event_id).update(is_public=False)


def response_submit(*, actor, response: OpinionResponse, comment: str = "") -> OpinionResponse:
    """Send a draft to the ``opinion.release`` review (drafting unit → confidentiality review → leader)."""

    permissions.require_unit_staff(actor, response.agency_id, "只有起草单位的工作人员可以提交审核。")
    with transaction.atomic():
        row = response_transition(actor=actor, response=response, action=ResponseAction.SUBMIT)
        review_start(actor=actor, target=row, template_key=REVIEW_TEMPLATE_KEY, agency=row.agency, comment=comment)
    return row


def response_resubmit(*, actor, response: OpinionResponse, comment: str = "") -> OpinionResponse:
    """Send a returned response back to its review (it resumes at the step that returned it)."""

    review = review_active_for(response)
    if review is None:
        raise InvalidTransition("该回应没有退回修改中的审核。")
    review_resubmit(actor=actor, review=review, comment=comment)
    response.refresh_from_db()
    return response


def response_withdraw(*, actor, response: OpinionResponse, reason: str) -> OpinionResponse:
    """Take a published response off the public column (the unit's administrator, with a reason)."""
    org_permissions.require_unit_admin(actor, response.agency_id)
    reason = _text(reason, "撤下原因", max_length=300)
    return response_transition(actor=actor, response=response, action=ResponseAction.WITHDRAW, data={"reason": reason})


# =====================================================================================
# The periodic sweep: escalation of overdue clocks, routing that was missed
# =====================================================================================


def response_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Escalate overdue clocks to the coordinators; route warned events not routed yet.

    Idempotent: each clock is escalated once per due time (``escalated_at`` and a dedupe key),
    and routing leaves routed events alone.
    """

    now = now or clock.now()
    escalated = routed = 0
    for pk in list(clock_list_overdue(now).filter(escalated_at__isnull=True).values_list("pk", flat=True)):
        with transaction.atomic():
            c = (
                ResponseClock.objects.select_for_update(of=("self",))
                .select_related("deadline", "event", "agency")
                .filter(pk=pk, outcome=ClockOutcome.OPEN, escalated_at__isnull=True, deadline__due_at__lt=now)
                .first()
            )
            if c is None:
                continue
            c.escalated_at = now
            c.save(update_fields=["escalated_at", "updated_at"])
            event = c.event
            recipients = coordinator_recipients(event)
            due = timezone.localtime(c.deadline.due_at).strftime("%Y-%m-%d %H:%M")
            notify(
                recipients=recipients,
                subject=f"舆情回应逾期：{c.get_obligation_display()}（{c.agency.name}）",
                body=(
                    f"舆情事件“{event.title}”的{c.get_obligation_display()}时限（{c.deadline.amount}小时，依据：{c.deadline.citation}）"
                    f"已于 {due} 到期，{c.agency.name}尚未完成。请组织协调、督促落实。"
                ),
                link=_event_link(event),
                event=OpinionEvent.CLOCK_ESCALATED,
                dedupe_key=f"opinion:clock:{c.pk}:escalated:{c.deadline.due_at.isoformat()}",
            )
            audit_log(
                actor=None,
                event=OpinionEvent.CLOCK_ESCALATED,
                target=c,
                data={"due_at": c.deadline.due_at, "notified": [u.get_username() for u in recipients]},
            )
            escalated += 1
    # Safety net: a warning whose signal was missed (or whose routing failed) is routed here.
    unrouted = (
        Event.objects.filter(level__in=list(RAISED_LEVELS), status="active")
        .exclude(
            assignments__status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.CLAIMED, AssignmentStatus.RESPONDED]
        )
        .values_list("pk", flat=True)[:200]
    )
    for pk in list(unrouted):
        result = event_warning_received(event_id=pk)
        routed += int(result["routed"])
    # Clocks that do not match the event's grade (clocks started by colour before grading existed,
    # or a rule changed): switched to what the grade calls for, audited.
    switched = 0
    mismatched = (
        ResponseClock.objects.filter(
            outcome=ClockOutcome.OPEN, obligation__in=[Obligation.FIRST_RELEASE, Obligation.PRESS_CONFERENCE]
        )
        .exclude(event__emergency_grade__in=list(DEFAULT_MAJOR_GRADES))
        .order_by()
        .values_list("event_id", flat=True)
        .distinct()[:200]
    )
    for pk in list(mismatched):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=pk)
            lead = routing_lead(event)
            if lead is not None and not is_major_emergency(event, lead.region):
                _ensure_clocks(event=event, lead=lead)
                switched += 1
    return {"escalated": escalated, "routed": routed, "clocks_switched": switched}


__all__ = [
    "REVIEW_TEMPLATE_KEY",
    "assignment_claim",
    "assignment_transition",
    "coordinator_recipients",
    "event_grade_emergency",
    "event_route",
    "event_warning_received",
    "feedback_create",
    "meeting_create",
    "receiving_recipients",
    "response_create",
    "response_resubmit",
    "response_submit",
    "response_sweep",
    "response_transition",
    "response_update",
    "response_withdraw",
    "routing_rule_create",
    "routing_rule_delete",
    "routing_rule_update",
    "rumour_lead_create",
    "rumour_lead_record_result",
]
