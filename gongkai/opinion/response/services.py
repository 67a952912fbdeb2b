"""Writes of the response side of public opinion (SPEC R5.4–R5.9).

Every function is keyword-only, checks permissions (``permissions.py``), runs in one
transaction and writes its audit event in that transaction; e-mails and webhooks go out after
commit. Statutory hours come from ``gongkai.rules`` (``opinion.first_release_major``,
``opinion.press_conference_major``, ``opinion.response_ordinary``) for the lead unit's
jurisdiction on the day the clock starts; hours run 24/7 (SPEC "Working days").
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_log, changes
from gongkai.core import clock, links
from gongkai.core.errors import InvalidTransition, NotFound, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.opinion.enums import LEVEL_SHORT, RAISED_LEVELS, EmergencyGrade, WarningLevel
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.models import Event, Post
from gongkai.opinion.nlp.categories import LABELS as CATEGORY_LABELS
from gongkai.opinion.response_models import (
    ConsultationMeeting,
    EventAssignment,
    OpinionResponse,
    ResponseClock,
    ResponseEventPage,
    ResultFeedback,
    RoutingRule,
    RumourLead,
)
from gongkai.opinion.rules import MAJOR_GRADES_KEY
from gongkai.opinion.services import monitor_recipients
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency, Region, User
from gongkai.rules.models import Deadline
from gongkai.rules.selectors import rule_value_or_none
from gongkai.rules.services import deadline_close, deadline_start
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_resubmit, review_start

from . import actions as action_specs
from . import permissions, routing, webhooks
from .enums import (
    HELD_KINDS,
    OBLIGATION_RULE_KEYS,
    AssignmentAction,
    AssignmentRole,
    AssignmentStatus,
    ClockOutcome,
    FeedbackChannel,
    LeadRecipient,
    Obligation,
    ResponseAction,
    ResponseKind,
    ResponseStatus,
    RoutingRuleKind,
)
from .selectors import clock_list_overdue

logger = logging.getLogger("gongkai.opinion.response")
# If no record of ``opinion.major_emergency_grades`` is in force (a flushed table): the statutory grades.
DEFAULT_MAJOR_GRADES = (EmergencyGrade.PARTICULARLY_SERIOUS, EmergencyGrade.SERIOUS)

REVIEW_TEMPLATE_KEY = "opinion.release"


# =====================================================================================
# Helpers
# =====================================================================================


def _text(value: Any, label: str, *, required: bool = True, max_length: int | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。")
    if max_length is not None and len(text) > max_length:
        raise ValidationFailed(f"{label}不能超过 {max_length} 个字。")
    if "\x00" in text:
        raise ValidationFailed(f"{label}含有无效字符。")
    return text


def _moment(value: Any, label: str, *, required: bool = True, not_future: bool = True) -> dt.datetime | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{label}。")
        return None
    if isinstance(value, dt.datetime):
        moment = value if timezone.is_aware(value) else timezone.make_aware(value)
    else:
        raise ValidationFailed(f"{label}格式无效。")
    if not_future and moment > clock.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(f"{label}不能晚于当前时间。")
    return moment


def _users_with_roles(agency_ids: Iterable[int], roles: Iterable[str]) -> list[User]:
    ids = list(agency_ids)
    if not ids:
        return []
    return list(
        User.objects.filter(is_active=True, role_assignments__agency_id__in=ids, role_assignments__role__in=list(roles))
        .distinct()
        .order_by("pk")
    )


def receiving_recipients(agency: Agency | int) -> list[User]:
    """The receiving unit's opinion monitors and unit administrators."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return _users_with_roles([agency_id], permissions.RECEIVING_ROLES)


def coordinator_recipients(event) -> list[User]:
    """Who is told of warnings and escalations: the coordinator units' staff in the coordinating roles,
    or, before the event is routed, the holders of those roles at the jurisdiction's governments."""
    ids = permissions.coordinator_agency_ids(event)
    if not ids:
        ids = {a.pk for a in routing.jurisdiction_governments(event)}
    direct = _users_with_roles(ids, permissions.COORDINATOR_NOTICE_ROLES)
    # Covering roles held above (e.g. the county news office seen from a township) are not added:
    # the coordinators are the units of the event's own jurisdiction.
    return direct


def _event_link(event) -> str:
    return links.url("opinion.event.response", event.pk)  # the back office says where


def _agency_label(agency: Agency) -> str:
    return agency.name


# =====================================================================================
# Routing rules (editable data)
# =====================================================================================


