"""Public-opinion response (政务舆情回应), under /api/v1/opinion/response.

Staff only (signed-in session, as the back-office pages). Every write calls
``gongkai.opinion.response.services`` and every read ``gongkai.opinion.response.selectors``; who may
do what is decided there and in ``gongkai.opinion.response.permissions``, as for the pages.

- ``GET  /assignments`` — the assignments of the units where the user is staff (``status`` filter,
  paginated), with the event's id, title and level, the role, status and claim.
- ``POST /assignments/{id}/claim`` — the receiving unit's own staff claims the event.
- ``GET  /events/{id}/clocks`` — the event's response clocks: obligation, rule key, hours, start,
  due, stop, outcome, overdue flag and the text the pages show (e.g. 已在4小时内回应（用时 …）).
- ``GET  /events/{id}/responses``, ``POST /events/{id}/responses`` (a draft: ``kind``, ``title``,
  ``body``, ``public_event_title``, ``held_at`` / ``place`` / ``speakers`` for press conferences,
  briefings and interviews, ``agency`` — one of the user's units of the event, by default the first).
- ``GET /responses/{id}``, ``PATCH /responses/{id}`` (a draft or returned response; only the fields
  sent change), ``POST /responses/{id}/submit`` and ``/resubmit`` (optional ``comment``),
  ``POST /responses/{id}/withdraw`` (``reason`` required; the unit's administrator).
- ``POST /events/{id}/rumour-leads``, ``/feedback``, ``/meetings`` — the fields of the pages' forms.
- ``POST /events/{id}/route`` — a coordinator's manual routing (``lead``, ``co_handlers``, ``reason``;
  without ``lead`` the routing rules are applied again); answers the event's assignments.

As on the pages: an event, assignment or response the user cannot see is 404; one the user sees
but may not act on is 403 (claiming for another unit, drafting without a unit of the event,
routing without being a coordinator). Units sent by id must be among the page's choices (the
user's units of the event; the jurisdiction's agencies for routing, lead recipients and meeting
participants). Errors as ``{"code", "message", "detail"}``: ``not_authenticated`` (401),
``permission_denied`` (403), ``not_found`` (404), ``invalid_transition`` (409, e.g. claiming twice
or drafting before the claim), ``validation_failed`` (422). Nothing is written when a call fails.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus
from pydantic import AfterValidator, ConfigDict, Field

from gongkai.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongkai.opinion.response import permissions, selectors, services
from gongkai.opinion.response.enums import (
    AssignmentStatus,
    FeedbackChannel,
    LeadRecipient,
    ResponseKind,
)
from gongkai.opinion.response_models import EventAssignment
from gongkai.orgs.models import Agency
from gongkai.workflow.selectors import review_for

from .audit import ErrorOut, PageQuery, paginate

router = Router(tags=["政务舆情回应"])

_READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

# Largest primary key the databases store (a bigger id in a request is simply not found).
_MAX_ID = 2**63 - 1


def _choices(choices) -> str:
    return " / ".join(f"{value} {label}" for value, label in choices)


def _in_range(value: dt.datetime) -> dt.datetime:
    # Moments outside this range are typing errors; far ones also overflow when converted to UTC.
    if not 2000 <= value.year <= 2100:
        raise ValueError("时间应在 2000 年至 2100 年之间。")
    return value


Moment = Annotated[dt.datetime, AfterValidator(_in_range)]
Id = Annotated[int, Field(ge=1, le=_MAX_ID)]


class _In(Schema):
    # An unknown field is refused (422) rather than silently ignored: a misspelt field of a
    # PATCH would otherwise look like a successful change.
    model_config = ConfigDict(extra="forbid")


# --- Output ---------------------------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    event_id: int
    event_title: str
    event_level: str
    event_level_label: str
    agency_id: int
    agency: str
    role: str
    role_label: str
    status: str
    status_label: str
    reason: str
    routed_at: dt.datetime
    claimed_by: str | None = None
    claimed_at: dt.datetime | None = None
    responded_at: dt.datetime | None = None


class AssignmentPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[AssignmentOut]


class ClockOut(Schema):
    id: int
    obligation: str
    obligation_label: str
    rule_key: str
    citation: str
    agency_id: int
    agency: str
    hours: int
    started_at: dt.datetime
    due_at: dt.datetime | None = None
    stopped_at: dt.datetime | None = None
    outcome: str
    outcome_label: str
    state: str = Field(description="open 计时中 / overdue 已逾期 / met 按时完成 / late 逾期完成 / superseded 已取代")
    overdue: bool
    label: str
    text: str = Field(description="页面所示文字，如“已在4小时内回应（用时 1小时5分）”")
    response_id: int | None = None


class ReviewBriefOut(Schema):
    id: int
    status: str
    status_label: str
    current_step: int
    submitted_at: dt.datetime
    finished_at: dt.datetime | None = None


class ResponseOut(Schema):
    id: int
    event_id: int
    agency_id: int
    agency: str
    kind: str
    kind_label: str
    title: str
    body: str
    public_event_title: str
    held_at: dt.datetime | None = None
    place: str
    speakers: str
    status: str
    status_label: str
    drafted_by: str | None = None
    created_at: dt.datetime
    submitted_at: dt.datetime | None = None
    published_at: dt.datetime | None = None
    review_procedure: str
    withdrawn_reason: str
    review: ReviewBriefOut | None = None


class RumourLeadOut(Schema):
    id: int
    event_id: int
    agency_id: int
    agency: str
    recipient_kind: str
    recipient_kind_label: str
    recipient_agency_id: int | None = None
    recipient_name: str
    handed_at: dt.datetime
    content: str
    created_at: dt.datetime


class FeedbackOut(Schema):
    id: int
    event_id: int
    agency_id: int
    agency: str
    channel: str
    channel_label: str
    recipient: str
    content: str
    fed_back_at: dt.datetime
    suggestion_adopted: bool
    created_at: dt.datetime


class UnitOut(Schema):
    id: int
    name: str


class MeetingOut(Schema):
    id: int
    event_id: int
    convener_id: int
    convener: str
    held_at: dt.datetime
    place: str
    units: list[UnitOut]
    people: str
    decisions: str
    created_at: dt.datetime


def _assignment(a: EventAssignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "event_id": a.event_id,
        "event_title": a.event.title,
        "event_level": a.event.level,
        "event_level_label": a.event.get_level_display(),
        "agency_id": a.agency_id,
        "agency": a.agency.name,
        "role": a.role,
        "role_label": a.get_role_display(),
        "status": a.status,
        "status_label": a.get_status_display(),
        "reason": a.reason,
        "routed_at": a.created_at,
        "claimed_by": a.claimed_by.get_username() if a.claimed_by_id else None,
        "claimed_at": a.claimed_at,
        "responded_at": a.responded_at,
    }


def _clock(v: selectors.ClockView) -> dict[str, Any]:
    c = v.clock
    return {
        "id": c.pk,
        "obligation": c.obligation,
        "obligation_label": c.get_obligation_display(),
        "rule_key": c.deadline.rule_key,
        "citation": v.citation,
        "agency_id": c.agency_id,
        "agency": c.agency.name,
        "hours": v.amount,
        "started_at": c.deadline.start_at,
        "due_at": v.due_at,
        "stopped_at": c.stopped_at,
        "outcome": c.outcome,
        "outcome_label": c.get_outcome_display(),
        "state": v.state,
        "overdue": v.overdue,
        "label": v.label,
        "text": v.text,
        "response_id": c.response_id,
    }


def _response(r) -> dict[str, Any]:
    review = review_for(r)
    return {
        "id": r.pk,
        "event_id": r.event_id,
        "agency_id": r.agency_id,
        "agency": r.agency.name,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "title": r.title,
        "body": r.body,
        "public_event_title": r.public_event_title,
        "held_at": r.held_at,
        "place": r.place,
        "speakers": r.speakers,
        "status": r.status,
        "status_label": r.get_status_display(),
        "drafted_by": r.drafted_by.get_username() if r.drafted_by_id else None,
        "created_at": r.created_at,
        "submitted_at": r.submitted_at,
        "published_at": r.published_at,
        "review_procedure": r.review_procedure,
        "withdrawn_reason": r.withdrawn_reason,
        "review": None
        if review is None
        else {
            "id": review.pk,
            "status": review.status,
            "status_label": review.get_status_display(),
            "current_step": review.current_step,
            "submitted_at": review.submitted_at,
            "finished_at": review.finished_at,
        },
    }


def _lead(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "agency_id": row.agency_id,
        "agency": row.agency.name,
        "recipient_kind": row.recipient_kind,
        "recipient_kind_label": row.get_recipient_kind_display(),
        "recipient_agency_id": row.recipient_agency_id,
        "recipient_name": row.recipient_name,
        "handed_at": row.handed_at,
        "content": row.content,
        "created_at": row.created_at,
    }


def _feedback(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "agency_id": row.agency_id,
        "agency": row.agency.name,
        "channel": row.channel,
        "channel_label": row.get_channel_display(),
        "recipient": row.recipient,
        "content": row.content,
        "fed_back_at": row.fed_back_at,
        "suggestion_adopted": row.suggestion_adopted,
        "created_at": row.created_at,
    }


def _meeting(row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "convener_id": row.convener_id,
        "convener": row.convener.name,
        "held_at": row.held_at,
        "place": row.place,
        "units": [{"id": u.pk, "name": u.name} for u in row.units.order_by("name")],
        "people": row.people,
        "decisions": row.decisions,
        "created_at": row.created_at,
    }


# --- Lookups shared by the endpoints ------------------------------------------------------------------------------


def _my_unit(request, event, agency_id: int | None, *, no_unit: str, wrong_unit: str) -> Agency:
    """One of the user's units of the event (as the pages offer them): the one asked for, else the first."""
    units = selectors.event_units_of(request.user, event)
    if not units.exists():
        raise PermissionDenied(no_unit)
    agency = units.first() if agency_id is None else units.filter(pk=agency_id).first()
    if agency is None:
        raise PermissionDenied(wrong_unit, detail={"field": "agency"})
    return agency


