"""Responses: list, create, detail, update, submit, resubmit, withdraw."""

from __future__ import annotations

from ninja import Status as HttpStatus
from pydantic import Field

from gongkai.opinion.response import selectors, services
from gongkai.opinion.response.enums import (
    ResponseKind,
)

from .common import _READ_ERRORS, _WRITE_ERRORS, Id, Moment, _choices, _In, _my_unit, router
from .schemas import ResponseOut, _response

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
