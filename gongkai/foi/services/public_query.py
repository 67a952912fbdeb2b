"""The public status query (tracking number + query code), rate-limited, and the applicant's own actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Q

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import DomainError, InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.notifications.enums import Channel as NoticeChannel
from gongkai.notifications.services import notify

from .. import crypto, validators
from ..enums import (
    APPLICANT_ACTIONS,
    AttachmentKind,
    Status,
)
from ..events import FoiEvent
from ..models import (
    Application,
    QueryAttempt,
)
from .common import _event, _store_attachments, handlers_for, new_query_code, normalise_public_id, tell_applicant
from .inputs import _text
from .transition import application_transition

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
                audit_log(actor="申请人", event=FoiEvent.QUERY_CODE_RECOVERED, target=app, data={})
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
            event=FoiEvent.QUERY_CODE_RECOVERY,
            subject="找回查询码",
            text=text.format(code=code),
            channels=(channel,),
            body_after_send="（已发送新的查询码，内容不在系统中保留。）",
        )
        _event(app, actor="applicant", action="recover_code", label="申请人找回查询码", public=False)
        audit_log(actor="申请人", event=FoiEvent.QUERY_CODE_RECOVERY_SENT, target=app, data={"channel": channel})
    return RECOVERY_ANSWER


def applicant_act(*, application: Application, action: str, **params: Any) -> Application:
    """The applicant (authenticated by the query code) answers a 补正 request or withdraws."""
    if action not in APPLICANT_ACTIONS:
        raise PermissionDenied("申请人不能执行该操作。")
    return application_transition(application, action, actor=None, applicant=True, inputs=params)


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
        audit_log(actor="申请人", event=FoiEvent.FEE_REPLY, target=app, data={"files": len(attachments)})
        notify(
            recipients=handlers_for(app),
            subject=f"申请人已答复收费通知：{app.tracking_number}",
            body=text or "申请人上传了缴费凭证。",
            link=app.get_absolute_url(),
            event=FoiEvent.FEE_REPLY,
            channels=("in_app",),
        )
    return app
