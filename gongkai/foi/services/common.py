"""Helpers shared by the FOI writes: timeline events, codes, telling the applicant, the clocks, handlers."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core import clock
from gongkai.notifications.enums import Channel as NoticeChannel
from gongkai.notifications.services import notify_external
from gongkai.orgs.models import Agency, User
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline

from .. import crypto, validators
from ..enums import (
    Action,
    ConsultationState,
    FeeState,
)
from ..models import (
    Application,
    ApplicationEvent,
    Attachment,
    TrackingSequence,
)
from .inputs import PUBLIC_ID_LENGTH, QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH, ApplicationInput

# =====================================================================================
# Helpers
# =====================================================================================


def _actor_repr(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return (getattr(actor, "full_name", "") or actor.get_username())[:200]
    return "系统" if actor is None else str(actor)[:200]


def _event(app: Application, *, actor, action: str, label: str, from_status="", to_status="", note="", public=True):
    return ApplicationEvent.objects.create(
        application=app,
        at=clock.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_repr=_actor_repr(actor)
        if getattr(actor, "is_authenticated", False)
        else "申请人"
        if actor == "applicant"
        else "系统",
        action=action,
        label=label[:200],
        from_status=from_status,
        to_status=to_status,
        note=note,
        public=public,
    )


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def new_public_id() -> str:
    """A random public identifier (the portal's URLs and the status query use it; the official
    sequence number stays on letters and registers)."""
    while True:
        value = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))
        if not Application.objects.filter(public_id=value).exists():
            return value


def normalise_public_id(value: str) -> str:
    """What an applicant typed (spaces, dashes, lower case) as a stored public id."""
    return "".join(c for c in str(value or "").upper() if c.isalnum())[:32]


# --- Telling the applicant (e-mail and SMS through the notifications outbox) -----------------

ADDRESS_KIND = "foi.application"


def applicant_address(ref_id: str, channel: str) -> tuple[str, str]:
    """The contact on file for ``"foi.application:<pk>"`` (registered with the outbox in
    ``FoiConfig.ready``): decrypted only at send time."""
    app = Application.objects.filter(pk=int(ref_id) if str(ref_id).isdigit() else 0).first()
    if app is None:
        return "", ""
    if channel == NoticeChannel.EMAIL:
        return crypto.decrypt_text(app.email_enc, "email"), app.email_masked
    if channel == NoticeChannel.SMS:
        return crypto.decrypt_text(app.phone_enc, "phone"), app.phone_masked
    return "", ""


def tell_applicant(
    app: Application,
    *,
    event: str,
    subject: str,
    text: str,
    dedupe_key: str | None = None,
    channels=(NoticeChannel.EMAIL, NoticeChannel.SMS),
    body_after_send: str = "",
) -> None:
    """Queue a message to the applicant's e-mail and phone on file (inside the caller's
    transaction: nothing is sent if it rolls back)."""
    head = f"【{app.agency.name}】您的政府信息公开申请（申请编号 {app.tracking_number}，查询编号 {app.public_id}）"
    tail = "可凭查询编号和查询码在政府信息公开平台“查询办理进度”页面查看详情。"
    notify_external(
        address_ref=f"{ADDRESS_KIND}:{app.pk}",
        subject=f"{subject}：{app.tracking_number}",
        body=f"{head}：{text}\n{tail}",
        event=event,
        channels=channels,
        dedupe_key=dedupe_key,
        body_after_send=body_after_send,
    )


# Transitions the applicant is told about (the message is the timeline's public note).
_APPLICANT_NOTICES = {
    Action.REQUEST_SUPPLEMENT: "补正告知",
    Action.FEE_NOTICE: "收费通知",
    Action.EXTEND: "延长答复期限告知",
    Action.SEND: "答复",
    Action.TRANSFER: "告知有权机关",
    Action.ABANDON_SUPPLEMENT: "逾期未补正告知",
    Action.ABANDON_FEE: "逾期未缴费告知",
}


def _next_tracking_number(day: dt.date) -> str:
    seq = TrackingSequence.objects.select_for_update().filter(day=day).first()
    if seq is None:
        try:
            with transaction.atomic():
                seq = TrackingSequence.objects.create(day=day, last=0)
        except IntegrityError:  # created concurrently
            seq = TrackingSequence.objects.select_for_update().get(day=day)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"YS{day:%Y%m%d}{seq.last:04d}"


def _items_text(items) -> str:
    return "\n".join(f"{i.title}|{i.document_number}|{i.description}" for i in items)


def _encrypt_personal(app: Application, data: ApplicationInput) -> None:
    app.id_number_enc = crypto.encrypt_text(data.id_number, "id_number")
    app.id_number_masked = crypto.mask_id_number(data.id_number)
    app.phone_enc = crypto.encrypt_text(data.phone, "phone")
    app.phone_masked = crypto.mask_phone(data.phone)
    app.email_enc = crypto.encrypt_text(data.email, "email")
    app.email_masked = crypto.mask_email(data.email)
    app.address_enc = crypto.encrypt_text(data.address, "address")
    app.address_masked = crypto.mask_address(data.address)


def _store_attachments(app: Application, files: list[tuple[str, bytes]], kind: str, actor) -> list[Attachment]:
    rows = []
    for name, blob in files:
        clean, content_type = validators.check_attachment(name, blob)
        rows.append(
            Attachment.objects.create(
                application=app,
                kind=kind,
                name=clean,
                content_type=content_type,
                size=len(blob),
                data_enc=crypto.encrypt_bytes(blob, "attachment"),
                uploaded_at=clock.now(),
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    return rows


def _deadline_title(app: Application, what: str) -> str:
    return f"{what}：{app.tracking_number}"


def _start_answer_clock(app: Application, *, actor, start: dt.date | dt.datetime) -> Deadline:
    return rule_services.deadline_start(
        actor=actor,
        target=app,
        agency=app.agency,
        rule_key="foi.answer_period",
        start=start,
        handler=app.handler,
        title=_deadline_title(app, "依申请公开答复期限"),
    )


def _close(deadline: Deadline | None, *, at: dt.datetime | None = None) -> None:
    if deadline is not None and deadline.status != DeadlineStatus.CLOSED:
        rule_services.deadline_close(actor=None, deadline=deadline, at=at)


def _fresh(deadline_id: int | None) -> Deadline | None:
    return Deadline.objects.filter(pk=deadline_id).first() if deadline_id else None


def _conclude(app: Application, *, outcome: str, at: dt.datetime | None = None) -> None:
    """Record the outcome (a report row), the conclusion time, and close every open clock."""
    at = at or clock.now()
    answer = _fresh(app.deadline_id)
    if answer is not None and answer.due_at is not None:
        app.on_time = at <= answer.due_at
    elif answer is not None:
        app.on_time = True  # concluded while the clock was paused: no time had run out
    app.outcome = outcome
    app.concluded_at = at
    app.concluded_on = timezone.localdate(at)
    _close(answer, at=at)
    _close(_fresh(app.supplement_deadline_id), at=at)
    for fee in app.fees.filter(state=FeeState.NOTIFIED):
        _close(_fresh(fee.deadline_id), at=at)
    for c in app.consultations.filter(state=ConsultationState.OPEN):
        _close(_fresh(c.deadline_id), at=at)


def office_heads_for(agency_id: int) -> list[User]:
    """Heads of the disclosure office who cover the agency (held at it or at an agency above:
    the role covers subordinate agencies)."""
    from gongkai.orgs.enums import Role
    from gongkai.orgs.models import RoleAssignment

    ancestors = [a.pk for a in Agency.objects.get(pk=agency_id).ancestors()]
    user_ids = RoleAssignment.objects.filter(role=Role.DISCLOSURE_OFFICE_HEAD, agency_id__in=ancestors).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=list(user_ids), is_active=True))


def handlers_for(app: Application) -> list[User]:
    if app.handler_id and app.handler and app.handler.is_active:
        return [app.handler]
    from gongkai.orgs.enums import Role
    from gongkai.orgs.models import RoleAssignment

    ids = RoleAssignment.objects.filter(
        agency_id=app.agency_id, role__in=[Role.UNIT_ADMIN, Role.DISCLOSURE_OFFICE_STAFF]
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=list(ids), is_active=True))
