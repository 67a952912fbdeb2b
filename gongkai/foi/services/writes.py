"""Other writes on an application: extension requests, personal data, attachments, consultations' opinions, mass requests, fee receipts, repeats, appeals, agency profiles."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from gongkai.notifications.services import notify
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus

from .. import crypto, permissions
from ..enums import (
    OPEN_STATUSES,
    Action,
    AppealKind,
    AppealResult,
    AttachmentKind,
    ConsultationOpinion,
    ConsultationState,
    Status,
)
from ..events import FoiEvent
from ..models import (
    AgencyProfile,
    AppealRecord,
    Application,
    Attachment,
    Consultation,
    FeeNotice,
)
from ..transitions import TRANSITIONS
from .common import ADDRESS_KIND, _actor_repr, _close, _deadline_title, _event, _fresh, office_heads_for, tell_applicant
from .context import _Ctx, _param_date
from .inputs import _text
from .steps_fees import _open_fee, _start_payment_clock
from .transition import application_transition

# =====================================================================================
# Other writes
# =====================================================================================


def application_request_extension(*, actor, application: Application, reason: str) -> Application:
    """A handler asks the head of the disclosure office to extend (the head approves with EXTEND)."""
    permissions.require_handle(actor, application)
    reason = _text(reason, 300)
    if not reason:
        raise ValidationFailed("请填写申请延期的理由。")
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if (app.status, Action.EXTEND) not in TRANSITIONS:
            raise InvalidTransition(f"申请当前为“{app.get_status_display()}”，不能申请延期。")
        if app.events.filter(action=Action.EXTEND).exists():
            raise Conflict("答复期限只能延长一次，本申请已延长过。", code="extension_once")
        app.extension_requested_at, app.extension_requested_by, app.extension_request_reason = (
            clock.now(),
            actor,
            reason,
        )
        app.save(update_fields=["extension_requested_at", "extension_requested_by", "extension_request_reason"])
        _event(app, actor=actor, action="request_extension", label="申请延长答复期限", note=reason, public=False)
        audit_log(actor=actor, event=FoiEvent.EXTENSION_REQUESTED, target=app, data={"reason": reason})
        notify(
            recipients=office_heads_for(app.agency_id),
            subject=f"请审批延期：{app.tracking_number}",
            body=f"{_actor_repr(actor)}申请延长政府信息公开申请 {app.tracking_number} 的答复期限，理由：{reason}。",
            link=app.get_absolute_url(),
            event=FoiEvent.EXTENSION_REQUESTED,
            channels=("in_app",),
        )
    return app


def application_personal_data(*, actor, application: Application) -> dict[str, str]:
    """The applicant's full identity number and contacts, for the handling staff of the
    receiving agency only; each view is audited."""
    permissions.require_personal_data(actor, application)
    values = {
        "id_number": crypto.decrypt_text(application.id_number_enc, "id_number"),
        "phone": crypto.decrypt_text(application.phone_enc, "phone"),
        "email": crypto.decrypt_text(application.email_enc, "email"),
        "address": crypto.decrypt_text(application.address_enc, "address"),
    }
    audit_log(
        actor=actor,
        event=FoiEvent.PERSONAL_DATA_VIEWED,
        target=application,
        data={"fields": [k for k, v in values.items() if v]},
    )
    return values


def attachment_open(*, actor, attachment: Attachment, applicant: bool = False) -> tuple[str, str, bytes]:
    """Decrypt an attachment. Staff: identity proofs and other personal material need the
    personal-data permission (audited); reply attachments are open to anyone who sees the case
    and to the applicant once the reply is sent."""
    app = attachment.application
    if applicant:
        if attachment.kind != AttachmentKind.REPLY or app.status not in (Status.SENT, Status.DELIVERED):
            raise PermissionDenied("该附件不对申请人公开。")
    elif attachment.kind == AttachmentKind.REPLY:
        permissions.require_view(actor, app)
    else:
        permissions.require_personal_data(actor, app)
        audit_log(actor=actor, event=FoiEvent.ATTACHMENT_VIEWED, target=app, data={"attachment": attachment.name})
    return attachment.name, attachment.content_type, crypto.decrypt_bytes(bytes(attachment.data_enc), "attachment")


def consultation_record_opinion(*, actor, consultation: Consultation, opinion: str, text: str = "") -> Consultation:
    """Record a consulted party's answer; the last answer of a round resumes the answer clock."""
    app = consultation.application
    permissions.require_handle(actor, app)
    if opinion not in ConsultationOpinion.values:
        raise ValidationFailed("请选择意见。")
    with transaction.atomic():
        c = Consultation.objects.select_for_update(of=("self",)).get(pk=consultation.pk)
        if c.state != ConsultationState.OPEN:
            raise InvalidTransition("该征求意见已结束。")
        c.state, c.opinion, c.opinion_text, c.closed_at = (
            ConsultationState.ANSWERED,
            opinion,
            _text(text, 4000),
            clock.now(),
        )
        c.save()
        _close(_fresh(c.deadline_id), at=c.closed_at)
        _event(
            app,
            actor=actor,
            action="consultation_answered",
            label=f"{c.party_name}答复意见：{ConsultationOpinion(opinion).label}",
            note=c.opinion_text,
            public=False,
        )
        audit_log(
            actor=actor,
            event=FoiEvent.CONSULTATION_ANSWERED,
            target=app,
            data={"party": c.party_name, "opinion": opinion},
        )
        _maybe_end_consultation(app.pk)
    return c


