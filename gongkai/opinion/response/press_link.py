"""The press app's links to the response clocks (used through ``gongkai.opinion.interface`` only).

A major public-opinion event (特别重大、重大突发事件) has a 24 h press-conference clock
(``Obligation.PRESS_CONFERENCE``, rule ``opinion.press_conference_major``). A conference planned in
the press app names the event; when it is held, the clock stops at the time it was held (met or
late against the deadline), like a published press-conference response stops it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.rules.models import Deadline
from gongkai.rules.services import deadline_close

from ..response_models import ResponseClock
from .enums import ClockOutcome, Obligation


def open_conference_clocks(agency_ids: set[int] | None) -> list[dict]:
    """Open 24 h press-conference clocks (of the given lead units; ``None`` = all) as plain values."""
    qs = ResponseClock.objects.select_related("event", "deadline").filter(
        obligation=Obligation.PRESS_CONFERENCE, outcome=ClockOutcome.OPEN
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return [
        {"event_id": c.event_id, "title": c.event.title, "agency_id": c.agency_id, "due_at": c.deadline.due_at}
        for c in qs.order_by("deadline__due_at")
    ]


def conference_clock_state(event_id: int) -> dict | None:
    c = (
        ResponseClock.objects.select_related("deadline")
        .filter(event_id=event_id, obligation=Obligation.PRESS_CONFERENCE)
        .exclude(outcome=ClockOutcome.SUPERSEDED)
        .first()
    )
    if c is None:
        return None
    return {"outcome": c.outcome, "due_at": c.deadline.due_at, "stopped_at": c.stopped_at}


def stop_by_conference(*, event_id: int, held_at: dt.datetime) -> str | None:
    """Stop the event's open 24 h conference clock at ``held_at``; the outcome (met / late), or None
    when the event has no open conference clock."""
    with transaction.atomic():
        c = (
            ResponseClock.objects.select_for_update()
            .filter(event_id=event_id, obligation=Obligation.PRESS_CONFERENCE, outcome=ClockOutcome.OPEN)
            .first()
        )
        if c is None:
            return None
        d = Deadline.objects.get(pk=c.deadline_id)
        at = max(held_at, d.start_at)
        closed = deadline_close(actor=None, deadline=d, at=at)
        c.outcome = ClockOutcome.MET if closed.due_at is None or at <= closed.due_at else ClockOutcome.LATE
        c.stopped_at = at
        c.save(update_fields=["outcome", "stopped_at", "updated_at"])
        return c.outcome


def _risk(a) -> dict:
    return {
        "id": a.pk,
        "agency_id": a.agency_id,
        "title": a.decision_title,
        "level": a.level,
        "level_label": a.get_level_display() if a.level else "",
        "findings": a.findings,
        "plan": a.plan,
        "talking_points": a.talking_points,
    }


def concluded_risk_assessments(agency_ids: set[int] | None) -> list[dict]:
    """Concluded opinion risk assessments of major decisions (of the given units; ``None`` = all)."""
    from ..response_models import DecisionRiskAssessment
    from .enums import RiskStatus

    qs = DecisionRiskAssessment.objects.filter(status=RiskStatus.CONCLUDED)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return [_risk(a) for a in qs.order_by("-concluded_at", "-id")[:200]]


def concluded_risk_assessment(pk: int) -> dict | None:
    from ..response_models import DecisionRiskAssessment
    from .enums import RiskStatus

    a = DecisionRiskAssessment.objects.filter(pk=pk, status=RiskStatus.CONCLUDED).first()
    return _risk(a) if a else None
