"""Action steps: transfer to another agency and withdrawal (run inside the transition)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core.errors import ValidationFailed
from gongkai.notifications.services import notify
from gongkai.orgs.models import Agency

from .. import crypto
from ..enums import (
    AttachmentKind,
    Status,
)
from ..events import FoiEvent
from ..models import (
    Application,
    Attachment,
    RequestedItem,
)
from .common import _conclude, _event, _next_tracking_number, _start_answer_clock, handlers_for, new_public_id
from .context import _Ctx, _param_text


def _do_transfer(ctx: _Ctx) -> None:
    app = ctx.app
    to_agency = ctx.inputs.to_agency
    to_name = _param_text(ctx, "to_name", "有权机关", required=False, limit=300)
    forward = bool(ctx.inputs.forward)
    if to_agency is None and not to_name:
        raise ValidationFailed("请选择或填写负责公开该信息的行政机关。")
    if to_agency is not None and to_agency.pk == app.agency_id:
        raise ValidationFailed("有权机关不能是本机关。")
    if forward and to_agency is None:
        raise ValidationFailed("转送须选择本平台上的有权机关；平台外的机关请选择“告知申请人”。")
    app.transfer_to_agency = to_agency
    app.transfer_to_name = to_name or to_agency.name
    _conclude(app, outcome="cannot.not_held", at=ctx.now)
    ctx.public_note = (
        f"该信息不属于本机关负责公开，负责公开的机关为：{app.transfer_to_name}（条例第三十六条第（五）项）。"
    )
    if forward:
        new = _forward(app, to_agency, ctx)
        ctx.public_note += (
            f" 已将申请转送该机关，新的申请编号为 {new.tracking_number}，查询编号为 {new.public_id}，"
            "可使用原查询码查询。"
        )
        ctx.data["forwarded_to"] = new.tracking_number
    ctx.data["transfer"] = {"to": app.transfer_to_name, "forward": forward}


def _copy_items_and_identity(app: Application, new: Application, items: list[RequestedItem]) -> None:
    """The forwarded copy gets the requested items and the identity documents of the original."""
    RequestedItem.objects.bulk_create(
        [
            RequestedItem(
                application=new,
                position=i.position,
                title=i.title,
                document_number=i.document_number,
                description=i.description,
            )
            for i in items
        ]
    )
    for a in app.attachments.filter(kind=AttachmentKind.IDENTITY):
        Attachment.objects.create(
            application=new,
            kind=a.kind,
            name=a.name,
            content_type=a.content_type,
            size=a.size,
            data_enc=a.data_enc,
            uploaded_at=a.uploaded_at,
        )


def _forward(app: Application, to_agency: Agency, ctx: _Ctx) -> Application:
    """A copy of the application at the competent agency (same applicant, items, query code)."""
    with transaction.atomic():
        new = Application.objects.get(pk=app.pk)
        items = list(app.items.all())
        new.pk = None
        new.id = None
        new.tracking_number = _next_tracking_number(timezone.localdate(ctx.now))
        new.public_id = new_public_id()
        new.recovery_code_hash, new.recovery_sent_at = "", None
        new.mass_delay_days, new.mass_delay_reason, new.mass_delay_set_at = None, "", None
        new.agency = to_agency
        new.status = Status.RECEIVED
        new.channel = app.channel
        new.submitted_on = new.receipt_date = timezone.localdate(ctx.now)
        new.signed_for_on = new.confirmed_on = None
        new.receipt_note = f"由{app.agency.name}转送（原申请编号 {app.tracking_number}）"
        new.handler = None
        new.registered_by = ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None
        new.deadline = new.supplement_deadline = None
        new.supplement_requested_at = new.supplement_received_at = None
        new.supplement_request_text = new.supplement_text = ""
        new.extension_requested_at = None
        new.extension_requested_by = None
        new.extension_request_reason = ""
        new.transferred_from = app
        new.transfer_to_agency = None
        new.transfer_to_name = ""
        new.repeat_of = None
        new.dedupe_hash = crypto.blind_index(str(to_agency.pk), app.dedupe_hash)
        new.outcome = new.reply_summary = new.letter_number = new.delivery_method = new.delivery_note = ""
        new.concluded_at = new.concluded_on = new.on_time = None
        new.letter_year = new.letter_seq = None
        new.letter_docx = None
        new.letter_generated_at = None
        new.posted_on = new.delivered_on = None
        new.mass_flag, new.mass_note = False, ""
        new.save(force_insert=True)
        _copy_items_and_identity(app, new, items)
        new.deadline = _start_answer_clock(new, actor=None, start=new.receipt_date)
        new.save(update_fields=["deadline"])
        _event(
            new,
            actor=ctx.actor,
            action="register",
            label="收到转送的申请",
            to_status=Status.RECEIVED,
            note=new.receipt_note,
        )
        audit_log(
            actor=ctx.actor,
            event=FoiEvent.REGISTERED,
            target=new,
            data={"new": {"tracking_number": new.tracking_number, "transferred_from": app.tracking_number}},
        )
        notify(
            recipients=handlers_for(new),
            subject=f"转送来的政府信息公开申请：{new.tracking_number}",
            body=f"{app.agency.name}将申请 {app.tracking_number} 转送本机关办理。",
            link=new.get_absolute_url(),
            event=FoiEvent.RECEIVED,
            channels=("in_app",),
        )
    return new


def _do_withdraw(ctx: _Ctx) -> None:
    app = ctx.app
    reason = _param_text(ctx, "reason", "撤回理由", required=not ctx.applicant, limit=500)
    _conclude(app, outcome="other.other", at=ctx.now)
    ctx.public_note = "申请人撤回申请。" + (f"理由：{reason}" if reason else "")
