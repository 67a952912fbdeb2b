"""Intake: online submission (rate-limited) and registration at the counter."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import Conflict, DomainError, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.orgs.models import Agency

from .. import crypto, permissions
from ..enums import (
    OPEN_STATUSES,
    AttachmentKind,
    Channel,
    Status,
)
from ..events import FoiEvent
from ..models import (
    Application,
    RequestedItem,
    SubmissionAttempt,
)
from .common import (
    _encrypt_personal,
    _event,
    _items_text,
    _next_tracking_number,
    _start_answer_clock,
    _store_attachments,
    handlers_for,
    new_public_id,
    new_query_code,
    tell_applicant,
)
from .inputs import ApplicationInput, _text, derive_receipt_date, validate_input

# =====================================================================================
# Intake
# =====================================================================================


def _find_duplicate(agency: Agency, dedupe_hash: str) -> tuple[Application | None, Application | None]:
    """(an open application with the same hash — a duplicate submission; the latest answered
    one with it — the new one is then a repeat application, 条例 art. 36(6))."""
    same = Application.objects.filter(agency=agency, dedupe_hash=dedupe_hash)
    open_one = same.filter(status__in=OPEN_STATUSES).order_by("-id").first()
    answered = same.filter(status__in=[Status.SENT, Status.DELIVERED]).order_by("-concluded_at", "-id").first()
    return open_one, answered


def _new_application(
    *,
    actor,
    agency: Agency,
    channel: str,
    data: ApplicationInput,
    query_code_hash: str,
    submitted_on: dt.date,
    signed_for_on: dt.date | None,
    confirmed_on: dt.date | None,
    receipt_date: dt.date,
    receipt_note: str,
    dedupe_hash: str,
    applicant_hash: str,
    repeat_of: Application | None,
    transferred_from: Application | None,
) -> Application:
    """The unsaved application, numbered (tracking number, public id), in status RECEIVED."""
    return Application(
        tracking_number=_next_tracking_number(clock.today()),
        public_id=new_public_id(),
        query_code_hash=query_code_hash,
        agency=agency,
        kind=data.kind,
        channel=channel,
        status=Status.RECEIVED,
        submitted_on=submitted_on,
        signed_for_on=signed_for_on if channel == Channel.LETTER else None,
        confirmed_on=confirmed_on if channel in (Channel.FAX, Channel.EMAIL) else None,
        receipt_date=receipt_date,
        receipt_note=receipt_note,
        applicant_kind=data.applicant_kind,
        applicant_name=data.applicant_name,
        contact_person=data.contact_person,
        id_type=data.id_type,
        postcode=data.postcode,
        purpose=data.purpose,
        delivery_form=data.delivery_form,
        obtain_method=data.obtain_method,
        correction_detail=data.correction_detail,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        dedupe_hash=dedupe_hash,
        applicant_hash=applicant_hash,
        repeat_of=repeat_of,
        transferred_from=transferred_from,
    )


def _announce_registration(
    app: Application,
    *,
    actor,
    channel: str,
    data: ApplicationInput,
    receipt_date: dt.date,
    concluded: Application | None,
    transferred_from: Application | None,
) -> None:
    """The registration's timeline event, audit event, receipt to the applicant and notice to the handlers."""
    note = f"收到申请日期：{receipt_date.isoformat()}（{app.receipt_note}）"
    if concluded is not None:
        note += f"；与已办结的申请 {concluded.tracking_number} 内容相同，可能属于重复申请。"
    _event(
        app,
        actor=actor if actor is not None else "applicant",
        action="register",
        label=f"收到申请（{Channel(channel).label}）",
        to_status=Status.RECEIVED,
        note=note,
    )
    audit_log(
        actor=actor,
        event=FoiEvent.REGISTERED,
        target=app,
        data={
            "new": {
                "tracking_number": app.tracking_number,
                "channel": channel,
                "receipt_date": receipt_date,
                "applicant_kind": data.applicant_kind,
                "items": len(data.items),
                "repeat_of": concluded.tracking_number if concluded else None,
                "transferred_from": transferred_from.tracking_number if transferred_from else None,
            }
        },
    )
    due = app.deadline.due_date
    tell_applicant(
        app,
        event=FoiEvent.RECEIPT,
        subject="收到申请回执",
        text=(
            f"已于 {receipt_date.isoformat()} 收到。"
            + (f"答复期限至 {due.isoformat()}（{app.deadline.citation}）。" if due else "")
        ),
        dedupe_key="receipt",
    )
    recipients = handlers_for(app)
    notify(
        recipients=recipients,
        subject=f"新的政府信息公开申请：{app.tracking_number}",
        body=f"{app.agency.name}收到政府信息公开申请 {app.tracking_number}（{Channel(channel).label}），请及时办理。",
        link=app.get_absolute_url(),
        event=FoiEvent.RECEIVED,
        channels=("in_app",),
        dedupe_key=f"foi:{app.pk}:received",
    )


