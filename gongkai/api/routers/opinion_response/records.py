"""Rumour leads, feedback and joint consultation meetings recorded on an event."""

from __future__ import annotations

from ninja import Status as HttpStatus
from pydantic import Field

from gongkai.opinion.response import selectors, services
from gongkai.opinion.response.enums import (
    FeedbackChannel,
    LeadRecipient,
)

from .common import _WRITE_ERRORS, Id, Moment, _agencies_among, _choices, _In, _my_unit, router
from .schemas import FeedbackOut, MeetingOut, RumourLeadOut, _feedback, _lead, _meeting

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
