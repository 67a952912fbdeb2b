"""The case page's other forms: extension request, consultation answers, mass requests, fees, messages, repeat links and appeals."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound, ValidationFailed
from gongkai.foi import selectors, services

from .case import _detail_context
from .common import T, _get_app, _message


def _post_and_back(request, pk: int, fn, success: str):
    try:
        app = _get_app(request, pk)
        fn(app)
    except NotFound as exc:
        return _message(request, exc, title=_("无法打开"))
    except DomainError as exc:
        app = selectors.application_get(pk)
        if app is None:
            return _message(request, exc)
        return render(
            request, T + "detail.html", _detail_context(request, app, error=exc.message), status=exc.http_status
        )
    messages.success(request, success)
    return redirect("backoffice:foi_detail", pk)


@login_required
@require_POST
def extension_request(request, pk: int):
    return _post_and_back(
        request,
        pk,
        lambda app: services.application_request_extension(
            actor=request.user, application=app, reason=request.POST.get("reason", "")
        ),
        _("已提交延期申请，等待政务公开办负责人批准。"),
    )


@login_required
@require_POST
def consultation_answer(request, pk: int, cid: int):
    def fn(app):
        c = selectors.consultation_get(app, cid)
        if c is None:
            raise NotFound(_("未找到该征求意见记录。"))
        services.consultation_record_opinion(
            actor=request.user,
            consultation=c,
            opinion=request.POST.get("opinion", ""),
            text=request.POST.get("text", ""),
        )

    return _post_and_back(request, pk, fn, _("已记录意见。"))


@login_required
@require_POST
def mass_mark(request, pk: int):
    return _post_and_back(
        request,
        pk,
        lambda app: services.application_set_mass(
            actor=request.user,
            application=app,
            flag=request.POST.get("flag") == "on",
            note=request.POST.get("note", ""),
        ),
        _("已保存。"),
    )


@login_required
@require_POST
def mass_delay(request, pk: int):
    """条例 art. 35: set the reasonable delayed reply period (working days) with the reason."""

    def fn(app):
        raw = (request.POST.get("days") or "").strip()
        if not raw.isdigit():
            raise ValidationFailed(_("延迟答复的合理期限应为工作日数（整数）。"))
        services.application_set_mass_delay(
            actor=request.user, application=app, days=int(raw), reason=request.POST.get("reason", "")
        )

    return _post_and_back(request, pk, fn, _("已确定延迟答复期限，并已告知申请人。"))


@login_required
@require_POST
def fee_receipt(request, pk: int):
    """Record the day the applicant received the fee notice (the payment clock starts then)."""
    return _post_and_back(
        request,
        pk,
        lambda app: services.fee_notice_record_receipt(
            actor=request.user, application=app, received_on=request.POST.get("received_on") or None
        ),
        _("已登记收到收费通知日期，缴费期限开始计算。"),
    )


@login_required
@require_POST
def applicant_message_retry(request, pk: int, mid: int):
    return _post_and_back(
        request,
        pk,
        lambda app: services.applicant_message_retry(actor=request.user, application=app, message_id=mid),
        _("已重新排队发送。"),
    )


@login_required
@require_POST
def repeat_link(request, pk: int):
    def fn(app):
        earlier = None
        if request.POST.get("earlier"):
            earlier = selectors.application_get_in_agency(request.POST.get("earlier"), app.agency_id)
            if earlier is None:
                raise ValidationFailed(_("请选择本机关的另一件申请。"))
        services.application_link_repeat(actor=request.user, application=app, earlier=earlier)

    return _post_and_back(request, pk, fn, _("已保存关联。"))


def _date(value: str | None, what: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_("%(w)s格式应为 YYYY-MM-DD。") % {"w": what}) from None


@login_required
@require_POST
def appeal_save(request, pk: int, rid: int | None = None):
    def fn(app):
        record = None
        if rid is not None:
            record = selectors.appeal_record_get(app, rid)
            if record is None:
                raise NotFound(_("未找到该记录。"))
        p = request.POST
        services.appeal_record_save(
            actor=request.user,
            application=app,
            record=record,
            kind=p.get("kind", ""),
            filed_on=_date(p.get("filed_on"), _("立案日期")),
            body=p.get("body", ""),
            case_number=p.get("case_number", ""),
            result=p.get("result", ""),
            concluded_on=_date(p.get("concluded_on"), _("审结日期")),
            note=p.get("note", ""),
        )

    return _post_and_back(request, pk, fn, _("已保存行政复议、行政诉讼记录。"))
