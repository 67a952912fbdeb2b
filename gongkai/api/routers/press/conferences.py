"""Staff endpoints of press conferences."""

from __future__ import annotations

from ninja import Query
from ninja import Status as HttpStatus

from gongkai.press import selectors, services
from gongkai.press.enums import ConferenceStatus

from ..audit import ErrorOut, PageQuery, paginate
from .common import (
    _READ_ERRORS,
    _WRITE_ERRORS,
    CancelIn,
    CommentIn,
    ConferenceFilters,
    ConferenceIn,
    HoldIn,
    Id,
    PublishIn,
    router,
)
from .schemas import (
    ConferencePageOut,
    ConferenceStaffOut,
    _conference,
    _staff,
)

# --- staff ---------------------------------------------------------------------------------------


@router.get("/conferences", response={200: ConferencePageOut, 401: ErrorOut}, summary="新闻发布会（工作人员）")
def conferences(request, filters: Query[ConferenceFilters], paging: Query[PageQuery]):
    status = filters.status if filters.status in ConferenceStatus.values else ""
    page = paginate(selectors.conference_list_visible_to(request.user, status=status), paging)
    page["items"] = [_conference(c) for c in page["items"]]
    return page


@router.post("/conferences", response={201: ConferenceStaffOut, **_WRITE_ERRORS}, summary="策划新闻发布会")
def conference_plan(request, payload: ConferenceIn):
    values = payload.model_dump()
    agency = values.pop("agency")
    c = services.conference_plan(actor=request.user, agency=agency, **values)
    return HttpStatus(201, _staff(c))


@router.get(
    "/conferences/{conference_id}", response={200: ConferenceStaffOut, **_READ_ERRORS}, summary="发布会方案与审批"
)
def conference_get(request, conference_id: Id):
    return _staff(selectors.conference_get_visible_to(request.user, conference_id))


@router.post(
    "/conferences/{conference_id}/submit", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="报请审批"
)
def conference_submit(request, conference_id: Id, payload: CommentIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_submit(actor=request.user, conference=c, comment=payload.comment))


@router.post(
    "/conferences/{conference_id}/announce",
    response={200: ConferenceStaffOut, **_WRITE_ERRORS},
    summary="在门户网站公告",
)
def conference_announce(request, conference_id: Id):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_announce(actor=request.user, conference=c))


@router.post(
    "/conferences/{conference_id}/hold", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="登记举行情况"
)
def conference_hold(request, conference_id: Id, payload: HoldIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_hold(actor=request.user, conference=c, **payload.model_dump()))


@router.post(
    "/conferences/{conference_id}/publish", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="发布文字实录"
)
def conference_publish(request, conference_id: Id, payload: PublishIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_publish(actor=request.user, conference=c, transcript=payload.transcript))


@router.post(
    "/conferences/{conference_id}/cancel", response={200: ConferenceStaffOut, **_WRITE_ERRORS}, summary="取消发布会"
)
def conference_cancel(request, conference_id: Id, payload: CancelIn):
    c = selectors.conference_get_visible_to(request.user, conference_id)
    return _staff(services.conference_cancel(actor=request.user, conference=c, reason=payload.reason))