def _agencies_among(choices: QuerySet[Agency], ids: list[int], field: str, label: str) -> list[Agency]:
    wanted = list(dict.fromkeys(ids))
    found = {a.pk: a for a in choices.filter(pk__in=wanted)}
    unknown = [i for i in wanted if i not in found]
    if unknown:
        raise ValidationFailed(f"{label}应为本事件所在地区的单位。", detail={"field": field, "unknown": unknown})
    return [found[i] for i in wanted]


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


# --- Responses --------------------------------------------------------------------------------------------


_KIND = Field(description=_choices(ResponseKind.choices))
_HELD_AT = Field(None, description="举行时间：新闻发布会、吹风会、接受媒体采访必填，且不晚于当前时间")


class ResponseCreateIn(_In):
    agency: Id | None = Field(None, description="起草单位 id（本人所在的承办或协调单位）；不填时为第一个")
    kind: str = _KIND
    title: str
    body: str
    public_event_title: str = Field("", description="回应栏目中公开的事件名称")
    held_at: Moment | None = _HELD_AT
    place: str = ""
    speakers: str = ""


class ResponseUpdateIn(_In):
    kind: str | None = Field(None, description=_choices(ResponseKind.choices))
    title: str | None = None
    body: str | None = None
    public_event_title: str | None = None
    held_at: Moment | None = _HELD_AT
    place: str | None = None
    speakers: str | None = None


