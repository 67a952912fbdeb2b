"""Staff endpoints of spokesperson and liaison filings."""

from __future__ import annotations

from ninja import Status as HttpStatus

from gongkai.press import selectors, services

from ..audit import ErrorOut
from .common import (
    _WRITE_ERRORS,
    CommentIn,
    FilingIn,
    Id,
    router,
)
from .schemas import (
    FilingOut,
    _filing,
)


@router.get("/filings", response={200: list[FilingOut], 401: ErrorOut}, summary="新闻发言人、联络员登记与备案")
def filings(request):
    return [_filing(f) for f in selectors.filing_list_visible_to(request.user)[:500]]


@router.post("/filings", response={201: FilingOut, **_WRITE_ERRORS}, summary="登记新闻发言人或联络员")
def filing_create(request, payload: FilingIn):
    f = services.filing_create(actor=request.user, **payload.model_dump())
    return HttpStatus(201, _filing(f))


@router.post("/filings/{filing_id}/submit", response={200: FilingOut, **_WRITE_ERRORS}, summary="报新闻办备案")
def filing_submit(request, filing_id: Id, payload: CommentIn):
    f = selectors.filing_get_visible_to(request.user, filing_id)
    return _filing(services.filing_submit(actor=request.user, filing=f, comment=payload.comment))
