"""Events: the list, the detail page, routing, grading and claiming an assignment."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, NotFound
from gongkai.opinion.enums import LEVEL_SHORT, RAISED_LEVELS, WarningLevel
from gongkai.opinion.response import (
    oversight,
    permissions,
    selectors,
    services,
)
from gongkai.opinion.response.enums import (
    AssignmentRole,
    AssignmentStatus,
)
from gongkai.opinion.response.forms import (
    EmergencyGradeForm,
    FeedbackForm,
    MeetingForm,
    ReportIssueForm,
    RouteForm,
    RumourLeadForm,
)
from gongkai.orgs import selectors as org_selectors
from gongkai.workflow.selectors import review_for

from .common import CLAIM, PAGE_SIZE, T, _event, _event_url, _jurisdiction_agencies, _level_badge, _message, _my_units

# --- Events -------------------------------------------------------------------------------------------------


@login_required
def event_list(request):
    state = request.GET.get("state", "")
    level = request.GET.get("level", "")
    events = selectors.event_list_visible_to(request.user)
    if level in WarningLevel.values:
        events = events.filter(level=level)
    if state == "raised":
        events = events.filter(level__in=list(RAISED_LEVELS))
    elif state == "unrouted":
        events = events.exclude(
            assignments__status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.CLAIMED, AssignmentStatus.RESPONDED]
        )
    elif state == "overdue":
        events = events.filter(pk__in=selectors.clock_list_overdue().values("event_id"))
    rows = []
    for event in events.order_by("-last_seen_at", "-id")[:PAGE_SIZE]:
        lead = selectors.lead_assignment(event)
        views = selectors.clocks_for(event)
        rows.append(
            {
                "event": event,
                "badge": _level_badge(event.level),
                "lead": lead,
                "clocks": views,
                "overdue": any(v.state == "overdue" for v in views),
            }
        )
    mine = selectors.assignment_list_for_user(request.user).filter(status=AssignmentStatus.ASSIGNED)[:20]
    return render(
        request,
        T + "event_list.html",
        {"rows": rows, "state": state, "level": level, "levels": WarningLevel.choices, "mine": mine},
    )


def _report_form(request, event, data=None):
    return ReportIssueForm(
        data,
        issuers=org_selectors.agency_list_by_ids(
            [a.pk for a in oversight.report_issuer_choices(request.user, event)], order_by=("region__code", "name")
        ),
        recipients=oversight.report_recipient_choices(event),
        initial={"recipients": oversight.report_default_recipients(event)},
    )


def _event_context(request, event, **extra):
    assignments = list(selectors.assignments_for(event))
    staff = permissions.staff_agency_ids(request.user)
    my_units = _my_units(request, event)
    can_coordinate = permissions.can_coordinate(request.user, event)
    jurisdiction_agencies = _jurisdiction_agencies(event)
    lead = next(
        (a for a in assignments if a.role == AssignmentRole.LEAD and a.status != AssignmentStatus.WITHDRAWN), None
    )
    ctx = {
        "event": event,
        "badge": _level_badge(event.level),
        "level_short": LEVEL_SHORT.get(event.level, event.level),
        "raised": event.level in RAISED_LEVELS,
        "assignments": [
            {
                "a": a,
                # the claim spec (opinion/response/actions.py): from which status; who: the unit's staff
                "can_claim": a.status in CLAIM.allowed_from and a.agency_id in staff,
            }
            for a in assignments
        ],
        "lead": lead,
        "clocks": selectors.clocks_for(event),
        "responses": [{"r": r, "review": review_for(r)} for r in selectors.response_list_for_event(event)],
        "leads": event.rumour_leads.select_related("agency", "recipient_agency").order_by("-handed_at"),
        "feedbacks": event.feedbacks.select_related("agency").order_by("-fed_back_at"),
        "meetings": event.meetings.select_related("convener").prefetch_related("units").order_by("-held_at"),
        "level_changes": event.level_changes.order_by("-changed_at", "-id")[:20],
        "can_coordinate": can_coordinate,
        "my_units": my_units,
        "can_draft": my_units.exists(),
        "public_page": getattr(event, "public_page", None) if hasattr(event, "public_page") else None,
        "route_form": RouteForm(agencies=jurisdiction_agencies) if can_coordinate else None,
        "major_emergency": services.is_major_emergency(event, lead.agency.region if lead else None),
        "grade_form": EmergencyGradeForm(
            initial={"grade": event.emergency_grade, "reason": event.emergency_grade_reason}
        )
        if permissions.can_grade_emergency(request.user, event)
        else None,
        "lead_form": RumourLeadForm(
            agencies=my_units,
            recipients=jurisdiction_agencies,
            initial={"handed_at": clock.now().astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)},
        ),
        "feedback_form": FeedbackForm(agencies=my_units),
        "meeting_form": MeetingForm(agencies=my_units, units=jurisdiction_agencies),
        "reports": oversight.report_list_for_event(event),
        "report_form": _report_form(request, event) if can_coordinate else None,
    }
    ctx.update(extra)
    return ctx


@login_required
def event_detail(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    return render(request, T + "event_detail.html", _event_context(request, event))


@login_required
@require_POST
def event_route(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    form = RouteForm(request.POST, agencies=_jurisdiction_agencies(event))
    if not form.is_valid():
        return render(request, T + "event_detail.html", _event_context(request, event, route_form=form), status=422)
    try:
        services.event_route(
            event=event,
            actor=request.user,
            lead=form.cleaned_data["lead"],
            co_handlers=list(form.cleaned_data["co_handlers"]),
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        return _message(request, exc, event=event)
    messages.success(request, _("已交办。"))
    return redirect(_event_url(event))


@login_required
@require_POST
def event_grade(request, pk: int):
    """A coordinator classifies the emergency grade of the event; the clocks follow the grade."""
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    form = EmergencyGradeForm(request.POST)
    if not form.is_valid():
        return render(request, T + "event_detail.html", _event_context(request, event, grade_form=form), status=422)
    try:
        services.event_grade_emergency(
            actor=request.user, event=event, grade=form.cleaned_data["grade"], reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        if exc.code in ("reason_required", "invalid_grade"):
            form.add_error("reason" if exc.code == "reason_required" else "grade", exc.message)
            return render(request, T + "event_detail.html", _event_context(request, event, grade_form=form), status=422)
        return _message(request, exc, event=event)
    messages.success(request, _("已确定突发事件等级，回应时限已按等级调整。"))
    return redirect(_event_url(event))


@login_required
@require_POST
def assignment_claim(request, pk: int):
    assignment = selectors.assignment_get(pk)
    if assignment is None or not permissions.can_see_event(request.user, assignment.event):
        return _message(request, NotFound(_("未找到该交办记录。")))
    try:
        services.assignment_claim(actor=request.user, assignment=assignment)
    except DomainError as exc:
        return _message(request, exc, event=assignment.event)
    messages.success(request, _("已认领。请按时限发布回应。"))
    return redirect(_event_url(assignment.event))
