"""Assignments (list, claim), manual routing and an event's response clocks."""

from __future__ import annotations

from ninja import Query, Schema
from pydantic import Field

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.opinion.response import permissions, selectors, services
from gongkai.opinion.response.enums import (
    AssignmentStatus,
)

from ..audit import ErrorOut, PageQuery, paginate
from .common import _READ_ERRORS, _WRITE_ERRORS, Id, _agencies_among, _choices, _In, router
from .schemas import AssignmentOut, AssignmentPageOut, ClockOut, _assignment, _clock

# --- Assignments ------------------------------------------------------------------------------------------------


class AssignmentFilters(Schema):
    status: str | None = Field(None, description=_choices(AssignmentStatus.choices))


@router.get(
    "/assignments",
    response={200: AssignmentPageOut, 401: ErrorOut, 422: ErrorOut},
    summary="本单位的交办事件（待认领、已认领、已回应）",
)
def assignment_list(request, filters: Query[AssignmentFilters], paging: Query[PageQuery]):
    qs = selectors.assignment_list_for_user(request.user).select_related("claimed_by")
    if filters.status not in (None, ""):
        if filters.status not in AssignmentStatus.values:
            raise ValidationFailed(f"状态应为 {'、'.join(AssignmentStatus.values)} 之一。", detail={"field": "status"})
        qs = qs.filter(status=filters.status)
    page = paginate(qs, paging)
    page["items"] = [_assignment(a) for a in page["items"]]
    return page


@router.post(
    "/assignments/{assignment_id}/claim",
    response={200: AssignmentOut, **_WRITE_ERRORS},
    summary="认领交办事件（承办单位本单位工作人员）",
)
def assignment_claim(request, assignment_id: Id):
    # As the page: an assignment of an event the user cannot see is not found.
    assignment = selectors.assignment_get(assignment_id)
    if assignment is None or not permissions.can_see_event(request.user, assignment.event):
        raise NotFound("未找到该交办记录。")
    claimed = services.assignment_claim(actor=request.user, assignment=assignment)
    return _assignment(selectors.assignment_get_detailed(claimed.pk))


# --- Routing ------------------------------------------------------------------------------------------------


class RouteIn(_In):
    lead: Id | None = Field(None, description="牵头单位 id；不填时按交办规则重新交办")
    co_handlers: list[Id] = Field(default_factory=list, description="配合单位 id")
    reason: str = Field("", description="交办说明")


@router.post(
    "/events/{event_id}/route",
    response={200: list[AssignmentOut], **_WRITE_ERRORS},
    summary="人工交办（组织协调单位）",
)
def event_route(request, event_id: Id, payload: RouteIn):
    event = selectors.event_get_visible_to(request.user, event_id)
    # The service checks again; checking first means a non-coordinator learns nothing of the units.
    permissions.require_coordinator(request.user, event)
    choices = selectors.jurisdiction_agency_list(event)
    lead = _agencies_among(choices, [payload.lead], "lead", "牵头单位")[0] if payload.lead is not None else None
    co_handlers = _agencies_among(choices, payload.co_handlers, "co_handlers", "配合单位")
    services.event_route(event=event, actor=request.user, lead=lead, co_handlers=co_handlers, reason=payload.reason)
    return [_assignment(a) for a in selectors.assignments_for(event).select_related("event")]


# --- Clocks -------------------------------------------------------------------------------------------------


@router.get(
    "/events/{event_id}/clocks",
    response={200: list[ClockOut], **_READ_ERRORS},
    summary="回应时限（首次权威发布、新闻发布会、一般回应）",
)
def event_clocks(request, event_id: Id):
    event = selectors.event_get_visible_to(request.user, event_id)
    return [_clock(v) for v in selectors.clocks_for(event)]