def _rule_values(*, kind, region, agency, category, keywords, priority, citation, note) -> dict[str, Any]:
    if kind not in RoutingRuleKind.values:
        raise ValidationFailed("请选择规则类型。")
    if not isinstance(region, Region):
        raise ValidationFailed("请选择适用区划。")
    if not isinstance(agency, Agency):
        raise ValidationFailed("请选择单位。")

    category = (category or "").strip()
    if category and category not in CATEGORY_LABELS:
        raise ValidationFailed("舆情类别无效。")
    if isinstance(keywords, str):
        keywords = [w for w in keywords.replace("，", " ").replace(",", " ").split() if w]
    keywords = [str(w).strip() for w in (keywords or []) if str(w).strip()]
    if any(len(w) > 20 for w in keywords) or len(keywords) > 50:
        raise ValidationFailed("关键词每个不超过 20 个字，最多 50 个。")
    if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 999:
        raise ValidationFailed("优先级应为 0–999 的整数。")
    return {
        "kind": kind,
        "region": region,
        "agency": agency,
        "category": category,
        "keywords": keywords,
        "priority": priority,
        "citation": _text(citation, "依据（文件文号及条款）", max_length=300),
        "note": _text(note, "说明", required=False, max_length=300),
    }


def routing_rule_create(
    *,
    actor,
    kind: str,
    region: Region,
    agency: Agency,
    citation: str,
    category: str = "",
    keywords: list[str] | str = (),
    priority: int = 100,
    note: str = "",
) -> RoutingRule:
    values = _rule_values(
        kind=kind,
        region=region,
        agency=agency,
        category=category,
        keywords=keywords,
        priority=priority,
        citation=citation,
        note=note,
    )
    permissions.require_routing_editor(actor, values["region"])
    with transaction.atomic():
        rule = RoutingRule.objects.create(**values)
        audit_log(
            actor=actor,
            event=OpinionEvent.ROUTING_RULE_CREATED,
            target=rule,
            data={
                "new": {
                    **{k: v for k, v in values.items() if k not in ("region", "agency")},
                    "region": region.code,
                    "agency": agency.pk,
                }
            },
        )
    return rule


def routing_rule_update(*, actor, rule: RoutingRule, **fields) -> RoutingRule:
    permissions.require_routing_editor(actor, rule.region)
    current = {
        "kind": rule.kind,
        "region": rule.region,
        "agency": rule.agency,
        "category": rule.category,
        "keywords": rule.keywords,
        "priority": rule.priority,
        "citation": rule.citation,
        "note": rule.note,
    }
    unknown = set(fields) - set(current) - {"is_active"}
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}")
    is_active = fields.pop("is_active", rule.is_active)
    values = _rule_values(**{**current, **fields})
    permissions.require_routing_editor(actor, values["region"])
    values["is_active"] = bool(is_active)
    with transaction.atomic():
        locked = RoutingRule.objects.select_for_update().get(pk=rule.pk)
        plain = {k: (v.pk if isinstance(v, Agency | Region) else v) for k, v in values.items()}
        diff = changes(locked, [k for k in plain if k not in ("region", "agency")], plain)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_log(actor=actor, event=OpinionEvent.ROUTING_RULE_UPDATED, target=locked, data=diff)
    return locked


def routing_rule_delete(*, actor, rule: RoutingRule) -> None:
    permissions.require_routing_editor(actor, rule.region)
    with transaction.atomic():
        audit_log(
            actor=actor,
            event=OpinionEvent.ROUTING_RULE_DELETED,
            target=rule,
            data={
                "old": {
                    "kind": rule.kind,
                    "region": rule.region.code,
                    "agency": rule.agency_id,
                    "citation": rule.citation,
                }
            },
        )
        rule.delete()


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
# Clocks (SPEC R5.5, "Rules as data")
# =====================================================================================


def _clock_start_for(event, obligation: str) -> dt.datetime:
    """When a clock starts: the ordinary one when the event was detected (its first post), the
    major ones when the emergency became known as such (the warning, else the person's grading)."""
    if obligation in (Obligation.FIRST_RELEASE, Obligation.PRESS_CONFERENCE):
        return event.warned_at or event.emergency_graded_at or event.level_changed_at or clock.now()
    return event.first_seen_at or event.created_at or clock.now()