class CommentIn(_In):
    comment: str = ""


class WithdrawIn(_In):
    reason: str = Field(description="撤下原因（必填）")


@router.get(
    "/events/{event_id}/responses",
    response={200: list[ResponseOut], **_READ_ERRORS},
    summary="事件的回应（草稿、审核中、已发布……）",
)
def response_list(request, event_id: Id):
    event = selectors.event_get_visible_to(request.user, event_id)
    return [_response(r) for r in selectors.response_list_for_event(event)]


@router.post(
    "/events/{event_id}/responses",
    response={201: ResponseOut, **_WRITE_ERRORS},
    summary="起草回应（承办单位认领后；协调单位无需认领）",
)
def response_create(request, event_id: Id, payload: ResponseCreateIn):
    event = selectors.event_get_visible_to(request.user, event_id)
    agency = _my_unit(
        request,
        event,
        payload.agency,
        no_unit="只有承办单位的工作人员可以起草回应。",
        wrong_unit="请选择您所在的承办单位。",
    )
    values = payload.model_dump(exclude={"agency"})
    row = services.response_create(actor=request.user, event=event, agency=agency, **values)
    return HttpStatus(201, _response(row))


@router.get("/responses/{response_id}", response={200: ResponseOut, **_READ_ERRORS}, summary="回应详情")
def response_detail(request, response_id: Id):
    return _response(selectors.response_get_visible_to(request.user, response_id))


