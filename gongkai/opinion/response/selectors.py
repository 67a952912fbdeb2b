"""Reads of the response side: what a user may see, clocks as shown, the public column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.errors import NotFound
from gongkai.opinion.enums import RAISED_LEVELS
from gongkai.opinion.models import Event
from gongkai.opinion.response_models import (
    EventAssignment,
    OpinionResponse,
    ResponseClock,
    ResponseEventPage,
    ResultFeedback,
    RoutingRule,
    WebhookDelivery,
    WebhookEndpoint,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import AgencyKind
from gongkai.orgs.models import Agency
from gongkai.orgs.selectors import region_descendant_ids

from .enums import AssignmentStatus, ClockOutcome, Obligation, ResponseStatus
from .permissions import staff_agency_ids
from .routing import jurisdiction_of, regions_under


def _government_region_ids(agency_ids: set[int]) -> set[int]:
    """Regions (and the regions below them) of the governments among ``agency_ids``."""

    found: set[int] = set()
    for agency in Agency.objects.filter(
        pk__in=agency_ids, kind__in=(AgencyKind.GOVERNMENT, AgencyKind.GENERAL_OFFICE, AgencyKind.TOWNSHIP)
    ).select_related("region"):
        if agency.region_id not in found:
            found |= region_descendant_ids(agency.region)
    return found


def event_list_visible_to(user) -> QuerySet[Event]:
    """Events a user may see on the response pages (see ``permissions.py``)."""
    if org_permissions.is_system_admin(user):
        return Event.objects.all()
    visible = org_permissions.allowed_agency_ids(user, "opinion.response", "view") or set()
    if not visible:
        return Event.objects.none()
    region_ids = _government_region_ids(visible)
    q = Q(eventagency__agency_id__in=visible) | Q(assignments__agency_id__in=visible)
    if region_ids:
        q |= Q(eventregion__region_id__in=region_ids)
    return Event.objects.filter(pk__in=Event.objects.filter(q).values("pk"))


def event_get_visible_to(user, pk: int) -> Event:
    event = event_list_visible_to(user).filter(pk=pk).first()
    if event is None:
        raise NotFound("未找到该舆情事件，或您无权查看。")
    return event


def is_raised(event) -> bool:
    return event.level in RAISED_LEVELS


def assignments_for(event) -> QuerySet[EventAssignment]:
    return event.assignments.select_related("agency", "claimed_by", "routed_by").order_by("role", "id")


def active_assignment(event, agency_id: int) -> EventAssignment | None:
    return event.assignments.filter(agency_id=agency_id).exclude(status=AssignmentStatus.WITHDRAWN).first()


def lead_assignment(event) -> EventAssignment | None:
    return (
        event.assignments.filter(role="lead")
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("agency")
        .first()
    )


def assignment_list_for_user(user) -> QuerySet[EventAssignment]:
    """Assignments of the units where the user is staff (the 'to claim' list)."""

    return (
        EventAssignment.objects.filter(agency_id__in=staff_agency_ids(user))
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("event", "agency")
        .order_by("status", "-created_at")
    )


def event_units_of(user, event) -> QuerySet[Agency]:
    """The event's units (assignment not withdrawn) where ``user`` is staff: the units the user may
    draft responses and record leads, feedback and meetings for (the services check again)."""

    ids = (
        event.assignments.filter(agency_id__in=staff_agency_ids(user))
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .values_list("agency_id", flat=True)
    )
    return Agency.objects.filter(pk__in=list(ids)).order_by("name")


def jurisdiction_agency_list(event) -> QuerySet[Agency]:
    """Active agencies in and below the event's jurisdiction: the choices for manual routing,
    rumour-lead recipients and meeting participants."""

    region = jurisdiction_of(event)
    if region is None:
        return Agency.objects.none()
    return Agency.objects.filter(regions_under(region), is_active=True).order_by("kind", "name")


# --- Clocks ----------------------------------------------------------------------------------------------


@dataclass
class ClockView:
    clock: ResponseClock
    label: str
    due_at: dt.datetime | None
    amount: int
    citation: str
    outcome: str
    state: str  # "open" | "overdue" | "met" | "late" | "superseded"
    text: str  # e.g. 已在5小时内回应（用时 2小时10分）
    css: str  # badge class: ok / warn / err / ""

    @property
    def overdue(self) -> bool:
        return self.state in ("overdue", "late")


def _duration(seconds: float) -> str:
    minutes = max(int(seconds // 60), 0)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}小时{minutes}分" if hours else f"{minutes}分钟"


VERB = {
    Obligation.FIRST_RELEASE: "回应",
    Obligation.PRESS_CONFERENCE: "举行新闻发布会",
    Obligation.ORDINARY: "回应",
}


def clock_view(c: ResponseClock, now: dt.datetime | None = None) -> ClockView:
    now = now or clock.now()
    d = c.deadline
    verb = VERB[Obligation(c.obligation)]
    amount = d.amount
    label = f"{c.get_obligation_display()}（{amount}小时）"
    if c.outcome == ClockOutcome.SUPERSEDED:
        return ClockView(
            c, label, d.due_at, amount, d.citation, c.outcome, "superseded", "已由重大突发事件时限取代", ""
        )
    if c.outcome in (ClockOutcome.MET, ClockOutcome.LATE):
        used = _duration((c.stopped_at - d.start_at).total_seconds())
        if c.outcome == ClockOutcome.MET:
            text = f"已在{amount}小时内{verb}（用时 {used}）"
            return ClockView(c, label, d.due_at, amount, d.citation, c.outcome, "met", text, "ok")
        text = f"逾期{verb}（用时 {used}，超过{amount}小时时限）"
        return ClockView(c, label, d.due_at, amount, d.citation, c.outcome, "late", text, "err")
    if d.due_at is not None and now > d.due_at:
        text = f"已逾期 {_duration((now - d.due_at).total_seconds())}，尚未{verb}"
        return ClockView(c, label, d.due_at, amount, d.citation, c.outcome, "overdue", text, "err")
    left = _duration((d.due_at - now).total_seconds()) if d.due_at else "—"
    css = "warn" if d.due_at and (d.due_at - now) <= dt.timedelta(hours=1) else ""
    return ClockView(c, label, d.due_at, amount, d.citation, c.outcome, "open", f"剩余 {left}", css)


def clocks_for(event) -> list[ClockView]:
    now = clock.now()
    rows = event.response_clocks.select_related("deadline", "agency").order_by("deadline__due_at", "id")
    return [clock_view(c, now) for c in rows]


def clock_list_overdue(now: dt.datetime | None = None) -> QuerySet[ResponseClock]:
    now = now or clock.now()
    return ResponseClock.objects.filter(outcome=ClockOutcome.OPEN, deadline__due_at__lt=now)


def response_summary(event) -> str:
    """One line for lists: the first clock's state, e.g. 已在5小时内回应."""
    views = [v for v in clocks_for(event) if v.state != "superseded"]
    first = next((v for v in views if v.clock.obligation != Obligation.PRESS_CONFERENCE), None)
    return first.text if first else ""