def is_major_emergency(event, jurisdiction=None) -> bool:
    """Whether the event's classified emergency grade carries the 5 h / 24 h clocks.

    Only a person's grading counts (``event_grade_emergency``), never the warning colour: the rule
    ``opinion.major_emergency_grades`` (特别重大、重大: 国办发〔2016〕61号 三, 80号 三(四)) lists the grades.
    """
    if not event.emergency_grade or event.emergency_grade == EmergencyGrade.NOT_EMERGENCY:
        return False

    record = rule_value_or_none(MAJOR_GRADES_KEY, jurisdiction, timezone.localdate(clock.now()))
    grades = (record.value or {}).get("grades", []) if record is not None else list(DEFAULT_MAJOR_GRADES)
    return event.emergency_grade in grades


def _start_clock(*, event, obligation: str, lead: Agency, start: dt.datetime) -> ResponseClock:
    deadline = deadline_start(
        actor=None,  # the statutory clock is the system's; the caller checked the actor
        target=event,
        agency=lead,
        rule_key=OBLIGATION_RULE_KEYS[Obligation(obligation)],
        jurisdiction=lead.region,
        start=start,
        title=f"{Obligation(obligation).label}：{event.title}"[:200],
    )
    return ResponseClock.objects.create(event=event, obligation=obligation, agency=lead, deadline=deadline)


def _supersede(c: ResponseClock, now: dt.datetime) -> None:
    c.outcome = ClockOutcome.SUPERSEDED
    c.save(update_fields=["outcome", "updated_at"])
    deadline_close(actor=None, deadline=c.deadline, at=max(now, c.deadline.start_at))
    audit_log(actor=None, event=OpinionEvent.CLOCK_SUPERSEDED, target=c, data={"obligation": c.obligation})


def _ensure_clocks(*, event, lead: Agency) -> list[ResponseClock]:
    """Start the clocks the event's emergency grade calls for (idempotent), put them on the lead unit.

    A person graded it 特别重大 / 重大突发事件 (``is_major_emergency``): first authoritative release
    (5 h) and press conference (24 h); an open ordinary clock is superseded. Any other event,
    whatever its warning colour: the ordinary response (48 h; 祥云县 36 h) from its detection; open
    major clocks of an event graded down are superseded.
    """
    live = {
        c.obligation: c
        for c in ResponseClock.objects.select_related("deadline")
        .filter(event=event)
        .exclude(outcome=ClockOutcome.SUPERSEDED)
    }
    now = clock.now()
    major = is_major_emergency(event, lead.region)
    wanted = [Obligation.FIRST_RELEASE, Obligation.PRESS_CONFERENCE] if major else [Obligation.ORDINARY]
    for obligation in [o for o in live if o not in wanted]:
        if live[obligation].outcome == ClockOutcome.OPEN:
            _supersede(live.pop(obligation), now)
    result = []
    for obligation in wanted:
        c = live.get(obligation)
        if c is None:
            if obligation == Obligation.ORDINARY and Obligation.FIRST_RELEASE in live:
                continue  # answered (or missed) as a major emergency: that record stays
            c = _start_clock(event=event, obligation=obligation, lead=lead, start=_clock_start_for(event, obligation))
            # A response already published before the clock started answers it at once.
            _stop_by_earlier_responses(c)
        elif c.outcome == ClockOutcome.OPEN and c.agency_id != lead.pk:
            old = c.agency_id
            c.agency = lead
            c.save(update_fields=["agency", "updated_at"])
            Deadline.objects.filter(pk=c.deadline_id).update(agency=lead)
            audit_log(
                actor=None,
                event=OpinionEvent.CLOCK_MOVED,
                target=c,
                data={"old": {"agency": old}, "new": {"agency": lead.pk}},
            )
        result.append(c)
    return result


def event_grade_emergency(*, actor, event: Event, grade: str, reason: str = "") -> Event:
    """A person classifies the emergency the event is about (or says it is none); the clocks follow.

    Coordinators of the event decide (``permissions.require_emergency_grader``). 特别重大 / 重大 put
    the 5 h / 24 h clocks on a routed event (from its warning), any other grade the ordinary clock
    (from its detection); a grade of 特别重大 / 重大 needs a reason. Audited with the old and new grade.
    """
    permissions.require_emergency_grader(actor, event)
    if grade not in EmergencyGrade.values or grade == EmergencyGrade.UNCLASSIFIED:
        raise ValidationFailed("请选择突发事件等级。", code="invalid_grade")
    reason = _text(reason, "定级理由", required=False, max_length=1000)
    if grade in (EmergencyGrade.PARTICULARLY_SERIOUS, EmergencyGrade.SERIOUS) and not reason:
        raise ValidationFailed("定为特别重大、重大突发事件时请填写定级理由。", code="reason_required")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        old = locked.emergency_grade
        locked.emergency_grade = grade
        locked.emergency_grade_reason = reason
        locked.emergency_graded_at = clock.now()
        locked.emergency_graded_by = actor
        locked.save(
            update_fields=[
                "emergency_grade",
                "emergency_grade_reason",
                "emergency_graded_at",
                "emergency_graded_by",
                "updated_at",
            ]
        )
        lead = routing_lead(locked)
        clocks = _ensure_clocks(event=locked, lead=lead) if lead is not None else []
        audit_log(
            actor=actor,
            event=OpinionEvent.EMERGENCY_GRADED,
            target=locked,
            data={
                "old": {"grade": old},
                "new": {"grade": grade},
                "reason": reason,
                "clocks": [{"obligation": c.obligation, "due_at": c.deadline.due_at} for c in clocks],
            },
        )
    return locked