@router.patch(
    "/responses/{response_id}",
    response={200: ResponseOut, **_WRITE_ERRORS},
    summary="修改回应（草稿或退回修改的；只改所提交的字段）",
)
def response_update(request, response_id: Id, payload: ResponseUpdateIn):
    row = selectors.response_get_visible_to(request.user, response_id)
    row = services.response_update(actor=request.user, response=row, **payload.model_dump(exclude_unset=True))
    return _response(selectors.response_get_visible_to(request.user, row.pk))


@router.post(
    "/responses/{response_id}/submit",
    response={200: ResponseOut, **_WRITE_ERRORS},
    summary="提交审核（起草单位审核 → 保密审查 → 分管负责同志审批）",
)
def response_submit(request, response_id: Id, payload: CommentIn | None = None):
    row = selectors.response_get_visible_to(request.user, response_id)
    services.response_submit(actor=request.user, response=row, comment=payload.comment if payload else "")
    return _response(selectors.response_get_visible_to(request.user, response_id))


@router.post(
    "/responses/{response_id}/resubmit",
    response={200: ResponseOut, **_WRITE_ERRORS},
    summary="退回修改后重新提交",
)
def response_resubmit(request, response_id: Id, payload: CommentIn | None = None):
    row = selectors.response_get_visible_to(request.user, response_id)
    services.response_resubmit(actor=request.user, response=row, comment=payload.comment if payload else "")
    return _response(selectors.response_get_visible_to(request.user, response_id))


@router.post(
    "/responses/{response_id}/withdraw",
    response={200: ResponseOut, **_WRITE_ERRORS},
    summary="从回应栏目撤下（本单位管理员，须说明原因）",
)
def response_withdraw(request, response_id: Id, payload: WithdrawIn):
    row = selectors.response_get_visible_to(request.user, response_id)
    services.response_withdraw(actor=request.user, response=row, reason=payload.reason)
    return _response(selectors.response_get_visible_to(request.user, response_id))


# --- Rumour leads, feedback, joint consultation ------------------------------------------------------------------

_NO_RECORD_UNIT = "只有承办或协调单位的工作人员可以登记。"
_WRONG_RECORD_UNIT = "请选择您所在的承办或协调单位。"


class RumourLeadIn(_In):
    agency: Id | None = Field(None, description="移交单位 id（本人所在的承办或协调单位）；不填时为第一个")
    recipient_kind: str = Field(description=_choices(LeadRecipient.choices))
    recipient_agency: Id | None = Field(None, description="接收单位 id（平台内，本事件所在地区）")
    recipient_name: str = Field("", description="接收单位名称 / 接收人；未选接收单位时必填")
    handed_at: Moment = Field(description="移交时间（不晚于当前时间）")
    content: str = Field(description="移交的情况和线索")