def _create_application(
    *,
    actor,
    agency: Agency,
    channel: str,
    data: ApplicationInput,
    submitted_on: dt.date,
    signed_for_on: dt.date | None,
    confirmed_on: dt.date | None,
    receipt_note: str,
    query_code: str | None = None,
    query_code_hash: str | None = None,
    transferred_from: Application | None = None,
) -> tuple[Application, str]:
    if not isinstance(agency, Agency) or not agency.is_active:
        raise ValidationFailed("请选择受理机关。")
    data = validate_input(data)
    receipt_date, derived = derive_receipt_date(
        channel=channel, submitted_on=submitted_on, signed_for_on=signed_for_on, confirmed_on=confirmed_on
    )
    dedupe_hash = crypto.blind_index(str(agency.pk), data.kind, data.id_type, data.id_number, _items_text(data.items))
    applicant_hash = crypto.blind_index(data.id_type, data.id_number)
    code = query_code or new_query_code()
    with transaction.atomic():
        open_one, concluded = _find_duplicate(agency, dedupe_hash)
        if open_one is not None and transferred_from is None:
            raise Conflict(
                "已收到内容相同的申请，正在办理中，请勿重复提交。",
                code="duplicate_application",
                detail={"tracking_number": open_one.tracking_number if actor is not None else None},
            )
        app = _new_application(
            actor=actor,
            agency=agency,
            channel=channel,
            data=data,
            query_code_hash=query_code_hash or make_password(code),
            submitted_on=submitted_on,
            signed_for_on=signed_for_on,
            confirmed_on=confirmed_on,
            receipt_date=receipt_date,
            receipt_note=(_text(receipt_note, 300) or derived),
            dedupe_hash=dedupe_hash,
            applicant_hash=applicant_hash,
            repeat_of=concluded,
            transferred_from=transferred_from,
        )
        _encrypt_personal(app, data)
        app.save()
        RequestedItem.objects.bulk_create(
            [
                RequestedItem(
                    application=app,
                    position=n,
                    title=i.title,
                    document_number=i.document_number,
                    description=i.description,
                )
                for n, i in enumerate(data.items, start=1)
            ]
        )
        _store_attachments(app, data.attachments, AttachmentKind.IDENTITY, actor)
        app.deadline = _start_answer_clock(app, actor=actor, start=receipt_date)
        app.save(update_fields=["deadline", "updated_at"])
        _announce_registration(
            app,
            actor=actor,
            channel=channel,
            data=data,
            receipt_date=receipt_date,
            concluded=concluded,
            transferred_from=transferred_from,
        )
    return app, code


class SubmissionThrottled(DomainError):
    code = "submission_throttled"
    http_status = 429
    default_message = "提交过于频繁，请稍后再试。"


def _submit_limits() -> tuple[int, int, int]:
    from django.conf import settings

    return (
        int(getattr(settings, "FOI_SUBMIT_WINDOW_MINUTES", 60)),
        int(getattr(settings, "FOI_SUBMIT_MAX_PER_ADDRESS", 5)),
        int(getattr(settings, "FOI_SUBMIT_MAX_PER_IDENTITY", 3)),
    )


def _submission_keys(data: ApplicationInput, ip: str) -> tuple[str, list[str]]:
    address = crypto.blind_index("foi-submit", "ip", ip or "unknown")
    identity = [crypto.blind_index("foi-submit", "id", data.id_type, data.id_number)]
    if data.phone:
        identity.append(crypto.blind_index("foi-submit", "phone", data.phone))
    if data.email:
        identity.append(crypto.blind_index("foi-submit", "email", data.email.lower()))
    return address, identity


def _check_submission_rate(data: ApplicationInput, ip: str) -> list[str]:
    """Refuse a submission beyond the per-address or per-identity limit (security settings,
    not statutory numbers: each accepted application starts a legal clock). Returns the keys
    to record once the application is accepted."""
    window, per_address, per_identity = _submit_limits()
    since = clock.now() - dt.timedelta(minutes=window)
    address, identity = _submission_keys(data, ip)
    recent = SubmissionAttempt.objects.filter(at__gte=since)
    if recent.filter(key=address).count() >= per_address:
        raise SubmissionThrottled(
            f"同一网络地址在 {window} 分钟内最多可在线提交 {per_address} 件申请，请稍后再试；"
            "如确需提交更多申请，可通过信函、传真或当面提交。",
            detail={"limit": "address", "window_minutes": window, "max": per_address},
        )
    if any(recent.filter(key=k).count() >= per_identity for k in identity):
        raise SubmissionThrottled(
            f"同一申请人（证件号码、手机号码或电子邮箱相同）在 {window} 分钟内最多可在线提交 "
            f"{per_identity} 件申请，请稍后再试；如确需提交更多申请，可通过信函、传真或当面提交。",
            detail={"limit": "identity", "window_minutes": window, "max": per_identity},
        )
    return [address, *identity]


def application_submit_online(*, agency: Agency, data: ApplicationInput, ip: str = "") -> tuple[Application, str]:
    """A citizen's online application (no account). Returns the application and its query code
    (shown once; only its hash is stored). Limited per client address and per identity
    (``SubmissionThrottled``, HTTP 429)."""
    data = validate_input(data)
    with transaction.atomic():
        keys = _check_submission_rate(data, ip)
        result = _create_application(
            actor=None,
            agency=agency,
            channel=Channel.ONLINE,
            data=data,
            submitted_on=clock.today(),
            signed_for_on=None,
            confirmed_on=None,
            receipt_note="",
        )
        now = clock.now()
        SubmissionAttempt.objects.bulk_create([SubmissionAttempt(key=k, at=now) for k in keys])
    return result


def application_register(
    *,
    actor,
    agency: Agency,
    channel: str,
    data: ApplicationInput,
    submitted_on: dt.date,
    signed_for_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    receipt_note: str = "",
) -> tuple[Application, str]:
    """Staff register an application received in person (oral ones written down), by post, fax
    or e-mail (SPEC R4.1) with what happened on receipt (R4.2)."""
    permissions.require_handle_agency(actor, agency)
    if channel == Channel.ONLINE:
        raise ValidationFailed("网上申请由申请人在门户网站提交，无需登记。")
    return _create_application(
        actor=actor,
        agency=agency,
        channel=channel,
        data=data,
        submitted_on=submitted_on,
        signed_for_on=signed_for_on,
        confirmed_on=confirmed_on,
        receipt_note=receipt_note,
    )
