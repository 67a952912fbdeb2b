"""The audit log: scoped, paginated events; chain verification for system administrators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.audit import selectors
from gongkai.audit.checkpoints import verify_all
from gongkai.core.errors import ValidationFailed
from gongkai.orgs import permissions

router = Router(tags=["审计日志"])

MAX_PAGE_SIZE = 200


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


MAX_PAGE = 1_000_000


class PageQuery(Schema):
    # Bounded: a page number of 30 digits made an offset the database cannot hold (500 on PostgreSQL).
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="每页条数（1–200）")


def paginate(qs: QuerySet, paging: PageQuery) -> dict[str, Any]:
    """``{"count", "page", "page_size", "items"}``; a page past the end is empty."""
    start = (paging.page - 1) * paging.page_size
    return {
        "count": qs.count(),
        "page": paging.page,
        "page_size": paging.page_size,
        "items": list(qs[start : start + paging.page_size]),
    }


class AuditFilters(Schema):
    event: str | None = None
    actor: str | None = Field(None, description="操作人名称（部分匹配）")
    target_type: str | None = Field(None, description="对象类型，如 orgs.agency")
    target_id: str | None = None
    date_from: dt.date | None = Field(None, description="开始日期（含）")
    date_to: dt.date | None = Field(None, description="结束日期（含）")


class AuditEventOut(Schema):
    id: int
    seq: int
    occurred_at: dt.datetime
    actor_id: int | None
    actor: str = Field(alias="actor_repr")
    event: str
    target_type: str
    target_id: str
    target: str = Field(alias="target_repr")
    agency_id: int | None
    data: Any
    hash: str
    prev_hash: str


class AuditPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[AuditEventOut]


class VerifyOut(Schema):
    ok: bool
    checked: int
    broken_seq: int | None
    reason: str


@router.get(
    "/events",
    response={200: AuditPageOut, 401: ErrorOut, 422: ErrorOut},
    summary="审计记录列表（按可见范围）",
)
def audit_events(request, filters: Query[AuditFilters], paging: Query[PageQuery]):
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationFailed("结束日期不能早于开始日期。", detail={"date_to": "早于开始日期"})
    qs = selectors.audit_event_list_visible_to(request.auth, **filters.dict())
    return paginate(qs, paging)


@router.get("/events/{event_id}", response={200: AuditEventOut, 401: ErrorOut, 404: ErrorOut}, summary="一条审计记录")
def audit_event(request, event_id: int):
    return selectors.audit_event_get_visible_to(request.auth, event_id)


@router.get("/verify", response={200: VerifyOut, 401: ErrorOut, 403: ErrorOut}, summary="校验审计链（系统管理员）")
def audit_verify(request):
    permissions.require_system_admin(request.auth)
    # The chain and its signed checkpoints (a cut at the head is found only against those).
    result = verify_all()
    return {"ok": result.ok, "checked": result.checked, "broken_seq": result.broken_seq, "reason": result.reason}