def _maybe_end_consultation(app_id: int) -> None:
    app = Application.objects.get(pk=app_id)
    if app.status == Status.CONSULTING and not app.consultations.filter(state=ConsultationState.OPEN).exists():
        application_transition(actor=None, application=app, action=Action.END_CONSULTATION, system=True)


def application_set_mass(*, actor, application: Application, flag: bool, note: str = "") -> Application:
    """Mark an application as part of unreasonable mass applications (条例 art. 35) with the handling note."""
    permissions.require_handle(actor, application)
    note = _text(note, 4000)
    if flag and not note:
        raise ValidationFailed("请说明认定为大量申请的理由及处理方式（如已要求申请人说明理由）。")
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        old = {"mass_flag": app.mass_flag, "mass_note": app.mass_note}
        app.mass_flag, app.mass_note = bool(flag), note
        app.save(update_fields=["mass_flag", "mass_note", "updated_at"])
        _event(
            app,
            actor=actor,
            action="mass",
            label="标记为大量申请" if flag else "取消大量申请标记",
            note=note,
            public=False,
        )
        audit_log(
            actor=actor,
            event=FoiEvent.MASS_MARKED,
            target=app,
            data={"old": old, "new": {"mass_flag": flag, "mass_note": note}},
        )
    return app


def application_set_mass_delay(*, actor, application: Application, days: int, reason: str) -> Application:
    """条例 art. 35: for applications whose number or frequency clearly exceeds a reasonable
    range, the agency may set a reasonable delayed reply period and tell the applicant. The
    answer clock is replaced by a clock of ``days`` working days from today (rule
    ``foi.mass_delay_period`` gives the citation and the suggested value); once per application."""
    permissions.require_handle(actor, application)
    reason = _text(reason, 2000)
    if isinstance(days, str) and days.strip().isdigit():
        days = int(days.strip())
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 250:
        raise ValidationFailed("延迟答复的合理期限应为 1–250 之间的工作日数。")
    if not reason:
        raise ValidationFailed("请说明延迟答复的理由（申请数量、频次明显超过合理范围的情况）。")
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=application.pk)
        if app.status not in OPEN_STATUSES or app.status in (Status.SUPPLEMENT_REQUESTED,):
            raise InvalidTransition(f"申请当前为“{app.get_status_display()}”，不能确定延迟答复期限。")
        if app.mass_delay_set_at is not None:
            raise Conflict("本申请已确定过延迟答复期限。", code="mass_delay_once")
        old = _fresh(app.deadline_id)
        if old is not None and old.status == DeadlineStatus.PAUSED:
            raise InvalidTransition("答复期限暂停计时期间（征求意见或待缴费）不能确定延迟答复期限。")
        now = clock.now()
        _close(old, at=now)
        app.deadline = rule_services.deadline_start(
            actor=None,
            target=app,
            agency=app.agency,
            rule_key="foi.mass_delay_period",
            start=now,
            amount=days,
            handler=app.handler,
            title=_deadline_title(app, "延迟答复期限（条例第三十五条）"),
        )
        app.mass_flag = True
        app.mass_note = app.mass_note or reason
        app.mass_delay_days, app.mass_delay_reason, app.mass_delay_set_at = days, reason, now
        app.save()
        due = app.deadline.due_date
        text = (
            f"因申请公开政府信息的数量、频次明显超过合理范围，无法在规定期限内答复，本机关确定延迟答复的合理期限为 "
            f"{days} 个工作日，答复期限至 {due.isoformat() if due else '—'}（条例第三十五条）。理由：{reason}"
        )
        _event(app, actor=actor, action="mass_delay", label="确定延迟答复期限（条例第三十五条）", note=text)
        audit_log(
            actor=actor,
            event=FoiEvent.MASS_DELAY_SET,
            target=app,
            data={
                "old": {"due": old.due_date if old else None},
                "new": {"days": days, "reason": reason, "due": due},
            },
        )
        tell_applicant(app, event=FoiEvent.MASS_DELAY, subject="延迟答复告知", text=text, dedupe_key="mass_delay")
    return app


