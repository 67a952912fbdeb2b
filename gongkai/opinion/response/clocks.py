"""The response clocks (SPEC R5.5, "Rules as data"): start, supersede, stop; the emergency grade
that decides which statutory hours apply."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.opinion.enums import EmergencyGrade
from gongkai.opinion.events import OpinionEvent
from gongkai.opinion.models import Event
from gongkai.opinion.response_models import (
    OpinionResponse,
    ResponseClock,
)
from gongkai.opinion.rules import MAJOR_GRADES_KEY
from gongkai.orgs.models import Agency
from gongkai.rules.models import Deadline
from gongkai.rules.selectors import rule_value_or_none
from gongkai.rules.services import deadline_close, deadline_start

from . import permissions
from .common import _text, routing_lead
from .enums import (
    OBLIGATION_RULE_KEYS,
    ClockOutcome,
    Obligation,
    ResponseKind,
    ResponseStatus,
)

logger = logging.getLogger("gongkai.opinion.response")

# If no record of ``opinion.major_emergency_grades`` is in force (a flushed table): the statutory grades.
DEFAULT_MAJOR_GRADES = (EmergencyGrade.PARTICULARLY_SERIOUS, EmergencyGrade.SERIOUS)


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
