"""Government websites and new-media accounts: the register, the public directory, pushing an
account's posts (JSON ingest, idempotent per record id), its daily shares and findings.

Errors: ``not_found`` (404), ``permission_denied`` (403), ``validation_failed`` (422), as
``{"code", "message", "detail"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.websites import checks, selectors, services
from gongkai.websites.enums import Platform, PostSource, Status

router = Router(tags=["政府网站与政务新媒体"])

MAX_DAYS = 93


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class AccountOut(Schema):
    id: int
    platform: str
    platform_label: str
    name: str
    identifier: str
    agency_id: int
    agency: str
    person_responsible: str
    filing_number: str
    filed_on: dt.date | None
    status: str
    status_label: str
    opened_on: dt.date | None
    closed_on: dt.date | None
    merged_into: int | None


class DirectoryOut(Schema):
    name: str
    platform_label: str
    identifier: str
    agency: str
    filing_number: str
    status_label: str


class IngestIn(Schema):
    records: list[Any] = Field(..., max_length=5000)


class RejectedOut(Schema):
    index: int
    reason: str
    id: str | None = None


class IngestOut(Schema):
    created: int
    updated: int
    unchanged: int
    rejected: list[RejectedOut]


class ShareOut(Schema):
    day: dt.date
    total: int
    gov: int
    share: float | None
    minimum: float | None  # None: no share rule applies there (the day is not checked; see note)
    below: bool
    note: str = ""


class FindingOut(Schema):
    id: int
    kind: str
    kind_label: str
    day: dt.date
    message: str
    veto: bool
    state: str
    state_label: str
    due: dt.date | None
    rectification: str


def _account(a) -> dict:
    return {
        "id": a.pk,
        "platform": a.platform,
        "platform_label": str(Platform(a.platform).label),
        "name": a.name,
        "identifier": a.identifier,
        "agency_id": a.agency_id,
        "agency": a.agency.name,
        "person_responsible": a.person_responsible,
        "filing_number": a.filing_number,
        "filed_on": a.filed_on,
        "status": a.status,
        "status_label": str(Status(a.status).label),
        "opened_on": a.opened_on,
        "closed_on": a.closed_on,
        "merged_into": a.merged_into_id,
    }


@router.get("/accounts", response={200: list[AccountOut]}, summary="登记的网站与新媒体账号（本人可见范围）")
def account_list(request, status: str = "", platform: str = ""):
    if status and status not in Status.values:
        raise ValidationFailed(_("状态无效。"), detail={"status": status})
    if platform and platform not in Platform.values:
        raise ValidationFailed(_("平台无效。"), detail={"platform": platform})
    qs = selectors.account_list_visible_to(request.user, status=status, platform=platform)
    return [_account(a) for a in qs[:1000]]


@router.get("/accounts/{account_id}", response={200: AccountOut}, summary="一个网站或账号的登记信息")
def account_detail(request, account_id: int):
    return _account(selectors.account_get_visible_to(request.user, account_id))


@router.get("/directory", auth=None, response={200: list[DirectoryOut]}, summary="公开名录（无需登录）")
def directory(request, q: str = ""):
    return [
        {
            "name": a.name,
            "platform_label": str(Platform(a.platform).label),
            "identifier": a.identifier,
            "agency": a.agency.name,
            "filing_number": a.filing_number,
            "status_label": str(Status(a.status).label),
        }
        for a in selectors.public_directory(q=q.strip()[:100])[:1000]
    ]


@router.post("/accounts/{account_id}/posts", response={200: IngestOut}, summary="推送账号的发布内容（按编号幂等）")
def ingest(request, account_id: int, payload: IngestIn):
    account = selectors.account_get_visible_to(request.user, account_id)
    if not payload.records:
        raise ValidationFailed(_("records 不能为空。"))
    result = services.posts_ingest(actor=request.user, account=account, rows=payload.records, source=PostSource.API)
    return {k: result[k] for k in ("created", "updated", "unchanged", "rejected")}


@router.get("/accounts/{account_id}/shares", response={200: list[ShareOut]}, summary="每日政府信息占比")
def shares(request, account_id: int, start: dt.date | None = None, end: dt.date | None = None):
    account = selectors.account_get_visible_to(request.user, account_id)
    end = end or clock.today()
    start = start or end - dt.timedelta(days=30)
    if start > end or (end - start).days > MAX_DAYS:
        raise ValidationFailed(f"日期范围应为不超过 {MAX_DAYS} 天的有效区间。")
    days = sorted(set(selectors.posts_in(account, start, end).values_list("published_on", flat=True)))
    out = []
    for day in days:
        r = checks.share_on(account, day)
        out.append(
            {
                "day": r.day,
                "total": r.total,
                "gov": r.gov,
                "share": r.share,
                "minimum": r.minimum,
                "below": r.below,
                "note": checks.share_rule_unset_message() if r.rule_unset else "",
            }
        )
    return out


@router.get("/accounts/{account_id}/findings", response={200: list[FindingOut]}, summary="发现的问题及整改情况")
def findings(request, account_id: int):
    from django.utils import timezone

    account = selectors.account_get_visible_to(request.user, account_id)
    return [
        {
            "id": f.pk,
            "kind": f.kind,
            "kind_label": str(f.get_kind_display()),
            "day": f.day,
            "message": f.message,
            "veto": f.veto,
            "state": f.state,
            "state_label": str(f.get_state_display()),
            "due": timezone.localdate(f.deadline.due_at) if f.deadline_id and f.deadline.due_at else None,
            "rectification": f.rectification,
        }
        for f in selectors.findings_for(account)[:1000]
    ]