def _answers(obligation: str, kind: str) -> bool:
    if obligation == Obligation.PRESS_CONFERENCE:
        return kind == ResponseKind.PRESS_CONFERENCE
    return True  # any published form of response answers the first release / ordinary clock (R5.6)


def _stop_clock(c: ResponseClock, response: OpinionResponse) -> None:
    d = Deadline.objects.get(pk=c.deadline_id)
    at = max(response.stop_time, d.start_at)
    closed = deadline_close(actor=None, deadline=d, at=at)
    c.outcome = ClockOutcome.MET if closed.due_at is None or at <= closed.due_at else ClockOutcome.LATE
    c.stopped_at, c.response = at, response
    c.save(update_fields=["outcome", "stopped_at", "response", "updated_at"])
    audit_log(
        actor=None,
        event=OpinionEvent.CLOCK_STOPPED,
        target=c,
        data={
            "obligation": c.obligation,
            "response": response.pk,
            "at": at,
            "due_at": closed.due_at,
            "outcome": c.outcome,
        },
    )


def _stop_by_earlier_responses(c: ResponseClock) -> None:
    earlier = OpinionResponse.objects.filter(event_id=c.event_id, status=ResponseStatus.PUBLISHED).order_by(
        "published_at", "id"
    )
    for response in earlier:
        if _answers(c.obligation, response.kind):
            _stop_clock(c, response)
            return


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


def routing_lead(event) -> Agency | None:
    row = (
        EventAssignment.objects.filter(event=event, role=AssignmentRole.LEAD)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("agency")
        .first()
    )
    return row.agency if row else None


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
# Rumour leads (R5.7), feedback (R5.8), joint consultation (R5.9)
# =====================================================================================


def _may_record(actor, event, agency: Agency) -> None:
    permissions.require_unit_staff(actor, agency, "只有承办或协调单位的工作人员可以登记。")
    if (
        not EventAssignment.objects.filter(event=event, agency=agency)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .exists()
    ):
        raise ValidationFailed("该单位不是本事件的承办或协调单位。")


def rumour_lead_create(
    *,
    actor,
    event: Event,
    agency: Agency,
    recipient_kind: str,
    recipient_name: str,
    handed_at: dt.datetime,
    content: str,
    recipient_agency: Agency | None = None,
    post_ids: Iterable[int] = (),
) -> RumourLead:
    """Record leads handed to the internet-information office or the police (to whom, when, what)."""
    _may_record(actor, event, agency)
    if recipient_kind not in LeadRecipient.values:
        raise ValidationFailed("请选择接收部门类别。")
    name = _text(recipient_name or (recipient_agency.name if recipient_agency else ""), "接收单位名称", max_length=200)
    moment = _moment(handed_at, "移交时间")
    text = _text(content, "移交的情况和线索", max_length=20000)
    ids = sorted({int(i) for i in post_ids})
    if ids:
        found = set(Post.objects.filter(pk__in=ids, event=event).values_list("pk", flat=True))
        if found != set(ids):
            raise ValidationFailed("所列舆情信息不属于本事件。", detail={"unknown": sorted(set(ids) - found)})
    with transaction.atomic():
        lead = RumourLead.objects.create(
            event=event,
            agency=agency,
            recipient_kind=recipient_kind,
            recipient_agency=recipient_agency,
            recipient_name=name,
            handed_at=moment,
            content=text,
            post_ids=ids,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            event=OpinionEvent.RUMOUR_LEAD_HANDED,
            target=lead,
            data={
                "new": {"event": event.pk, "to": recipient_kind, "recipient": name, "handed_at": moment, "posts": ids}
            },
        )
    if recipient_agency is not None:
        notify(
            recipients=_users_with_roles([recipient_agency.pk], (*permissions.RECEIVING_ROLES, "opinion_monitor")),
            subject=f"谣言线索移交：{event.title[:60]}",
            body=f"{agency.name}于 {timezone.localtime(moment):%Y-%m-%d %H:%M} 移交线索：\n{text}",
            link=_event_link(event),
            event=OpinionEvent.RUMOUR_LEAD,
            dedupe_key=f"opinion:rumour_lead:{lead.pk}",
        )
    return lead


