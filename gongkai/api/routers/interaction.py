"""Leader mailbox and hotline (领导信箱、县长热线、12345).

Staff (signed in, scoped by the permission matrix): the letters they may see (personal data
masked), one letter, an action on it; hotline cases from a hotline system (idempotent by
``(source, external_id)``: sending the same case again returns the existing letter, ``created:
false``; a batch with an invalid case imports nothing). Public (no account): write a letter (limited
per address and per phone), its status with the public id and query code, rating the reply; the
published letters (personal data removed). Errors as ``{"code", "message", "detail"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from ninja import Body, Router, Schema
from ninja import Status as HttpStatus

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.core.http import client_address
from gongkai.interaction import selectors, services
from gongkai.interaction.enums import Action, Status
from gongkai.interaction.models import Letter
from gongkai.interaction.privacy import public_text
from gongkai.orgs import selectors as org_selectors

router = Router(tags=["领导信箱与热线"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class LetterOut(Schema):
    id: int
    tracking_number: str
    public_id: str
    channel: str
    kind: str
    kind_label: str
    title: str
    content: str
    status: str
    status_label: str
    office_id: int
    office: str
    handling_agency_id: int | None
    handling_agency: str
    name_masked: str
    phone_masked: str
    received_at: dt.datetime
    claim_due_date: dt.date | None
    answer_due_date: dt.date | None
    reply_kind: str
    reply_text: str
    rating: str
    external_source: str
    external_id: str
    actions: list[str]


def _out(letter: Letter) -> dict:
    return {
        "id": letter.pk,
        "tracking_number": letter.tracking_number,
        "public_id": letter.public_id,
        "channel": letter.channel,
        "kind": letter.kind,
        "kind_label": letter.get_kind_display(),
        "title": letter.title,
        "content": letter.content,
        "status": letter.status,
        "status_label": letter.get_status_display(),
        "office_id": letter.office_id,
        "office": letter.office.name,
        "handling_agency_id": letter.handling_agency_id,
        "handling_agency": letter.handling_agency.name if letter.handling_agency_id else "",
        "name_masked": letter.name_masked,
        "phone_masked": letter.phone_masked,
        "received_at": letter.received_at,
        "claim_due_date": letter.claim_deadline.due_date if letter.claim_deadline_id else None,
        "answer_due_date": letter.answer_deadline.due_date if letter.answer_deadline_id else None,
        "reply_kind": letter.reply_kind,
        "reply_text": letter.reply_text,
        "rating": letter.rating,
        "external_source": letter.external_source,
        "external_id": letter.external_id,
        "actions": selectors.letter_actions(letter),
    }


@router.get("/letters", response=list[LetterOut], summary="来信列表（本人可见的单位）")
def letter_list(request, status: str = "", q: str = "", limit: int = 100):
    limit = max(1, min(limit, 500))
    status = status if status in ("open", *Status.values) else ""
    return [_out(x) for x in selectors.letter_list_visible_to(request.auth, status=status or None, q=q[:100])[:limit]]


@router.get("/letters/{letter_id}", response={200: LetterOut, 404: ErrorOut}, summary="来信详情")
def letter_detail(request, letter_id: int):
    return _out(selectors.letter_get_visible_to(request.auth, letter_id))


@router.post(
    "/letters/{letter_id}/actions/{action}",
    response={200: LetterOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="办理来信（执行一项操作）",
)
def letter_act(request, letter_id: int, action: str, payload: Body[dict[str, str]]):
    """``action``: one of the letter's ``actions``. Fields: ``agency_id`` (route, transfer), ``reason``,
    ``reply_kind`` and ``reply_text`` (draft), ``into`` (the tracking number to merge into)."""
    letter = selectors.letter_get_visible_to(request.auth, letter_id)
    if action not in Action.values:
        raise ValidationFailed("未知的操作。", detail={"action": action})
    params: dict[str, Any] = {
        k: v for k, v in payload.items() if k in ("reason", "reply_kind", "reply_text", "comment")
    }
    if payload.get("agency_id"):
        params["agency"] = org_selectors.agency_get(payload["agency_id"], active_only=True)
    if payload.get("into"):
        params["into"] = (
            selectors.letter_list_visible_to(request.auth).filter(tracking_number=payload["into"][:20]).first()
        )
    services.letter_transition(actor=request.auth, letter=letter, action=action, **params)
    return _out(selectors.letter_get_visible_to(request.auth, letter_id))


class CaseIn(Schema):
    external_id: str
    kind: str
    title: str
    content: str
    channel: str = "hotline_12345"
    name: str = ""
    phone: str = ""
    address: str = ""
    received_at: dt.datetime | None = None
    publish_consent: bool = False


class CasesIn(Schema):
    office_id: int
    source: str = "12345"
    cases: list[CaseIn]


class CaseOut(Schema):
    external_id: str
    letter_id: int
    tracking_number: str
    created: bool


@router.post(
    "/hotline/cases",
    response={200: list[CaseOut], 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="接收热线系统工单（按外部工单号幂等）",
)
def hotline_cases(request, payload: CasesIn):
    office = org_selectors.agency_get(payload.office_id, active_only=True)
    if office is None:
        raise NotFound("未找到该信箱单位。")
    if len(payload.cases) > 500:
        raise ValidationFailed("一次最多提交 500 件工单。")
    out = []
    with transaction.atomic():
        for case in payload.cases:
            letter, created = services.hotline_case_upsert(
                actor=request.auth,
                office=office,
                channel=case.channel,
                external_source=payload.source,
                external_id=case.external_id,
                received_at=case.received_at,
                data=services.LetterInput(
                    kind=case.kind,
                    title=case.title,
                    content=case.content,
                    name=case.name,
                    phone=case.phone,
                    address=case.address,
                    anonymous=not case.name and case.kind == "suggestion",
                    publish_consent=case.publish_consent,
                ),
            )
            out.append(
                {
                    "external_id": letter.external_id,
                    "letter_id": letter.pk,
                    "tracking_number": letter.tracking_number,
                    "created": created,
                }
            )
    return out


# --- Public -------------------------------------------------------------------------------------------


class WriteIn(Schema):
    office_id: int
    kind: str
    title: str
    content: str
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    anonymous: bool = False
    publish_consent: bool = False


class WriteOut(Schema):
    tracking_number: str
    public_id: str
    query_code: str


@router.post(
    "/public/letters",
    response={201: WriteOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="写信（公众）",
)
def public_write(request, payload: WriteIn):
    office = org_selectors.agency_get(payload.office_id, active_only=True)
    if office is None:
        raise NotFound("未找到该信箱。")
    letter, code = services.letter_submit_online(
        office=office,
        data=services.LetterInput(
            kind=payload.kind,
            title=payload.title,
            content=payload.content,
            name=payload.name,
            phone=payload.phone,
            email=payload.email,
            address=payload.address,
            anonymous=payload.anonymous,
            publish_consent=payload.publish_consent,
        ),
        ip=client_address(request),
    )
    return HttpStatus(
        201, {"tracking_number": letter.tracking_number, "public_id": letter.public_id, "query_code": code}
    )


class QueryIn(Schema):
    public_id: str
    query_code: str


class RateIn(QueryIn):
    rating: str
    reason: str = ""


class PublicEventOut(Schema):
    at: dt.datetime
    label: str
    note: str


class PublicStatusOut(Schema):
    tracking_number: str
    public_id: str
    title: str
    status: str
    status_label: str
    reply_kind: str
    reply_text: str
    rating: str
    events: list[PublicEventOut]


def _status(letter: Letter) -> dict:
    replied = bool(letter.replied_at) or letter.status in (Status.OUT_OF_SCOPE,)
    return {
        "tracking_number": letter.tracking_number,
        "public_id": letter.public_id,
        "title": letter.title,
        "status": letter.status,
        "status_label": letter.get_status_display(),
        "reply_kind": letter.reply_kind if replied else "",
        "reply_text": letter.reply_text if replied else "",
        "rating": letter.rating,
        "events": [
            {"at": e.at, "label": e.label, "note": e.note} for e in selectors.letter_events(letter, public_only=True)
        ],
    }


@router.post(
    "/public/letters/status",
    response={200: PublicStatusOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="查询来信办理情况（查询编号和查询码）",
)
def public_status(request, payload: QueryIn):
    letter = services.letter_public_lookup(
        public_id=payload.public_id, query_code=payload.query_code, ip=client_address(request)
    )
    return _status(letter)


@router.post(
    "/public/letters/rate",
    response={200: PublicStatusOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="评价答复（满意、基本满意、不满意）",
)
def public_rate(request, payload: RateIn):
    letter = services.letter_public_lookup(
        public_id=payload.public_id, query_code=payload.query_code, ip=client_address(request)
    )
    services.letter_rate(letter=letter, rating=payload.rating, reason=payload.reason)
    return _status(selectors.letter_by_public_id(letter.public_id))


class PublishedOut(Schema):
    public_id: str
    kind: str
    kind_label: str
    office: str
    handling_agency: str
    title: str
    content: str
    reply: str
    published_at: dt.datetime | None


@router.get("/public/published", response=list[PublishedOut], auth=None, summary="公开的来信与答复（已隐去个人信息）")
def public_published(request, limit: int = 50):
    limit = max(1, min(limit, 200))
    out = []
    for letter in selectors.published_letters()[:limit]:
        text = public_text(letter)
        out.append(
            {
                "public_id": letter.public_id,
                "kind": letter.kind,
                "kind_label": letter.get_kind_display(),
                "office": letter.office.name,
                "handling_agency": letter.handling_agency.name if letter.handling_agency_id else "",
                "title": text["title"],
                "content": text["content"],
                "reply": text["reply"],
                "published_at": letter.published_at,
            }
        )
    return out