class FeedbackIn(_In):
    agency: Id | None = Field(None, description="反馈单位 id（本人所在的承办或协调单位）；不填时为第一个")
    channel: str = Field(description=_choices(FeedbackChannel.choices))
    recipient: str = Field(description="反馈对象")
    content: str = Field(description="反馈内容")
    fed_back_at: Moment = Field(description="反馈时间（不晚于当前时间）")
    suggestion_adopted: bool = Field(False, description="采纳了建设性意见建议")


class MeetingIn(_In):
    convener: Id | None = Field(None, description="召集单位 id（本人所在的承办或协调单位）；不填时为第一个")
    held_at: Moment = Field(description="会商时间（不晚于当前时间）")
    place: str = Field("", description="地点或方式")
    units: list[Id] = Field(description="参会单位 id（本事件所在地区）")
    people: str = Field(description="参会人员（每行一人）")
    decisions: str = Field(description="会商决定")


@router.post(
    "/events/{event_id}/rumour-leads",
    response={201: RumourLeadOut, **_WRITE_ERRORS},
    summary="登记谣言线索移交（网信、公安等）",
)
def rumour_lead_create(request, event_id: Id, payload: RumourLeadIn):
    event = selectors.event_get_visible_to(request.user, event_id)
    agency = _my_unit(request, event, payload.agency, no_unit=_NO_RECORD_UNIT, wrong_unit=_WRONG_RECORD_UNIT)
    recipient = None
    if payload.recipient_agency is not None:
        choices = selectors.jurisdiction_agency_list(event)
        recipient = _agencies_among(choices, [payload.recipient_agency], "recipient_agency", "接收单位")[0]
    row = services.rumour_lead_create(
        actor=request.user,
        event=event,
        agency=agency,
        recipient_kind=payload.recipient_kind,
        recipient_agency=recipient,
        recipient_name=payload.recipient_name,
        handed_at=payload.handed_at,
        content=payload.content,
    )
    return HttpStatus(201, _lead(row))


@router.post(
    "/events/{event_id}/feedback",
    response={201: FeedbackOut, **_WRITE_ERRORS},
    summary="登记处置结果反馈",
)
def feedback_create(request, event_id: Id, payload: FeedbackIn):
    event = selectors.event_get_visible_to(request.user, event_id)
    agency = _my_unit(request, event, payload.agency, no_unit=_NO_RECORD_UNIT, wrong_unit=_WRONG_RECORD_UNIT)
    row = services.feedback_create(
        actor=request.user,
        event=event,
        agency=agency,
        channel=payload.channel,
        recipient=payload.recipient,
        content=payload.content,
        fed_back_at=payload.fed_back_at,
        suggestion_adopted=payload.suggestion_adopted,
    )
    return HttpStatus(201, _feedback(row))


@router.post(
    "/events/{event_id}/meetings",
    response={201: MeetingOut, **_WRITE_ERRORS},
    summary="登记联席会商（橙色、红色预警事件）",
)
def meeting_create(request, event_id: Id, payload: MeetingIn):
    event = selectors.event_get_visible_to(request.user, event_id)
    convener = _my_unit(request, event, payload.convener, no_unit=_NO_RECORD_UNIT, wrong_unit=_WRONG_RECORD_UNIT)
    units = _agencies_among(selectors.jurisdiction_agency_list(event), payload.units, "units", "参会单位")
    row = services.meeting_create(
        actor=request.user,
        event=event,
        convener=convener,
        held_at=payload.held_at,
        place=payload.place,
        units=units,
        people=payload.people,
        decisions=payload.decisions,
    )
    return HttpStatus(201, _meeting(row))