# --- Responses ---------------------------------------------------------------------------------------------


def response_list_for_event(event) -> QuerySet[OpinionResponse]:
    return event.responses.select_related("agency", "drafted_by").order_by("-created_at", "-id")


def response_get_visible_to(user, pk: int) -> OpinionResponse:
    row = OpinionResponse.objects.select_related("event", "agency").filter(pk=pk).first()
    if row is None or not event_list_visible_to(user).filter(pk=row.event_id).exists():
        raise NotFound("未找到该回应，或您无权查看。")
    return row


# --- The public column (only what was approved and published) ------------------------------------------------


def public_response_list() -> QuerySet[OpinionResponse]:
    return (
        OpinionResponse.objects.filter(status=ResponseStatus.PUBLISHED, published_at__isnull=False)
        .select_related("agency", "event__public_page")
        .order_by("-published_at", "-id")
    )


def public_response_get(pk: int) -> OpinionResponse:
    row = public_response_list().filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该回应。")
    return row


def public_event_page_list() -> QuerySet[ResponseEventPage]:
    return ResponseEventPage.objects.filter(is_public=True).order_by("-last_published_at", "-id")


def public_event_page_get(pk: int) -> ResponseEventPage:
    page = public_event_page_list().filter(pk=pk).first()
    if page is None:
        raise NotFound("未找到该事件。")
    return page


def local(dt_value: dt.datetime | None) -> str:
    return timezone.localtime(dt_value).strftime("%Y-%m-%d %H:%M") if dt_value else "—"


# --- Single records and lists for the edges (views and routers) -----------------------------------------------
# Visibility of an assignment or feedback is checked by the caller with permissions.can_see_event (as the
# pages and the API answer "not found" for both a missing and an unseen one).


def assignment_get(pk: int) -> EventAssignment | None:
    return EventAssignment.objects.select_related("event").filter(pk=pk).first()


def assignment_get_detailed(pk: int) -> EventAssignment:
    """One assignment with its event, unit and claimer loaded (it must exist)."""
    return EventAssignment.objects.select_related("event", "agency", "claimed_by").get(pk=pk)


def feedback_get(pk: int) -> ResultFeedback | None:
    return ResultFeedback.objects.select_related("event", "agency").filter(pk=pk).first()


def routing_target_agencies() -> QuerySet[Agency]:
    """Active units that routing rules may name (not townships), by region code and name."""
    return Agency.objects.filter(is_active=True).exclude(kind=AgencyKind.TOWNSHIP).order_by("region__code", "name")


def routing_rule_list() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("region", "agency").order_by("region__code", "kind", "priority", "id")


def routing_rule_get(pk: int) -> RoutingRule | None:
    return RoutingRule.objects.filter(pk=pk).first()


def webhook_endpoint_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.select_related("region").order_by("name")


def webhook_endpoint_get(pk: int) -> WebhookEndpoint | None:
    return WebhookEndpoint.objects.filter(pk=pk).first()


def webhook_delivery_list(*, status: str = "") -> QuerySet[WebhookDelivery]:
    """Deliveries newest first, only those in ``status`` when given."""
    qs = WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-id")
    return qs.filter(status=status) if status else qs