def applicant_message_retry(*, actor, application: Application, message_id: int):
    """Send a failed message to the applicant again (the case's handlers)."""
    from gongkai.notifications.selectors import external_messages_for
    from gongkai.notifications.services import external_message_retry

    permissions.require_handle(actor, application)
    row = external_messages_for(f"{ADDRESS_KIND}:{application.pk}").filter(pk=message_id).first()
    if row is None:
        raise NotFound("未找到该消息。")
    return external_message_retry(actor=actor, message=row)


def fee_notice_record_receipt(*, actor, application: Application, received_on: dt.date | str) -> FeeNotice:
    """Record the day the applicant received the fee notice: the payment clock starts then
    (国办函〔2020〕109号 第六条)."""
    permissions.require_handle(actor, application)
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=application.pk)
        if app.status != Status.FEE_NOTIFIED:
            raise InvalidTransition("当前没有待缴费的收费通知。")
        fee = _open_fee(app)
        if fee.received_on is not None:
            raise Conflict("已登记申请人收到收费通知的日期。", code="fee_receipt_recorded")
        ctx = _Ctx(
            actor=actor, app=app, inputs=SimpleNamespace(received_on=received_on), now=clock.now(), applicant=False
        )
        day = _param_date(ctx, "received_on", "申请人收到收费通知日期")
        if day < timezone.localdate(fee.notified_at):
            raise ValidationFailed("收到收费通知日期不能早于发出通知日期。")
        _start_payment_clock(app, fee, day)
        due = fee.deadline.due_date
        _event(
            app,
            actor=actor,
            action="fee_received",
            label="登记申请人收到收费通知",
            note=f"申请人于 {day.isoformat()} 收到收费通知，缴费期限至 {due.isoformat() if due else '—'}。",
        )
        audit_log(
            actor=actor, event=FoiEvent.FEE_NOTICE_RECEIVED, target=app, data={"new": {"received_on": day, "due": due}}
        )
    return fee


