"""Disclosure on application (依申请公开).

Staff (signed in, scoped to the agencies they see): the application list and detail (personal
data masked). Public (no account): submit an application (JSON; identity proofs go through the
web form; limited per client address and per identity) and query its status with the public id
(``public_id``, 查询编号: random, unlike the official sequential ``tracking_number``) and the query
code (rate-limited per (public id, address)); ask for a new query code to be sent to the contact
on file. Errors as ``{"code", "message", "detail"}``: ``validation_failed`` (422),
``duplicate_application`` (409), ``submission_throttled`` (429), ``query_failed`` (404),
``throttled`` (429), ``not_found`` (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Body, Router, Schema
from ninja import Status as HttpStatus

from gongkai.core.errors import NotFound
from gongkai.core.http import client_address
from gongkai.foi import actions as foi_actions
from gongkai.foi import replies, selectors, services
from gongkai.foi.enums import FeeState, Status
from gongkai.foi.models import Application
from gongkai.orgs import selectors as org_selectors

router = Router(tags=["依申请公开"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class ItemOut(Schema):
    position: int
    title: str
    document_number: str
    description: str
    reply_type: str
    reply_type_label: str


class ApplicationSummaryOut(Schema):
    id: int
    tracking_number: str
    public_id: str
    agency_id: int
    agency: str
    kind: str
    channel: str
    status: str
    status_label: str
    applicant_kind: str
    applicant_name: str
    id_number_masked: str
    receipt_date: dt.date
    due_date: dt.date | None
    provisional: bool
    deadline_state: str
    outcome: str
    concluded_on: dt.date | None


class EventOut(Schema):
    at: dt.datetime
    action: str
    label: str
    note: str


class ActionFieldOut(Schema):
    name: str
    label: str


class ActionOut(Schema):
    """An action the signed-in user may take now (its spec in ``foi/actions.py``)."""

    name: str
    label: str
    fields: list[ActionFieldOut]


class ApplicationDetailOut(ApplicationSummaryOut):
    phone_masked: str
    email_masked: str
    address_masked: str
    delivery_form: str
    obtain_method: str
    purpose: str
    letter_number: str
    delayed_reply_days: int | None
    delayed_reply_reason: str
    due_explanation: str
    items: list[ItemOut]
    events: list[EventOut]
    actions: list[ActionOut]


def _summary(app: Application) -> dict:
    clock = selectors.clock_view(app)
    return {
        "id": app.pk,
        "tracking_number": app.tracking_number,
        "public_id": app.public_id,
        "agency_id": app.agency_id,
        "agency": app.agency.name,
        "kind": app.kind,
        "channel": app.channel,
        "status": app.status,
        "status_label": app.get_status_display(),
        "applicant_kind": app.applicant_kind,
        "applicant_name": app.applicant_name,
        "id_number_masked": app.id_number_masked,
        "receipt_date": app.receipt_date,
        "due_date": clock.due_date,
        "provisional": clock.provisional,
        "deadline_state": clock.state,
        "outcome": app.outcome,
        "concluded_on": app.concluded_on,
    }


def _items(app: Application) -> list[dict]:
    return [
        {
            "position": i.position,
            "title": i.title,
            "document_number": i.document_number,
            "description": i.description,
            "reply_type": i.reply_type,
            "reply_type_label": i.reply_type_label,
        }
        for i in app.items.all()
    ]


@router.get("/applications", response=list[ApplicationSummaryOut], summary="申请列表（本人可见的单位）")
def application_list(
    request, status: str = "", agency_id: int | None = None, state: str = "", q: str = "", limit: int = 100
):
    limit = max(1, min(limit, 500))
    if state == "overdue":
        apps = selectors.application_list_overdue(request.auth, agency_id=agency_id)[:limit]
    elif state == "due_soon":
        apps = selectors.application_list_due_soon(request.auth, agency_id=agency_id)[:limit]
    else:
        apps = selectors.application_list_visible_to(
            request.auth,
            status=status if status in Status.values else None,
            agency_id=agency_id,
            q=q,
            open_only=state == "open",
        )[:limit]
    return [_summary(a) for a in apps]


@router.get("/applications/{app_id}", response={200: ApplicationDetailOut, 404: ErrorOut}, summary="申请详情")
def application_detail(request, app_id: int):
    app = selectors.application_get_visible_to(request.auth, app_id)
    clock = selectors.clock_view(app)
    return {
        **_summary(app),
        "phone_masked": app.phone_masked,
        "email_masked": app.email_masked,
        "address_masked": app.address_masked,
        "delivery_form": app.delivery_form,
        "obtain_method": app.obtain_method,
        "purpose": app.purpose,
        "letter_number": app.letter_number,
        "delayed_reply_days": app.mass_delay_days,
        "delayed_reply_reason": app.mass_delay_reason,
        "due_explanation": clock.explanation,
        "items": _items(app),
        "events": [{"at": e.at, "action": e.action, "label": e.label, "note": e.note} for e in selectors.timeline(app)],
        "actions": [_action_out(spec, app) for spec in foi_actions.available(app, request.auth)],
    }


def _action_out(spec, app) -> dict:
    form = spec.form(application=app, action=spec.name) if spec.form else None
    fields = [{"name": name, "label": str(f.label)} for name, f in form.fields.items()] if form else []
    return {"name": spec.name, "label": spec.label, "fields": fields}


@router.post(
    "/applications/{app_id}/actions/{action}",
    response={200: ApplicationDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="办理申请（执行一项操作）",
)
def application_act(request, app_id: int, action: str, payload: Body[dict[str, str]]):
    """Take ``action`` (one of the detail's ``actions``) with the fields of its form (``fields``:
    text, dates as YYYY-MM-DD, ids of people and agencies); files go through the case page."""
    app = selectors.application_get_visible_to(request.auth, app_id)
    spec = foi_actions.registry.get(action)
    form = spec.form(payload, None, application=app, action=spec.name) if spec.form else None
    inputs = form.inputs() if form is not None else None
    services.application_transition(app, spec.name, actor=request.auth, inputs=inputs)
    return application_detail(request, app_id)


# --- Public ---------------------------------------------------------------------------------------------


class ItemIn(Schema):
    description: str
    title: str = ""
    document_number: str = ""


class SubmitIn(Schema):
    agency_id: int
    applicant_kind: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    items: list[ItemIn]
    delivery_form: str
    obtain_method: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""
    purpose: str = ""


class SubmitOut(Schema):
    tracking_number: str
    public_id: str
    query_code: str
    receipt_date: dt.date
    due_date: dt.date | None
    provisional: bool


@router.post(
    "/public/applications",
    response={201: SubmitOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="在线提交申请（公众）",
)
def public_submit(request, payload: SubmitIn):
    agency = org_selectors.agency_get(payload.agency_id, active_only=True)
    if agency is None:
        raise NotFound("未找到该受理机关。")
    data = services.ApplicationInput(
        applicant_kind=payload.applicant_kind,
        applicant_name=payload.applicant_name,
        id_type=payload.id_type,
        id_number=payload.id_number,
        phone=payload.phone,
        email=payload.email,
        address=payload.address,
        postcode=payload.postcode,
        contact_person=payload.contact_person,
        purpose=payload.purpose,
        delivery_form=payload.delivery_form,
        obtain_method=payload.obtain_method,
        items=[
            services.ItemInput(description=i.description, title=i.title, document_number=i.document_number)
            for i in payload.items
        ],
    )
    app, code = services.application_submit_online(agency=agency, data=data, ip=client_address(request))
    clock = selectors.clock_view(app)
    return HttpStatus(
        201,
        {
            "tracking_number": app.tracking_number,
            "public_id": app.public_id,
            "query_code": code,
            "receipt_date": app.receipt_date,
            "due_date": clock.due_date,
            "provisional": clock.provisional,
        },
    )


class StatusIn(Schema):
    public_id: str
    query_code: str


class StatusOut(Schema):
    tracking_number: str
    public_id: str
    agency: str
    stage: str
    status: str
    receipt_date: dt.date
    due_date: dt.date | None
    provisional: bool
    supplement_request: str | None
    supplement_due: dt.date | None
    fee_amount: str | None
    fee_due: dt.date | None
    fee_received_on: dt.date | None
    # 条例 art. 35: the reasonable delayed reply period the agency set, and why.
    delayed_reply_days: int | None
    delayed_reply_reason: str
    letter_number: str
    outcome_label: str
    events: list[EventOut]


@router.post(
    "/public/status",
    response={200: StatusOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="查询办理进度（查询编号 + 查询码）",
)
def public_status(request, payload: StatusIn):
    app = services.application_public_lookup(
        public_id=payload.public_id,
        query_code=payload.query_code,
        ip=client_address(request),
    )
    clock = selectors.clock_view(app)
    fee = app.fees.filter(state=FeeState.NOTIFIED).select_related("deadline").first()
    replied = app.status in (Status.SENT, Status.DELIVERED)
    return {
        "tracking_number": app.tracking_number,
        "public_id": app.public_id,
        "agency": app.agency.name,
        "stage": selectors.public_stage(app),
        "status": app.status,
        "receipt_date": app.receipt_date,
        "due_date": None if replied else clock.due_date,
        "provisional": clock.provisional,
        "supplement_request": app.supplement_request_text if app.status == Status.SUPPLEMENT_REQUESTED else None,
        "supplement_due": app.supplement_deadline.due_date
        if app.status == Status.SUPPLEMENT_REQUESTED and app.supplement_deadline_id
        else None,
        "fee_amount": str(fee.amount) if fee else None,
        "fee_due": fee.deadline.due_date if fee and fee.deadline_id else None,
        "fee_received_on": fee.received_on if fee else None,
        "delayed_reply_days": app.mass_delay_days,
        "delayed_reply_reason": app.mass_delay_reason,
        "letter_number": app.letter_number if replied else "",
        "outcome_label": replies.row_label(app.outcome) if replied else "",
        "events": [
            {"at": e.at, "action": e.action, "label": e.label, "note": e.note}
            for e in selectors.timeline(app, public_only=True)
        ],
    }


class RecoverIn(Schema):
    number: str
    contact: str


class RecoverOut(Schema):
    message: str


@router.post(
    "/public/recover",
    response={200: RecoverOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="找回查询码（发送到登记的手机号码或电子邮箱）",
)
def public_recover(request, payload: RecoverIn):
    """The answer is the same whether or not the number and the contact match."""
    message = services.application_recover_query_code(
        number=payload.number, contact=payload.contact, ip=client_address(request)
    )
    return {"message": message}
