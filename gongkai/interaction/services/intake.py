"""Intake: a citizen's letter on the portal (rate-limited), a call or letter registered by staff,
hotline cases (idempotent by external id), the public status query, the writer's rating."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.foi import interface as foi
from gongkai.opinion import interface as opinion
from gongkai.orgs.models import Agency, Region

from .. import permissions
from ..enums import ANONYMOUS_KINDS, Channel, Kind, Status
from ..events import InteractionEvent
from ..models import Attachment, Attempt, Letter
from .common import (
    OFFICE_ROLES,
    add_event,
    new_code,
    new_public_id,
    next_tracking_number,
    normalise_public_id,
    tell_staff,
    tell_writer,
)

MAX_TITLE = 100
MAX_CONTENT = 5000


@dataclass(frozen=True)
class LetterInput:
    kind: str
    title: str
    content: str
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    anonymous: bool = False
    publish_consent: bool = False
    place: Region | None = None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def validate_input(data: LetterInput) -> LetterInput:
    """The cleaned input, or ``ValidationFailed`` with a Chinese message."""
    if data.kind not in Kind.values:
        raise ValidationFailed(_("请选择来信类型（咨询、求助、投诉、建议或举报）。"))
    title, content = _text(data.title, 1000), _text(data.content, 100000)
    if not title:
        raise ValidationFailed(_("请填写标题。"))
    if len(title) > MAX_TITLE:
        raise ValidationFailed(_("标题不能超过 %(n)s 个字。") % {"n": MAX_TITLE})
    if len(content) < 5:
        raise ValidationFailed(_("请填写来信内容（至少 5 个字）。"))
    if len(content) > MAX_CONTENT:
        raise ValidationFailed(_("来信内容不能超过 %(n)s 个字。") % {"n": MAX_CONTENT})
    anonymous = bool(data.anonymous)
    if anonymous and data.kind not in ANONYMOUS_KINDS:
        raise ValidationFailed(_("只有建议可以匿名提出；咨询、求助、投诉和举报请留下姓名和联系方式，以便答复。"))
    name, phone, email, address = (
        _text(data.name, 50),
        _text(data.phone, 40),
        _text(data.email, 200),
        _text(data.address, 200),
    )
    if anonymous:
        name = address = ""
    else:
        if not name:
            raise ValidationFailed(_("请填写姓名。"))
        if not phone:
            raise ValidationFailed(_("请填写联系电话，以便答复和回访。"))
    if phone:
        phone = foi.check_phone(phone)
    if email:
        email = foi.check_email(email)
    if data.place is not None and not isinstance(data.place, Region):
        raise ValidationFailed(_("事发地无效。"))
    if len(data.attachments) > 5:
        raise ValidationFailed(_("最多上传 5 个附件。"))
    for fname, blob in data.attachments:
        foi.check_attachment(fname, blob)
    return replace(
        data, title=title, content=content, name=name, phone=phone, email=email, address=address, anonymous=anonymous
    )


def _office_ok(office) -> Agency:
    if not isinstance(office, Agency) or not office.is_active:
        raise ValidationFailed(_("请选择信箱。"))
    return office


def _create(
    *,
    actor,
    office: Agency,
    channel: str,
    data: LetterInput,
    received_at: dt.datetime,
    external_source: str = "",
    external_id: str = "",
) -> tuple[Letter, str]:
    code = new_code()
    letter = Letter(
        tracking_number=next_tracking_number(clock.today()),
        public_id=new_public_id(),
        query_code_hash=make_password(code),
        channel=channel,
        office=office,
        place=data.place,
        kind=data.kind,
        title=data.title,
        content=data.content,
        anonymous=data.anonymous,
        publish_consent=data.publish_consent,
        name_enc=foi.encrypt_text(data.name, "name"),
        name_masked=foi.mask_name(data.name),
        phone_enc=foi.encrypt_text(data.phone, "phone"),
        phone_masked=foi.mask_phone(data.phone),
        email_enc=foi.encrypt_text(data.email, "email"),
        email_masked=foi.mask_email(data.email),
        address_enc=foi.encrypt_text(data.address, "address"),
        address_masked=foi.mask_address(data.address),
        writer_hash=foi.blind_index("interaction-writer", data.phone) if data.phone else "",
        text_hash=foi.blind_index("interaction-text", data.title, data.content),
        simhash=opinion.text_signature(f"{data.title} {data.content}"),
        status=Status.RECEIVED,
        received_at=received_at,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        external_source=external_source,
        external_id=external_id,
    )
    letter.save()
    for fname, blob in data.attachments:
        clean, content_type = foi.check_attachment(fname, blob)
        Attachment.objects.create(
            letter=letter,
            name=clean,
            content_type=content_type,
            size=len(blob),
            data_enc=foi.encrypt_bytes(blob, "attachment"),
            uploaded_at=clock.now(),
        )
    add_event(
        letter,
        actor=actor if actor is not None else "writer",
        label=_("收到来信（%(channel)s）") % {"channel": Channel(channel).label},
        to_status=Status.RECEIVED,
    )
    audit_log(
        actor=actor,
        event=InteractionEvent.LETTER_RECEIVED,
        target=letter,
        data={"new": {"tracking_number": letter.tracking_number, "channel": channel, "kind": data.kind}},
    )
    tell_writer(
        letter,
        event=InteractionEvent.NOTICE_RECEIPT,
        subject=_("来信回执"),
        text=_("已于 %(day)s 收到您的来信，我们将及时研判并交有关单位办理。") % {"day": clock.today().isoformat()},
        dedupe_key="receipt",
    )
    tell_staff(
        office.pk,
        OFFICE_ROLES,
        letter=letter,
        subject=_("新的来信"),
        body=_("%(office)s收到来信“%(title)s”，请及时研判交办。") % {"office": office.name, "title": letter.title},
        key="received",
    )
    return letter, code


class SubmissionThrottled(DomainError):
    code = "submission_throttled"
    http_status = 429
    default_message = "提交过于频繁，请稍后再试。"


def _submit_limits() -> tuple[int, int, int]:
    return (
        int(getattr(settings, "INTERACTION_SUBMIT_WINDOW_MINUTES", getattr(settings, "FOI_SUBMIT_WINDOW_MINUTES", 60))),
        int(
            getattr(settings, "INTERACTION_SUBMIT_MAX_PER_ADDRESS", getattr(settings, "FOI_SUBMIT_MAX_PER_ADDRESS", 5))
        ),
        int(
            getattr(settings, "INTERACTION_SUBMIT_MAX_PER_WRITER", getattr(settings, "FOI_SUBMIT_MAX_PER_IDENTITY", 3))
        ),
    )


def letter_submit_online(*, office: Agency, data: LetterInput, ip: str = "") -> tuple[Letter, str]:
    """A citizen's letter on the portal. Returns the letter and its query code (shown once; only
    its hash is kept). Limited per client address and per phone number (``SubmissionThrottled``)."""
    office = _office_ok(office)
    data = validate_input(data)
    window, per_address, per_writer = _submit_limits()
    since = clock.now() - dt.timedelta(minutes=window)
    address = foi.blind_index("interaction-submit", "ip", ip or "unknown")
    writer = foi.blind_index("interaction-submit", "phone", data.phone) if data.phone else ""
    with transaction.atomic():
        recent = Attempt.objects.filter(purpose="submit", at__gte=since)
        if recent.filter(key=address).count() >= per_address:
            raise SubmissionThrottled(
                _("同一网络地址在 %(w)s 分钟内最多可提交 %(n)s 封来信，请稍后再试。") % {"w": window, "n": per_address},
                detail={"limit": "address", "window_minutes": window, "max": per_address},
            )
        if writer and recent.filter(key=writer).count() >= per_writer:
            raise SubmissionThrottled(
                _("同一联系电话在 %(w)s 分钟内最多可提交 %(n)s 封来信，请稍后再试。") % {"w": window, "n": per_writer},
                detail={"limit": "writer", "window_minutes": window, "max": per_writer},
            )
        result = _create(actor=None, office=office, channel=Channel.MAILBOX, data=data, received_at=clock.now())
        now = clock.now()
        Attempt.objects.bulk_create([Attempt(purpose="submit", key=k, at=now) for k in (address, writer) if k])
    return result


def letter_register(
    *, actor, office: Agency, channel: str, data: LetterInput, received_at: dt.datetime | None = None
) -> tuple[Letter, str]:
    """Staff register a call to the hotline or a letter received otherwise."""
    office = _office_ok(office)
    permissions.require(permissions.can_register(actor, office.pk), _("您无权为该信箱登记来信（来电）。"))
    if channel not in Channel.values or channel == Channel.MAILBOX:
        raise ValidationFailed(_("请选择登记渠道（12345热线、县长热线或来信来访登记）。"))
    data = validate_input(data)
    with transaction.atomic():
        return _create(actor=actor, office=office, channel=channel, data=data, received_at=received_at or clock.now())


def hotline_case_upsert(
    *,
    actor,
    office: Agency,
    channel: str,
    external_source: str,
    external_id: str,
    data: LetterInput,
    received_at: dt.datetime | None = None,
) -> tuple[Letter, bool]:
    """A case from a hotline system, idempotent by (source, external id): the same case sent twice
    is one letter. Returns the letter and whether it was created now."""
    office = _office_ok(office)
    permissions.require(permissions.can_register(actor, office.pk), _("您无权为该信箱导入热线工单。"))
    external_source, external_id = _text(external_source, 40) or "hotline", _text(external_id, 64)
    if not external_id:
        raise ValidationFailed(_("请填写热线工单号。"))
    if channel not in (Channel.HOTLINE_12345, Channel.HOTLINE_COUNTY):
        raise ValidationFailed(_("热线渠道应为 12345热线 或 县长热线。"))
    existing = Letter.objects.filter(external_source=external_source, external_id=external_id).first()
    if existing is not None:
        return existing, False
    data = validate_input(data)
    with transaction.atomic():
        letter, _code = _create(
            actor=actor,
            office=office,
            channel=channel,
            data=data,
            received_at=received_at or clock.now(),
            external_source=external_source,
            external_id=external_id,
        )
    return letter, True


# --- The public status query ---------------------------------------------------------------------


class QueryThrottled(DomainError):
    code = "throttled"
    http_status = 429
    default_message = "查询失败次数过多，请稍后再试。"


class QueryFailed(DomainError):
    code = "query_failed"
    http_status = 404
    default_message = "查询编号或查询码不正确。"


_DUMMY: list[str] = []


def letter_public_lookup(*, public_id: str, query_code: str, ip: str) -> Letter:
    """The letter for a public id and query code; a wrong id and a wrong code answer alike.
    Failures are limited per client address and per (public id, address)."""
    number = normalise_public_id(public_id)
    code = _text(query_code, 64).upper()
    window = int(getattr(settings, "FOI_QUERY_WINDOW_MINUTES", 15))
    per_ip = int(getattr(settings, "FOI_QUERY_MAX_FAILURES_PER_IP", 10))
    per_number = int(getattr(settings, "FOI_QUERY_MAX_FAILURES_PER_NUMBER", 5))
    ip_key = foi.blind_index("interaction-query", "ip", ip or "unknown")
    number_key = foi.blind_index("interaction-query", "ip-number", ip or "unknown", number)
    since = clock.now() - dt.timedelta(minutes=window)
    failures = Attempt.objects.filter(purpose="query", success=False, at__gte=since)
    if failures.filter(key=ip_key).count() >= per_ip or failures.filter(key=number_key).count() >= per_number:
        raise QueryThrottled(_("查询失败次数过多，请 %(w)s 分钟后再试。") % {"w": window})
    letter = (
        Letter.objects.select_related("office", "handling_agency").filter(public_id=number).first() if number else None
    )
    if letter is not None:
        ok = bool(code) and check_password(code, letter.query_code_hash)
    else:
        if not _DUMMY:
            _DUMMY.append(make_password("dummy-code"))
        check_password(code or "x", _DUMMY[0])
        ok = False
    if not ok:
        now = clock.now()
        Attempt.objects.bulk_create(
            [
                Attempt(purpose="query", key=ip_key, at=now, success=False),
                Attempt(purpose="query", key=number_key, at=now, success=False),
            ]
        )
        raise QueryFailed()
    return letter
