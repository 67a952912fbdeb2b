"""Writes of disclosure on application (依申请公开).

Every function is keyword-only, checks permissions (``permissions.py``), runs in one
transaction and writes its audit event there. Status changes go through
``application_transition`` only (table in ``transitions.py``), which locks the row, checks the
move and who may make it, runs the action's step (clock, consultation, fee, letter, …) and
records a timeline event and an audit event. An error anywhere rolls back everything.

Clocks (gongkai.rules): the answer clock ``foi.answer_period`` starts at the receipt date (SPEC
R4.2); 补正 closes it and a new one starts when the supplement arrives (条例 art. 30);
consultations and fee notices pause it; the one extension is approved by the head of the
disclosure office (条例 art. 33). The applicant's own periods (补正 ``foi.supplement_reply_period``,
fee ``foi.fee_payment_period``) and the consultations' periods are clocks too; ``foi_sweep``
ends applications whose applicant let a period pass and closes lapsed consultations.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from gongkai.notifications.enums import Channel as NoticeChannel
from gongkai.notifications.services import notify, notify_external
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency, User
from gongkai.rules import selectors as rule_selectors
from gongkai.rules import services as rule_services
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline
from gongkai.rules.workdays import add_working_days

from . import crypto, permissions, replies, validators
from .enums import (
    APPLICANT_ACTIONS,
    OPEN_STATUSES,
    ORGANISATION_KINDS,
    SYSTEM_ACTIONS,
    Action,
    AppealKind,
    AppealResult,
    ApplicantKind,
    AttachmentKind,
    Channel,
    ConsultationOpinion,
    ConsultationParty,
    ConsultationState,
    DeliveryForm,
    DeliveryMethod,
    FeeBasis,
    FeeState,
    IdType,
    ObtainMethod,
    RequestKind,
    Status,
)
from .fees import compute_fee
from .models import (
    AgencyProfile,
    AppealRecord,
    Application,
    ApplicationEvent,
    Attachment,
    Consultation,
    FeeNotice,
    LetterSequence,
    QueryAttempt,
    RequestedItem,
    SubmissionAttempt,
    TrackingSequence,
)
from .transitions import TRANSITIONS

MAX_ITEMS = 20
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
QUERY_CODE_LENGTH = 10
PUBLIC_ID_LENGTH = 12  # 31**12 ≈ 7.9e17: not guessable, unlike the sequential tracking number


# =====================================================================================
# Input
# =====================================================================================


@dataclass
class ItemInput:
    description: str
    title: str = ""
    document_number: str = ""


@dataclass
class ApplicationInput:
    applicant_kind: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    items: list[ItemInput]
    delivery_form: str
    obtain_method: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""
    purpose: str = ""
    kind: str = RequestKind.DISCLOSURE
    correction_detail: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def validate_input(data: ApplicationInput) -> ApplicationInput:
    """Check every field; raise one ``ValidationFailed`` listing all problems (``detail["fields"]``)."""
    errors: dict[str, str] = {}

    def check(name: str, fn, *args):
        try:
            return fn(*args)
        except ValidationFailed as exc:
            errors[name] = exc.message
            return None

    if data.kind not in RequestKind.values:
        errors["kind"] = "申请类型无效。"
    if data.applicant_kind not in ApplicantKind.values:
        errors["applicant_kind"] = "请选择申请人类型（自然人或法人、其他组织的类别）。"
    data.applicant_name = _text(data.applicant_name, 200)
    if not data.applicant_name:
        errors["applicant_name"] = "请填写申请人姓名或名称。"
    data.contact_person = _text(data.contact_person, 100)
    if data.applicant_kind in ORGANISATION_KINDS and not data.contact_person:
        errors["contact_person"] = "法人或其他组织申请的，请填写联系人。"
    if data.id_type not in IdType.values:
        errors["id_type"] = "请选择证件类型。"
    elif data.applicant_kind == ApplicantKind.NATURAL and data.id_type == IdType.CREDIT_CODE:
        errors["id_type"] = "自然人请选择个人身份证件。"
    elif data.applicant_kind in ORGANISATION_KINDS and data.id_type not in (IdType.CREDIT_CODE, IdType.OTHER):
        errors["id_type"] = "法人或其他组织请选择统一社会信用代码或其他有效证件。"
    else:
        number = check("id_number", validators.check_id_number, data.id_type, data.id_number)
        if number is not None:
            data.id_number = number
    phone = check("phone", validators.check_phone, data.phone)
    if phone is not None:
        data.phone = phone
    data.email = _text(data.email, 200)
    if data.email:
        email = check("email", validators.check_email, data.email)
        if email is not None:
            data.email = email
    elif data.delivery_form == DeliveryForm.EMAIL or data.obtain_method == ObtainMethod.EMAIL:
        errors["email"] = "选择以电子邮件获取的，请填写电子邮箱。"
    data.address = _text(data.address, 300)
    if not data.address and data.obtain_method == ObtainMethod.POST:
        errors["address"] = "选择邮寄的，请填写通信地址。"
    data.postcode = _text(data.postcode, 6)
    if data.postcode and not (len(data.postcode) == 6 and data.postcode.isdigit()):
        errors["postcode"] = "邮政编码应为 6 位数字。"
    data.purpose = _text(data.purpose, 2000)
    if data.delivery_form not in DeliveryForm.values:
        errors["delivery_form"] = "请选择获取信息的方式。"
    if data.obtain_method not in ObtainMethod.values:
        errors["obtain_method"] = "请选择获取信息的途径。"
    items = [i for i in data.items if (i.description or i.title or i.document_number or "").strip()]
    if not items:
        errors["items"] = "请至少填写一项所需政府信息的内容描述。"
    elif len(items) > MAX_ITEMS:
        errors["items"] = f"一份申请最多填写 {MAX_ITEMS} 项所需信息；更多信息请分别申请。"
    else:
        for n, item in enumerate(items, start=1):
            item.title = _text(item.title, 300)
            item.document_number = _text(item.document_number, 100)
            item.description = _text(item.description, 4000)
            if not item.description:
                errors[f"items.{n}"] = f"第 {n} 项：请填写所需信息的内容描述。"
            elif len(item.description) < 4:
                errors[f"items.{n}"] = f"第 {n} 项：内容描述过短，请具体说明所需信息。"
    data.items = items
    data.correction_detail = _text(data.correction_detail, 4000)
    if data.kind == RequestKind.CORRECTION and not data.correction_detail:
        errors["correction_detail"] = "申请更正的，请说明需要更正的内容和理由。"
    checked: list[tuple[str, bytes]] = []
    for name, blob in data.attachments:
        result = check("attachments", validators.check_attachment, name, blob)
        if result is not None:
            checked.append((result[0], blob))
    data.attachments = checked
    if errors:
        raise ValidationFailed("；".join(dict.fromkeys(errors.values())), detail={"fields": errors})
    return data


def derive_receipt_date(
    *,
    channel: str,
    submitted_on: dt.date,
    signed_for_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[dt.date, str]:
    """The day the answer clock starts from (SPEC R4.2, 条例 art. 31) and how it was derived.

    In person and online (the platform confirms receipt at once with the tracking number):
    the day of submission. Post: the day signed for (ordinary letters: the day receipt was
    confirmed with the applicant — recorded as the day signed for, with a note). Fax and
    e-mail: the day both sides confirmed.
    """
    today = today or clock.today()
    if channel not in Channel.values:
        raise ValidationFailed("请选择申请方式。")
    if not isinstance(submitted_on, dt.date):
        raise ValidationFailed("请填写提交日期。")
    if submitted_on > today:
        raise ValidationFailed("提交日期不能晚于今天。")
    if channel in (Channel.IN_PERSON, Channel.ONLINE):
        how = "当面提交之日" if channel == Channel.IN_PERSON else "网上提交、系统即时确认收到之日"
        return submitted_on, f"{how}（条例第三十一条）"
    if channel == Channel.LETTER:
        if signed_for_on is None:
            raise ValidationFailed("信函申请请填写签收日期（平常信函填写与申请人确认之日）。")
        if signed_for_on > today or signed_for_on < submitted_on:
            raise ValidationFailed("签收日期应在寄出日期之后、今天之前。")
        return signed_for_on, "行政机关签收之日（条例第三十一条第二项）"
    if confirmed_on is None:
        raise ValidationFailed("传真、电子邮件申请请填写双方确认之日。")
    if confirmed_on > today or confirmed_on < submitted_on:
        raise ValidationFailed("双方确认日期应在提交日期之后、今天之前。")
    return confirmed_on, "双方确认之日（条例第三十一条第三项）"


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
        app = Application(
            tracking_number=_next_tracking_number(clock.today()),
            public_id=new_public_id(),
            query_code_hash=query_code_hash or make_password(code),
            agency=agency,
            kind=data.kind,
            channel=channel,
            status=Status.RECEIVED,
            submitted_on=submitted_on,
            signed_for_on=signed_for_on if channel == Channel.LETTER else None,
            confirmed_on=confirmed_on if channel in (Channel.FAX, Channel.EMAIL) else None,
            receipt_date=receipt_date,
            receipt_note=(_text(receipt_note, 300) or derived),
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
            event="foi.registered",
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
            event="foi.receipt",
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
            body=f"{agency.name}收到政府信息公开申请 {app.tracking_number}（{Channel(channel).label}），请及时办理。",
            link=app.get_absolute_url(),
            event="foi.received",
            channels=("in_app",),
            dedupe_key=f"foi:{app.pk}:received",
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


# =====================================================================================
# The one transition service
# =====================================================================================


@dataclass
class _Ctx:
    actor: Any
    app: Application
    params: dict[str, Any]
    now: dt.datetime
    applicant: bool
    note: str = ""
    public_note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _check_actor(ctx: _Ctx, action: str, system: bool) -> None:
    if system:
        return
    if ctx.applicant:
        if action not in APPLICANT_ACTIONS:
            raise PermissionDenied("申请人不能执行该操作。")
        return
    if action in SYSTEM_ACTIONS:
        raise InvalidTransition("该操作由保密审查流程自动完成，不能手动执行。")
    if action == Action.EXTEND:
        permissions.require_approve_extension(ctx.actor, ctx.app)
        return
    permissions.require_handle(ctx.actor, ctx.app)


def application_transition(
    *,
    actor,
    application: Application | int,
    action: str,
    applicant: bool = False,
    system: bool = False,
    **params: Any,
) -> Application:
    """Move an application by ``action`` (see ``transitions.TRANSITIONS``).

    ``actor``: the staff member; ``applicant=True`` for the applicant acting through the query
    code (``actor`` is then None); ``system=True`` for review hooks and the sweep. ``params``
    are the action's inputs (see the ``_do_<action>`` functions). Raises ``InvalidTransition``
    when the action is not allowed in the current status, ``PermissionDenied``,
    ``ValidationFailed``, ``Conflict``; nothing is changed then.
    """
    pk = application if isinstance(application, int) else application.pk
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("agency", "agency__region", "handler")
            .filter(pk=pk)
            .first()
        )
        if app is None:
            raise NotFound("未找到该申请。")
        ctx = _Ctx(actor=actor, app=app, params=params, now=clock.now(), applicant=applicant)
        new_status = TRANSITIONS.get((app.status, action))
        if new_status is None:
            label = Action(action).label if action in Action.values else action
            raise InvalidTransition(
                f"申请当前为“{app.get_status_display()}”，不能“{label}”。",
                detail={"status": app.status, "action": action},
            )
        _check_actor(ctx, action, system)
        old_status = app.status
        handler = _ACTION_STEPS.get(action)
        if handler is not None:
            handler(ctx)
        app.status = new_status
        app.save()
        actor_for_event = actor if actor is not None else ("applicant" if applicant else None)
        _event(
            app,
            actor=actor_for_event,
            action=action,
            label=Action(action).label,
            from_status=old_status,
            to_status=new_status,
            note=ctx.public_note or ctx.note,
            public=action not in (Action.REOPEN,),
        )
        audit_log(
            actor=actor if actor is not None else ("申请人" if applicant else None),
            event=f"foi.{action}",
            target=app,
            data={"old": {"status": old_status}, "new": {"status": new_status}, **ctx.data},
        )
        if action in _APPLICANT_NOTICES and (ctx.public_note or ctx.note):
            tell_applicant(
                app,
                event=f"foi.{action}",
                subject=_APPLICANT_NOTICES[action],
                text=ctx.public_note or ctx.note,
            )
    return app


# --- action steps (run inside the transition's transaction, before the status changes) --------


def _param_text(ctx: _Ctx, name: str, what: str, *, required: bool = True, limit: int = 4000) -> str:
    value = _text(ctx.params.get(name), limit)
    if required and not value:
        raise ValidationFailed(f"请填写{what}。")
    return value


def _param_date(ctx: _Ctx, name: str, what: str, *, required: bool = True) -> dt.date | None:
    value = ctx.params.get(name)
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{what}。")
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationFailed(f"{what}格式应为 YYYY-MM-DD。") from None
    if value > timezone.localdate(ctx.now):
        raise ValidationFailed(f"{what}不能晚于今天。")
    return value


def _do_accept(ctx: _Ctx) -> None:
    handler = ctx.params.get("handler") or (ctx.actor if getattr(ctx.actor, "is_authenticated", False) else None)
    if handler is not None:
        if not permissions.can_handle(handler, ctx.app):
            raise ValidationFailed("经办人须为可办理该申请的工作人员。")
        ctx.app.handler = handler
        if ctx.app.deadline_id:
            Deadline.objects.filter(pk=ctx.app.deadline_id).update(handler=handler)
        ctx.data["handler"] = handler.get_username()
        ctx.note = f"经办人：{_actor_repr(handler)}"


def _do_request_supplement(ctx: _Ctx) -> None:
    app = ctx.app
    text = _param_text(ctx, "text", "需要补正的事项")
    if app.supplement_requested_at is not None:
        raise Conflict("补正只能一次性告知，本申请已告知过补正（条例第三十条）。", code="supplement_once")
    region = app.agency.region
    rv = rule_selectors.rule_value_or_none("foi.supplement_notice_period", region, app.receipt_date)
    if rv is not None:
        limit = add_working_days(app.receipt_date, int(rv.value), region).due
        if timezone.localdate(ctx.now) > limit:
            raise ValidationFailed(
                f"已超过告知补正的期限：应自收到申请之日起 {rv.value} 个工作日内（至 {limit.isoformat()}）一次性告知"
                f"（依据：{rv.citation}）。",
                code="supplement_too_late",
            )
    _close(_fresh(app.deadline_id), at=ctx.now)
    app.supplement_deadline = rule_services.deadline_start(
        actor=None,
        target=app,
        agency=app.agency,
        rule_key="foi.supplement_reply_period",
        start=ctx.now,
        handler=app.handler,
        title=_deadline_title(app, "申请人补正期限"),
    )
    app.supplement_requested_at = ctx.now
    app.supplement_request_text = text
    due = app.supplement_deadline.due_date
    ctx.public_note = (
        f"需要补正的事项：{text}\n请于 {due.isoformat() if due else '—'} 前补正；答复期限自收到补正之日起重新计算。"
    )
    ctx.data["supplement"] = {"text": text, "due": due}


def _do_supplement(ctx: _Ctx) -> None:
    app = ctx.app
    text = _param_text(ctx, "text", "补正内容")
    files = ctx.params.get("attachments") or []
    received = ctx.now
    if not ctx.applicant and ctx.params.get("received_on"):
        day = _param_date(ctx, "received_on", "收到补正日期")
        if day < timezone.localdate(app.supplement_requested_at):
            raise ValidationFailed("收到补正日期不能早于告知补正日期。")
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    _store_attachments(app, files, AttachmentKind.SUPPLEMENT, ctx.actor)
    _close(_fresh(app.supplement_deadline_id), at=max(received, app.supplement_requested_at))
    app.supplement_received_at = received
    app.supplement_text = text
    # 条例 art. 30: the period runs from the day the supplemented application is received.
    app.deadline = _start_answer_clock(app, actor=None, start=timezone.localdate(received))
    ctx.public_note = f"补正内容：{text}"
    ctx.data["supplement"] = {"received_at": received, "files": len(files)}


def _expired(deadline: Deadline | None, now: dt.datetime) -> bool:
    return deadline is not None and deadline.due_at is not None and deadline.due_at < now


def _do_abandon_supplement(ctx: _Ctx) -> None:
    app = ctx.app
    if not _expired(_fresh(app.supplement_deadline_id), ctx.now):
        raise ValidationFailed("申请人的补正期限尚未届满，不能视为放弃申请。")
    _conclude(app, outcome="other.no_supplement", at=ctx.now)
    ctx.public_note = "申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理（条例第三十条）。"


def _do_consult(ctx: _Ctx) -> None:
    app = ctx.app
    parties = ctx.params.get("parties") or []
    if not parties:
        raise ValidationFailed("请至少填写一个征求意见的对象。")
    answer = _fresh(app.deadline_id)
    if answer is None or answer.status != DeadlineStatus.OPEN:
        raise InvalidTransition("答复期限未在计时，不能暂停。")
    kinds = set()
    rows = []
    for n, party in enumerate(parties, start=1):
        kind = party.get("party_kind")
        name = _text(party.get("party_name"), 200)
        agency = party.get("party_agency")
        if kind not in ConsultationParty.values:
            raise ValidationFailed(f"第 {n} 个征求对象：请选择第三方或其他行政机关。")
        if agency is not None:
            name = name or agency.name
        if not name:
            raise ValidationFailed(f"第 {n} 个征求对象：请填写名称。")
        kinds.add(kind)
        rows.append((kind, name, agency, _text(party.get("question"), 4000)))
    reason = "征求" + "、".join(ConsultationParty(k).label for k in sorted(kinds)) + "意见（不计算在答复期限内）"
    rule_services.deadline_pause(actor=None, deadline=answer, reason=reason, at=ctx.now)
    for kind, name, agency, question in rows:
        c = Consultation.objects.create(
            application=app,
            party_kind=kind,
            party_name=name,
            party_agency=agency if kind == ConsultationParty.AGENCY else None,
            question=question,
            sent_at=ctx.now,
        )
        c.deadline = rule_services.deadline_start(
            actor=None,
            target=app,
            agency=app.agency,
            rule_key=(
                "foi.third_party_consultation_period"
                if kind == ConsultationParty.THIRD_PARTY
                else "foi.agency_consultation_period"
            ),
            start=ctx.now,
            handler=app.handler,
            title=_deadline_title(app, f"征求{name}意见期限"),
        )
        c.save(update_fields=["deadline"])
    ctx.public_note = "正在征求第三方或其他机关意见，征求意见时间不计算在答复期限内（条例第三十二条、第三十四条）。"
    ctx.data["consultations"] = [{"kind": k, "name": n} for k, n, _a, _q in rows]


def _do_end_consultation(ctx: _Ctx) -> None:
    app = ctx.app
    consultations = list(app.consultations.all())
    if any(c.state == ConsultationState.OPEN for c in consultations):
        raise ValidationFailed("尚有征求意见对象未答复且期限未满，不能结束征求意见。")
    answer = _fresh(app.deadline_id)
    ended = [c.closed_at for c in consultations if c.closed_at]
    at = max(ended) if ended else ctx.now
    if answer is not None and answer.status == DeadlineStatus.PAUSED:
        pause = answer.pauses.filter(ended_at__isnull=True).first()
        if pause is not None and at < pause.started_at:
            at = pause.started_at
        rule_services.deadline_resume(actor=None, deadline=answer, at=at)
    ctx.data["resumed_at"] = at


def _do_extend(ctx: _Ctx) -> None:
    app = ctx.app
    reason = _param_text(ctx, "reason", "延长答复期限的理由", limit=300) or app.extension_request_reason
    if app.events.filter(action=Action.EXTEND).exists():
        raise Conflict("答复期限只能延长一次，本申请已延长过（条例第三十三条）。", code="extension_once")
    answer = _fresh(app.deadline_id)
    if answer is None or answer.status == DeadlineStatus.CLOSED:
        raise InvalidTransition("答复期限未在计时，不能延长。")
    answer = rule_services.deadline_extend(actor=None, deadline=answer, reason=reason, approved_by=ctx.actor)
    ext = answer.extensions.order_by("-id").first()
    due = answer.due_date.isoformat() if answer.due_date else "暂停计时结束后确定"
    ctx.public_note = (
        f"因{reason}，经政府信息公开工作机构负责人同意，答复期限延长 {ext.amount} 个工作日，"
        f"延长后的答复期限至 {due}（条例第三十三条第二款）。"
    )
    ctx.data["extension"] = {"amount": ext.amount, "reason": reason, "due": answer.due_date}
    app.extension_requested_at = app.extension_requested_at or ctx.now
    notify(
        recipients=handlers_for(app),
        subject=f"延期已批准：{app.tracking_number}",
        body=ctx.public_note,
        link=app.get_absolute_url(),
        event="foi.extended",
        channels=("in_app",),
    )


FEE_2020 = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"


def _start_payment_clock(app: Application, fee: FeeNotice, received_on: dt.date) -> None:
    """109号 第六条: the applicant pays within the period from receiving the notice."""
    fee.received_on = received_on
    fee.deadline = rule_services.deadline_start(
        actor=None,
        target=app,
        agency=app.agency,
        rule_key="foi.fee_payment_period",
        start=received_on,
        handler=app.handler,
        title=_deadline_title(app, "申请人缴费期限"),
    )
    fee.save(update_fields=["received_on", "deadline"])


def _do_fee_notice(ctx: _Ctx) -> None:
    app = ctx.app
    if app.fees.exclude(state=FeeState.CANCELLED).exists():
        raise Conflict("本申请已发出过收费通知；同一申请只能按件或按量选择一种标准计收一次。", code="fee_once")
    answer = _fresh(app.deadline_id)
    if answer is not None and answer.due_at is not None and answer.due_at < ctx.now:
        # 109号 第六条: the fee notice is sent within the period for answering the application.
        raise ValidationFailed(
            f"答复期限已于 {answer.due_date.isoformat()} 届满，不能再发出收费通知"
            f"（{FEE_2020}第六条：应当在政府信息公开申请处理期限内发出收费通知）。",
            code="fee_notice_too_late",
        )
    basis = ctx.params.get("basis")
    if basis == FeeBasis.PER_PAGE and app.delivery_form == DeliveryForm.ONSITE:
        # 109号 第五条: per-page fees apply to paper copies, e-mail and copies of electronic
        # data, not to reading on site.
        raise ValidationFailed(
            f"申请人选择现场查阅、抄录的，不适用按量计收（{FEE_2020}第五条）。",
            code="fee_per_page_onsite",
        )
    received_on = _param_date(ctx, "received_on", "申请人收到收费通知日期", required=False)
    units = ctx.params.get("units")
    if isinstance(units, str) and units.strip().isdigit():
        units = int(units.strip())
    region = app.agency.region
    day = timezone.localdate(ctx.now)
    try:
        standards = rule_selectors.rule_value("foi.fee_standards", region, day)
    except DomainError:
        raise ValidationFailed("没有适用的信息处理费收费标准（规则 foi.fee_standards），不能收费。") from None
    before = 0
    if basis == FeeBasis.PER_PIECE:
        month_start = app.receipt_date.replace(day=1)
        earlier = Application.objects.filter(
            agency=app.agency,
            applicant_hash=app.applicant_hash,
            receipt_date__gte=month_start,
            receipt_date__lte=app.receipt_date,
            id__lt=app.pk,
        )
        before = RequestedItem.objects.filter(application__in=earlier).count()
    result = compute_fee(standards.value, basis=basis, units=units, units_before=before)
    if result.amount <= 0:
        raise ValidationFailed(
            "按收费标准计算，本申请应收费用为 0 元，无需发出收费通知。", detail={"explain": result.explain()}
        )
    answer = _fresh(app.deadline_id)
    if answer is not None and answer.status == DeadlineStatus.OPEN:
        rule_services.deadline_pause(actor=None, deadline=answer, reason="发出收费通知，等待申请人缴费", at=ctx.now)
    fee = FeeNotice.objects.create(
        application=app,
        basis=basis,
        units=units,
        units_before=before,
        amount=result.amount,
        explanation=result.explain(),
        citation=standards.citation,
        notified_at=ctx.now,
    )
    payment = rule_selectors.rule_value_or_none("foi.fee_payment_period", region, day)
    period = f"{payment.value} 个工作日" if payment is not None else "规定期限"
    if received_on is not None:
        _start_payment_clock(app, fee, received_on)
        when = f"请于 {fee.deadline.due_date.isoformat()} 前缴纳" if fee.deadline.due_date else "请按期缴纳"
    else:
        when = f"请自收到本通知之日起 {period}内缴纳"
    ctx.public_note = (
        f"收费通知：{FeeBasis(basis).label}，应缴信息处理费 {result.amount} 元（{'；'.join(result.explain())}）。"
        f"{when}，逾期未缴纳视为放弃申请（依据：{standards.citation}；{FEE_2020}第六条）。"
    )
    ctx.data["fee"] = {
        "basis": basis,
        "units": units,
        "units_before": before,
        "amount": result.amount,
        "received_on": received_on,
    }


def _open_fee(app: Application) -> FeeNotice:
    fee = app.fees.filter(state=FeeState.NOTIFIED).order_by("-id").first()
    if fee is None:  # pragma: no cover - the status says there is one
        raise InvalidTransition("没有待缴费的收费通知。")
    return fee


def _do_fee_paid(ctx: _Ctx) -> None:
    app = ctx.app
    fee = _open_fee(app)
    note = _param_text(ctx, "note", "缴费说明", required=False, limit=300)
    fee.state, fee.paid_at, fee.payment_note = FeeState.PAID, ctx.now, note
    fee.save(update_fields=["state", "paid_at", "payment_note"])
    _close(_fresh(fee.deadline_id), at=ctx.now)
    answer = _fresh(app.deadline_id)
    if answer is not None and answer.status == DeadlineStatus.PAUSED:
        rule_services.deadline_resume(actor=None, deadline=answer, at=ctx.now)
    ctx.public_note = "已收到信息处理费，继续办理。"


def _do_abandon_fee(ctx: _Ctx) -> None:
    app = ctx.app
    fee = _open_fee(app)
    if not _expired(_fresh(fee.deadline_id), ctx.now):
        raise ValidationFailed("申请人的缴费期限尚未届满，不能视为放弃申请。")
    fee.state = FeeState.LAPSED
    fee.save(update_fields=["state"])
    _conclude(app, outcome="other.no_fee", at=ctx.now)
    ctx.public_note = "申请人逾期未缴纳信息处理费，视为放弃申请，本机关不再处理。"


def _published_catalog_item(ref: str):
    """A published catalogue item by its index number (or ``catalog:<id>``), or None."""
    # Through the catalogue's interface only: domain apps do not import each other's internals.
    from gongkai.catalog.interface import published_item

    return published_item(ref)


def _do_draft(ctx: _Ctx) -> None:
    """``decisions``: {item id: {"reply_type", "reason", "published_where", "published_ref"}}."""
    app = ctx.app
    decisions = ctx.params.get("decisions") or {}
    items = list(app.items.all())
    errors: dict[str, str] = {}
    updates = []
    for item in items:
        d = decisions.get(item.pk) or decisions.get(str(item.pk)) or {}
        key = d.get("reply_type") or ""
        rt = replies.reply_type(key)
        label = f"第 {item.position} 项"
        if rt is None or not rt.selectable:
            errors[str(item.pk)] = f"{label}：请选择答复类型。"
            continue
        reason = _text(d.get("reason"), 4000)
        where = _text(d.get("published_where"), 500)
        ref = _text(d.get("published_ref"), 100)
        if ref:
            published = _published_catalog_item(ref)
            if published is None:
                errors[str(item.pk)] = f"{label}：公开目录中没有已公开的“{ref}”（请填写索引号）。"
                continue
            ref = published.index_number
            if not where:
                where = (
                    f"政府信息公开目录，索引号 {published.index_number}，《{published.title}》，网址 {published.url}"
                )
        if key in replies.NEEDS_WHERE and not where:
            errors[str(item.pk)] = f"{label}：请写明已公开的位置（网址或获取途径）。"
            continue
        if key in replies.NEEDS_REASON and not reason:
            errors[str(item.pk)] = f"{label}：请填写理由或说明。"
            continue
        item.reply_type, item.reason, item.published_where = key, reason, where
        item.published_ref = ref
        updates.append(item)
    if errors:
        raise ValidationFailed("；".join(errors.values()), detail={"items": errors})
    RequestedItem.objects.bulk_update(updates, ["reply_type", "reason", "published_where", "published_ref"])
    app.reply_summary = _text(ctx.params.get("summary"), 4000)
    outcome = replies.overall_outcome([i.reply_type for i in updates])
    ctx.data["decisions"] = {str(i.position): i.reply_type for i in updates}
    ctx.data["outcome"] = outcome
    ctx.note = f"拟定结果：{replies.row_label(outcome)}"


def review_data(app: Application, items: list[RequestedItem], outcome: str) -> dict[str, str]:
    """What the reviewers read on the review page: Chinese labels and values only (the review
    engine shows a review's data as label/value rows; codes stay in the items themselves)."""
    data = {"拟定办理结果": replies.row_label(outcome) or outcome}
    for i in items:
        name = (i.title or i.description)[:40]
        data[f"第 {i.position} 项：{name}"] = i.reply_type_label or i.reply_type
    return data


def _do_submit_review(ctx: _Ctx) -> None:
    from gongkai.workflow import selectors as review_selectors
    from gongkai.workflow import services as review_services
    from gongkai.workflow.enums import ReviewStatus

    app = ctx.app
    items = list(app.items.all())
    if not items or any(not i.reply_type for i in items):
        raise ValidationFailed("每一项所需信息都要先拟定答复类型，才能提交审查。")
    outcome = replies.overall_outcome([i.reply_type for i in items])
    data = review_data(app, items, outcome)
    active = review_selectors.review_active_for(app)
    if active is not None and active.status == ReviewStatus.RETURNED:
        review_services.review_resubmit(
            actor=ctx.actor, review=active, comment=ctx.params.get("comment", ""), data=data
        )
    elif active is not None:
        pass  # resubmitted from the review page: the review is already running again
    else:
        review_services.review_start(
            actor=ctx.actor,
            target=app,
            template_key="foi.reply",
            agency=app.agency,
            data=data,
            comment=ctx.params.get("comment", ""),
        )
    ctx.note = "答复已提交保密审查（附件4 第十四条）。"
    ctx.data["outcome"] = outcome


def _do_review_approved(ctx: _Ctx) -> None:
    ctx.note = "保密审查通过，负责人已签发。"


def _do_review_returned(ctx: _Ctx) -> None:
    ctx.note = _text(ctx.params.get("comment"), 2000) or "保密审查退回修改。"


def _letter_number(app: Application, year: int) -> tuple[str, int]:
    seq = LetterSequence.objects.select_for_update().filter(agency=app.agency, year=year).first()
    if seq is None:
        try:
            with transaction.atomic():
                seq = LetterSequence.objects.create(agency=app.agency, year=year, last=0)
        except IntegrityError:
            seq = LetterSequence.objects.select_for_update().get(agency=app.agency, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    profile = AgencyProfile.objects.filter(agency=app.agency).first()
    prefix = profile.letter_prefix if profile else (app.agency.short_name or app.agency.name)
    word = profile.letter_word if profile else "依申复"
    return f"{prefix}{word}〔{year}〕{seq.last}号", seq.last


def _do_send(ctx: _Ctx) -> None:
    from gongkai.workflow.selectors import review_is_approved

    from .letters import build_letter

    app = ctx.app
    if not review_is_approved(app):
        raise InvalidTransition("答复未通过保密审查，不能发出（附件4 第十四条）。")
    items = list(app.items.all())
    outcome = replies.overall_outcome([i.reply_type for i in items])
    _store_attachments(app, ctx.params.get("attachments") or [], AttachmentKind.REPLY, ctx.actor)
    year = timezone.localdate(ctx.now).year
    number, seq = _letter_number(app, year)
    app.letter_number, app.letter_year, app.letter_seq = number, year, seq
    _conclude(app, outcome=outcome, at=ctx.now)
    app.letter_docx = build_letter(app, items=items, on=timezone.localdate(ctx.now))
    app.letter_generated_at = ctx.now
    ctx.public_note = f"已作出答复，告知书文号：{number}。"
    ctx.data["letter"] = {"number": number, "outcome": outcome, "on_time": app.on_time}


def _do_deliver(ctx: _Ctx) -> None:
    app = ctx.app
    method = ctx.params.get("method")
    if method not in DeliveryMethod.values:
        raise ValidationFailed("请选择送达方式。")
    sent_on = app.concluded_on
    if method == DeliveryMethod.POST:
        posted = _param_date(ctx, "posted_on", "交邮日期")
        delivered = _param_date(ctx, "delivered_on", "签收日期", required=False)
    else:
        posted = None
        delivered = _param_date(ctx, "delivered_on", "送达日期")
    for day, what in ((posted, "交邮日期"), (delivered, "签收或送达日期")):
        if day is not None and sent_on is not None and day < sent_on:
            raise ValidationFailed(f"{what}不能早于答复日期（{sent_on.isoformat()}）。")
    if posted and delivered and delivered < posted:
        raise ValidationFailed("签收日期不能早于交邮日期。")
    app.delivery_method, app.posted_on, app.delivered_on = method, posted, delivered
    app.delivery_note = _param_text(ctx, "note", "送达说明", required=False, limit=300)
    ctx.public_note = f"送达方式：{DeliveryMethod(method).label}" + (
        f"，交邮日期 {posted.isoformat()}" if posted else ""
    )
    ctx.data["delivery"] = {"method": method, "posted_on": posted, "delivered_on": delivered}


def _do_transfer(ctx: _Ctx) -> None:
    app = ctx.app
    to_agency = ctx.params.get("to_agency")
    to_name = _param_text(ctx, "to_name", "有权机关", required=False, limit=300)
    forward = bool(ctx.params.get("forward"))
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
            event="foi.registered",
            target=new,
            data={"new": {"tracking_number": new.tracking_number, "transferred_from": app.tracking_number}},
        )
        notify(
            recipients=handlers_for(new),
            subject=f"转送来的政府信息公开申请：{new.tracking_number}",
            body=f"{app.agency.name}将申请 {app.tracking_number} 转送本机关办理。",
            link=new.get_absolute_url(),
            event="foi.received",
            channels=("in_app",),
        )
    return new


def _do_withdraw(ctx: _Ctx) -> None:
    app = ctx.app
    reason = _param_text(ctx, "reason", "撤回理由", required=not ctx.applicant, limit=500)
    _conclude(app, outcome="other.other", at=ctx.now)
    ctx.public_note = "申请人撤回申请。" + (f"理由：{reason}" if reason else "")


_ACTION_STEPS = {
    Action.ACCEPT: _do_accept,
    Action.REQUEST_SUPPLEMENT: _do_request_supplement,
    Action.SUPPLEMENT: _do_supplement,
    Action.ABANDON_SUPPLEMENT: _do_abandon_supplement,
    Action.CONSULT: _do_consult,
    Action.END_CONSULTATION: _do_end_consultation,
    Action.EXTEND: _do_extend,
    Action.FEE_NOTICE: _do_fee_notice,
    Action.FEE_PAID: _do_fee_paid,
    Action.ABANDON_FEE: _do_abandon_fee,
    Action.DRAFT: _do_draft,
    Action.SUBMIT_REVIEW: _do_submit_review,
    Action.REVIEW_APPROVED: _do_review_approved,
    Action.REVIEW_RETURNED: _do_review_returned,
    Action.SEND: _do_send,
    Action.DELIVER: _do_deliver,
    Action.TRANSFER: _do_transfer,
    Action.WITHDRAW: _do_withdraw,
}


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
        audit_log(actor=actor, event="foi.extension_requested", target=app, data={"reason": reason})
        notify(
            recipients=office_heads_for(app.agency_id),
            subject=f"请审批延期：{app.tracking_number}",
            body=f"{_actor_repr(actor)}申请延长政府信息公开申请 {app.tracking_number} 的答复期限，理由：{reason}。",
            link=app.get_absolute_url(),
            event="foi.extension_requested",
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
        event="foi.personal_data_viewed",
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
        audit_log(actor=actor, event="foi.attachment_viewed", target=app, data={"attachment": attachment.name})
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
            actor=actor, event="foi.consultation_answered", target=app, data={"party": c.party_name, "opinion": opinion}
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
            event="foi.mass_marked",
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
            event="foi.mass_delay_set",
            target=app,
            data={
                "old": {"due": old.due_date if old else None},
                "new": {"days": days, "reason": reason, "due": due},
            },
        )
        tell_applicant(app, event="foi.mass_delay", subject="延迟答复告知", text=text, dedupe_key="mass_delay")
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
        ctx = _Ctx(actor=actor, app=app, params={"received_on": received_on}, now=clock.now(), applicant=False)
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
            actor=actor, event="foi.fee_notice_received", target=app, data={"new": {"received_on": day, "due": due}}
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
            event="foi.repeat_linked",
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
            audit_log(actor=actor, event="foi.appeal_created", target=record, data={"new": values})
        else:
            if record.application_id != application.pk:
                raise ValidationFailed("该记录不属于本申请。")
            old = {k: getattr(record, k) for k in values}
            for k, v in values.items():
                setattr(record, k, v)
            record.save()
            audit_log(actor=actor, event="foi.appeal_updated", target=record, data={"old": old, "new": values})
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
        audit_log(actor=actor, event="foi.profile_saved", target=agency, data={"new": values, "created": created})
    return profile


# =====================================================================================
# The public status query (tracking number + query code), rate-limited
# =====================================================================================

# Operational limits (not statutory numbers); settings may override them.
QUERY_WINDOW_MINUTES = 15
QUERY_MAX_FAILURES_PER_IP = 10
QUERY_MAX_FAILURES_PER_NUMBER = 5


class QueryThrottled(DomainError):
    code = "throttled"
    http_status = 429
    default_message = "查询失败次数过多，请 15 分钟后再试。"


class QueryFailed(DomainError):
    code = "query_failed"
    http_status = 404
    default_message = "查询编号或查询码不正确。"


def _limits() -> tuple[int, int, int]:
    from django.conf import settings

    return (
        int(getattr(settings, "FOI_QUERY_WINDOW_MINUTES", QUERY_WINDOW_MINUTES)),
        int(getattr(settings, "FOI_QUERY_MAX_FAILURES_PER_IP", QUERY_MAX_FAILURES_PER_IP)),
        int(getattr(settings, "FOI_QUERY_MAX_FAILURES_PER_NUMBER", QUERY_MAX_FAILURES_PER_NUMBER)),
    )


_DUMMY_HASH = None


def _dummy_check(code: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("dummy-code")
    check_password(code or "x", _DUMMY_HASH)  # same work whether or not the number exists


def _recovery_valid(app: Application, now: dt.datetime) -> bool:
    from django.conf import settings

    hours = int(getattr(settings, "FOI_RECOVER_VALID_HOURS", 72))
    return (
        bool(app.recovery_code_hash)
        and app.recovery_sent_at is not None
        and (now - app.recovery_sent_at <= dt.timedelta(hours=hours))
    )


def application_public_lookup(*, public_id: str, query_code: str, ip: str) -> Application:
    """The application for a public id (查询编号) and query code. A wrong id and a wrong code
    give the same answer (nothing leaks). Failures are counted per client address and per
    (public id, address): a stranger's wrong codes cannot lock the applicant out. A code sent by
    ``application_recover_query_code`` works too, and replaces the old one when first used."""
    number = normalise_public_id(public_id)
    code = _text(query_code, 64).upper()
    ip = _text(ip, 64) or "unknown"
    window, per_ip, per_number = _limits()
    now = clock.now()
    since = now - dt.timedelta(minutes=window)
    failures = QueryAttempt.objects.filter(at__gte=since, success=False, purpose="status", ip=ip)
    if failures.count() >= per_ip or (number and failures.filter(tracking_number=number).count() >= per_number):
        raise QueryThrottled(f"查询失败次数过多，请 {window} 分钟后再试。")
    app = Application.objects.select_related("agency").filter(public_id=number).first() if number else None
    ok = False
    if app is not None:
        ok = bool(code) and check_password(code, app.query_code_hash)
        if not ok and code and _recovery_valid(app, now) and check_password(code, app.recovery_code_hash):
            ok = True
            with transaction.atomic():
                Application.objects.filter(pk=app.pk).update(
                    query_code_hash=app.recovery_code_hash, recovery_code_hash="", recovery_sent_at=None
                )
                audit_log(actor="申请人", event="foi.query_code_recovered", target=app, data={})
    else:
        _dummy_check(code)
    QueryAttempt.objects.create(ip=ip, tracking_number=number, at=now, success=ok, purpose="status")
    if not ok:
        raise QueryFailed()
    return app


class RecoveryThrottled(DomainError):
    code = "throttled"
    http_status = 429
    default_message = "找回查询码的请求过多，请稍后再试。"


RECOVERY_ANSWER = "如果申请编号和联系方式与登记的信息一致，新的查询码已发送到登记的联系方式，请注意查收。"


def _same_phone(a: str, b: str) -> bool:
    digits = lambda v: "".join(c for c in v if c.isdigit())[-11:]  # noqa: E731
    return bool(digits(a)) and digits(a) == digits(b)


def application_recover_query_code(*, number: str, contact: str, ip: str) -> str:
    """Send a new query code to the contact on file (phone by SMS, e-mail by e-mail).

    The applicant gives the public id or the official tracking number and the phone number or
    e-mail address they applied with. The answer is the same whether or not they match
    (``RECOVERY_ANSWER``). Limited per client address and per application per day. The old
    code keeps working until the new one is first used (so a stranger cannot lock anyone out).
    """
    from django.conf import settings

    ip = _text(ip, 64) or "unknown"
    contact = _text(contact, 200)
    raw = _text(number, 32).upper()
    public = normalise_public_id(raw)
    if not raw or not contact:
        raise ValidationFailed("请填写申请编号（或查询编号）和申请时登记的手机号码或电子邮箱。")
    window, _per_ip, _per_number = _limits()
    now = clock.now()
    per_ip = int(getattr(settings, "FOI_RECOVER_MAX_PER_IP", 5))
    per_app = int(getattr(settings, "FOI_RECOVER_MAX_PER_APPLICATION_PER_DAY", 3))
    # One request = one row with success=False (a code actually sent adds a success row, counted
    # per application below).
    recent = QueryAttempt.objects.filter(
        purpose="recover", success=False, at__gte=now - dt.timedelta(minutes=window), ip=ip
    )
    if recent.count() >= per_ip:
        raise RecoveryThrottled(f"找回查询码的请求过多，请 {window} 分钟后再试。")
    app = (
        Application.objects.select_related("agency")
        .filter(Q(public_id=public) | Q(tracking_number=raw))
        .order_by("-id")
        .first()
    )
    key = app.public_id if app is not None else public
    QueryAttempt.objects.create(ip=ip, tracking_number=key, at=now, success=False, purpose="recover")
    if app is None:
        _dummy_check(contact)
        return RECOVERY_ANSWER
    sent_today = QueryAttempt.objects.filter(
        purpose="recover", tracking_number=app.public_id, success=True, at__gte=now - dt.timedelta(days=1)
    ).count()
    channel = None
    if "@" in contact:
        if contact.lower() == crypto.decrypt_text(app.email_enc, "email").lower():
            channel = NoticeChannel.EMAIL
    elif _same_phone(contact, crypto.decrypt_text(app.phone_enc, "phone")):
        channel = NoticeChannel.SMS
    make_password("timing")  # similar work whether or not the contact matches
    if channel is None or sent_today >= per_app:
        return RECOVERY_ANSWER
    code = new_query_code()
    with transaction.atomic():
        Application.objects.filter(pk=app.pk).update(recovery_code_hash=make_password(code), recovery_sent_at=now)
        QueryAttempt.objects.create(ip=ip, tracking_number=app.public_id, at=now, success=True, purpose="recover")
        text = "您申请找回查询码。新的查询码为 {code}，请妥善保管；使用新查询码查询后，原查询码失效。如非本人操作，请忽略本消息，原查询码仍然有效。"
        tell_applicant(
            app,
            event="foi.query_code_recovery",
            subject="找回查询码",
            text=text.format(code=code),
            channels=(channel,),
            body_after_send="（已发送新的查询码，内容不在系统中保留。）",
        )
        _event(app, actor="applicant", action="recover_code", label="申请人找回查询码", public=False)
        audit_log(actor="申请人", event="foi.query_code_recovery_sent", target=app, data={"channel": channel})
    return RECOVERY_ANSWER


def applicant_act(*, application: Application, action: str, **params: Any) -> Application:
    """The applicant (authenticated by the query code) answers a 补正 request or withdraws."""
    if action not in APPLICANT_ACTIONS:
        raise PermissionDenied("申请人不能执行该操作。")
    return application_transition(actor=None, application=application, action=action, applicant=True, **params)


def applicant_fee_reply(*, application: Application, text: str, attachments: list[tuple[str, bytes]]) -> Application:
    """The applicant answers a fee notice online (proof of payment); staff then confirm payment."""
    text = _text(text, 2000)
    if not text and not attachments:
        raise ValidationFailed("请填写缴费情况或上传缴费凭证。")
    with transaction.atomic():
        app = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if app.status != Status.FEE_NOTIFIED:
            raise InvalidTransition("当前没有待缴费的收费通知。")
        for name, blob in attachments:
            validators.check_attachment(name, blob)
        _store_attachments(app, attachments, AttachmentKind.PAYMENT, None)
        _event(app, actor="applicant", action="fee_reply", label="申请人答复收费通知", note=text)
        audit_log(actor="申请人", event="foi.fee_reply", target=app, data={"files": len(attachments)})
        notify(
            recipients=handlers_for(app),
            subject=f"申请人已答复收费通知：{app.tracking_number}",
            body=text or "申请人上传了缴费凭证。",
            link=app.get_absolute_url(),
            event="foi.fee_reply",
            channels=("in_app",),
        )
    return app


# =====================================================================================
# The periodic sweep (settings.PERIODIC_JOBS "foi-sweep")
# =====================================================================================


def foi_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Idempotent. Ends applications whose applicant let the 补正 or fee period pass; closes
    consultations whose period ran out (another agency's silence = consent, 条例 art. 34; a
    third party's silence = no opinion, art. 32) and resumes the clock; escalates overdue
    applications to the heads of the disclosure office. (Due-soon and overdue reminders to the
    handler come from the rules sweep, which watches every clock.)"""
    now = now or clock.now()
    counts = {"abandoned_supplement": 0, "abandoned_fee": 0, "consultations_lapsed": 0, "escalated": 0}
    for app in Application.objects.filter(status=Status.SUPPLEMENT_REQUESTED, supplement_deadline__due_at__lt=now):
        try:
            application_transition(actor=None, application=app, action=Action.ABANDON_SUPPLEMENT, system=True)
            counts["abandoned_supplement"] += 1
        except DomainError:
            continue
    for fee in FeeNotice.objects.filter(state=FeeState.NOTIFIED, deadline__due_at__lt=now).select_related(
        "application"
    ):
        try:
            application_transition(actor=None, application=fee.application, action=Action.ABANDON_FEE, system=True)
            counts["abandoned_fee"] += 1
        except DomainError:
            continue
    for c in Consultation.objects.filter(state=ConsultationState.OPEN, deadline__due_at__lt=now).select_related(
        "deadline", "application"
    ):
        with transaction.atomic():
            locked = Consultation.objects.select_for_update(of=("self",)).get(pk=c.pk)
            if locked.state != ConsultationState.OPEN:
                continue
            locked.state = ConsultationState.LAPSED
            locked.opinion = (
                ConsultationOpinion.AGREE if locked.party_kind == ConsultationParty.AGENCY else ConsultationOpinion.NONE
            )
            locked.closed_at = c.deadline.due_at
            locked.save()
            _close(_fresh(locked.deadline_id), at=locked.closed_at)
            label = (
                f"{locked.party_name}逾期未提出意见，视为同意（条例第三十四条）"
                if locked.party_kind == ConsultationParty.AGENCY
                else f"第三方{locked.party_name}逾期未提出意见，由本机关依法决定（条例第三十二条）"
            )
            _event(c.application, actor=None, action="consultation_lapsed", label=label[:200], public=False)
            audit_log(
                actor=None, event="foi.consultation_lapsed", target=c.application, data={"party": locked.party_name}
            )
            _maybe_end_consultation(c.application_id)
            counts["consultations_lapsed"] += 1
    # The rate-limit counters are only read within their windows: drop what no window reaches.
    window, _ip, _number = _limits()
    submit_window = _submit_limits()[0]
    counts["pruned"] = (
        SubmissionAttempt.objects.filter(at__lt=now - dt.timedelta(minutes=submit_window)).delete()[0]
        + QueryAttempt.objects.filter(at__lt=now - dt.timedelta(days=1, minutes=window)).delete()[0]
    )
    overdue = Application.objects.filter(
        status__in=OPEN_STATUSES,
        deadline__status=DeadlineStatus.OPEN,
        deadline__due_at__lt=now,
    ).select_related("deadline", "agency")
    for app in overdue:
        heads = office_heads_for(app.agency_id)
        created = notify(
            recipients=heads,
            subject=f"政府信息公开申请已逾期：{app.tracking_number}",
            body=(
                f"{app.agency.name}的政府信息公开申请 {app.tracking_number} 已于 "
                f"{app.deadline.due_date.isoformat()} 到期仍未答复，请督促办理。"
            ),
            link=app.get_absolute_url(),
            event="foi.overdue_escalated",
            dedupe_key=f"foi:{app.pk}:overdue:{app.deadline.due_at.isoformat()}",
        )
        if created:
            counts["escalated"] += 1
    return counts