def application_link_repeat(*, actor, application: Application, earlier: Application | None) -> Application:
    """Link (or unlink) the earlier application this one repeats (条例 art. 36(6))."""
    permissions.require_handle(actor, application)
    if earlier is not None:
        if earlier.pk == application.pk or earlier.agency_id != application.agency_id:
            raise ValidationFailed("只能关联本机关的另一件申请。")
        if earlier.receipt_date > application.receipt_date:
            raise ValidationFailed("原申请应早于本申请。")
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        old = app.repeat_of.tracking_number if app.repeat_of_id else None
        app.repeat_of = earlier
        app.save(update_fields=["repeat_of", "updated_at"])
        label = f"关联原申请 {earlier.tracking_number}" if earlier else "取消关联原申请"
        _event(app, actor=actor, action="link_repeat", label=label, public=False)
        audit_log(
            actor=actor,
            event=FoiEvent.REPEAT_LINKED,
            target=app,
            data={"old": {"repeat_of": old}, "new": {"repeat_of": earlier.tracking_number if earlier else None}},
        )
    return app


def appeal_record_save(
    *,
    actor,
    application: Application,
    kind: str,
    filed_on: dt.date,
    body: str,
    case_number: str = "",
    result: str = AppealResult.PENDING,
    concluded_on: dt.date | None = None,
    note: str = "",
    record: AppealRecord | None = None,
) -> AppealRecord:
    """Create or update a reconsideration / litigation record (section 四 of the annual report)."""
    permissions.require_handle(actor, application)
    if kind not in AppealKind.values:
        raise ValidationFailed("请选择类型（行政复议或行政诉讼）。")
    if result not in AppealResult.values:
        raise ValidationFailed("请选择结果。")
    if not isinstance(filed_on, dt.date):
        raise ValidationFailed("请填写立案或受理日期。")
    if filed_on > clock.today():
        raise ValidationFailed("立案或受理日期不能晚于今天。")
    body = _text(body, 200)
    if not body:
        raise ValidationFailed("请填写复议机关或人民法院。")
    if result == AppealResult.PENDING:
        concluded_on = None
    elif concluded_on is None:
        raise ValidationFailed("已审结的，请填写审结日期。")
    elif concluded_on < filed_on or concluded_on > clock.today():
        raise ValidationFailed("审结日期应在立案日期之后、今天之前。")
    values = {
        "kind": kind,
        "filed_on": filed_on,
        "body": body,
        "case_number": _text(case_number, 100),
        "result": result,
        "concluded_on": concluded_on,
        "note": _text(note, 4000),
    }
    with transaction.atomic():
        if record is None:
            record = AppealRecord.objects.create(application=application, **values)
            audit_log(actor=actor, event=FoiEvent.APPEAL_CREATED, target=record, data={"new": values})
        else:
            if record.application_id != application.pk:
                raise ValidationFailed("该记录不属于本申请。")
            old = {k: getattr(record, k) for k in values}
            for k, v in values.items():
                setattr(record, k, v)
            record.save()
            audit_log(actor=actor, event=FoiEvent.APPEAL_UPDATED, target=record, data={"old": old, "new": values})
        _event(
            application,
            actor=actor,
            action="appeal",
            label=f"{AppealKind(kind).label}：{AppealResult(result).label}",
            public=False,
        )
    return record


def agency_profile_save(
    *,
    actor,
    agency: Agency,
    letter_prefix: str,
    letter_word: str = "依申复",
    office_name: str = "",
    office_address: str = "",
    office_phone: str = "",
) -> AgencyProfile:
    """The letter prefix (机关代字) and office contact lines used in the agency's letters."""
    org_permissions.require_unit_admin(actor, agency)
    letter_prefix = _text(letter_prefix, 40)
    if not letter_prefix:
        raise ValidationFailed("请填写发文机关代字。")
    values = {
        "letter_prefix": letter_prefix,
        "letter_word": _text(letter_word, 10) or "依申复",
        "office_name": _text(office_name, 200),
        "office_address": _text(office_address, 300),
        "office_phone": _text(office_phone, 100),
    }
    with transaction.atomic():
        profile, created = AgencyProfile.objects.update_or_create(agency=agency, defaults=values)
        audit_log(actor=actor, event=FoiEvent.PROFILE_SAVED, target=agency, data={"new": values, "created": created})
    return profile