def rumour_lead_record_result(
    *, actor, lead: RumourLead, result: str, result_at: dt.datetime | None = None
) -> RumourLead:
    if not (
        permissions.is_unit_staff(actor, lead.agency_id)
        or (lead.recipient_agency_id and permissions.is_unit_staff(actor, lead.recipient_agency_id))
    ):
        org_permissions.require(False, "只有移交单位或接收单位的工作人员可以登记查处结果。")
    text = _text(result, "查处结果", max_length=5000)
    moment = _moment(result_at, "结果反馈时间", required=False) or clock.now()
    with transaction.atomic():
        locked = RumourLead.objects.select_for_update().get(pk=lead.pk)
        diff = changes(locked, ["result", "result_at"], {"result": text, "result_at": moment})
        locked.result, locked.result_at = text, moment
        locked.save(update_fields=["result", "result_at", "updated_at"])
        audit_log(actor=actor, event=OpinionEvent.RUMOUR_LEAD_RESULT, target=locked, data=diff)
    return locked


def feedback_create(
    *,
    actor,
    event: Event,
    agency: Agency,
    channel: str,
    recipient: str,
    content: str,
    fed_back_at: dt.datetime,
    suggestion_adopted: bool = False,
) -> ResultFeedback:
    """Record how a handling result went back to those who raised it (铜政办发〔2016〕71号 三(三))."""
    _may_record(actor, event, agency)
    if channel not in FeedbackChannel.values:
        raise ValidationFailed("请选择反馈途径。")
    values = {
        "channel": channel,
        "recipient": _text(recipient, "反馈对象", max_length=200),
        "content": _text(content, "反馈内容", max_length=20000),
        "fed_back_at": _moment(fed_back_at, "反馈时间"),
        "suggestion_adopted": bool(suggestion_adopted),
    }
    with transaction.atomic():
        row = ResultFeedback.objects.create(event=event, agency=agency, created_by=actor, **values)
        audit_log(
            actor=actor, event=OpinionEvent.FEEDBACK_RECORDED, target=row, data={"new": {**values, "event": event.pk}}
        )
    return row


def meeting_create(
    *,
    actor,
    event: Event,
    convener: Agency,
    held_at: dt.datetime,
    people: str,
    decisions: str,
    units: Iterable[Agency] = (),
    place: str = "",
) -> ConsultationMeeting:
    """A joint consultation meeting on an orange/red event (祥政办通〔2019〕54号 五(十三), SPEC R5.9)."""
    _may_record(actor, event, convener)
    if event.level not in RAISED_LEVELS and event.warned_at is None:
        raise ValidationFailed("联席会商用于橙色、红色预警（复杂敏感、重大突发）事件。")
    units = list(units)
    if not units:
        raise ValidationFailed("请选择参会单位。")
    values = {
        "held_at": _moment(held_at, "会商时间"),
        "place": _text(place, "地点或方式", required=False, max_length=200),
        "people": _text(people, "参会人员", max_length=5000),
        "decisions": _text(decisions, "会商决定", max_length=20000),
    }
    with transaction.atomic():
        row = ConsultationMeeting.objects.create(event=event, convener=convener, created_by=actor, **values)
        row.units.set(units)
        audit_log(
            actor=actor,
            event=OpinionEvent.MEETING_RECORDED,
            target=row,
            data={"new": {**values, "event": event.pk, "units": [u.pk for u in units]}},
        )
    notify(
        recipients=_users_with_roles([u.pk for u in units], permissions.RECEIVING_ROLES),
        subject=f"舆情会商决定：{event.title[:60]}",
        body=f"{convener.name}于 {timezone.localtime(values['held_at']):%Y-%m-%d %H:%M} 召集会商。\n会商决定：\n{values['decisions']}",
        link=_event_link(event),
        event=OpinionEvent.MEETING,
        channels=("in_app",),
        dedupe_key=f"opinion:meeting:{row.pk}",
    )
    return row


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
