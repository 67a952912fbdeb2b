"""Public pages of disclosure on application (no account).

The applicant proves who they are with the public id (查询编号, random; the official sequence
number stays on letters) and the query code; a successful query grants this browser session
access to that one application. Wrong codes are rate-limited per (public id, client address)
(``services.application_public_lookup``) and say nothing about whether the id exists. A lost
code is sent again to the contact on file (``services.application_recover_query_code``).
Online submissions are limited per address and per identity (``SubmissionThrottled``).
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.http import client_address
from gongkai.foi import actions as foi_actions
from gongkai.foi import selectors, services
from gongkai.foi.enums import Action, ApplicantKind, AttachmentKind, FeeState, IdType, Status
from gongkai.foi.forms import ApplicationForm
from gongkai.foi.models import Application
from gongkai.orgs import selectors as org_selectors

T = "portal/foi/"
SESSION_KEY = "foi_access"


def _agencies():
    return org_selectors.agency_list_active(order_by=("region__code", "name")).select_related("region")


def apply(request):
    agencies = _agencies()
    preset = request.GET.get("who")
    initial = {}
    if preset == "organisation":
        initial = {"applicant_kind": ApplicantKind.COMMERCIAL, "id_type": IdType.CREDIT_CODE}
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    agency = None
    agency_error = ""
    throttled = False
    if request.method == "POST":
        agency = agencies.filter(pk=request.POST.get("agency") or 0).first()
        if agency is None:
            agency_error = _("请选择受理机关。")
    if request.method == "POST" and form.is_valid() and agency is not None:
        try:
            app, code = services.application_submit_online(
                agency=agency, data=form.to_input(), ip=client_address(request)
            )
        except ValidationFailed as exc:
            form.apply_errors(exc)
        except services.SubmissionThrottled as exc:
            form.add_error(None, exc.message)
            throttled = True
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session["foi_new"] = {
                "number": app.tracking_number,
                "public_id": app.public_id,
                "code": code,
                "agency": agency.name,
            }
            request.session.setdefault(SESSION_KEY, [])
            request.session[SESSION_KEY] = [*request.session[SESSION_KEY], app.pk]
            return redirect("portal:foi_apply_done")
    status = 429 if throttled else 422 if (form.errors or agency_error) else 200
    return render(
        request,
        T + "apply.html",
        {"form": form, "agencies": agencies, "agency": agency, "agency_error": agency_error, "preset": preset},
        status=status,
    )


def apply_done(request):
    new = request.session.pop("foi_new", None)
    if not new:
        return redirect("portal:foi_status_query")
    app = selectors.application_get_by_public_id(new.get("public_id"))
    if app is None:
        return redirect("portal:foi_status_query")
    return render(request, T + "done.html", {"new": new, **_receipt_context(app)})


def _receipt_context(app: Application) -> dict:
    return {
        "app": app,
        "items": list(app.items.all()),
        "clock": selectors.clock_view(app),
    }


def receipt(request, number: str):
    """The printable receipt (回执) of an application, from the status page (no query code)."""
    app = _granted(request, number)
    if app is None:
        return redirect("portal:foi_status_query")
    return render(request, T + "receipt.html", _receipt_context(app))


def recover(request):
    """Send a new query code to the contact on file; the answer never says whether anything matched."""
    message = error = ""
    status = 200
    number = contact = ""
    if request.method == "POST":
        number = (request.POST.get("number") or "").strip()[:32]
        contact = (request.POST.get("contact") or "").strip()[:200]
        try:
            message = services.application_recover_query_code(
                number=number, contact=contact, ip=client_address(request)
            )
        except DomainError as exc:
            error, status = exc.message, exc.http_status
    return render(
        request,
        T + "recover.html",
        {"message": message, "error": error, "number": number, "contact": contact},
        status=status,
    )


def status_query(request):
    error = ""
    number = ""
    status = 200
    if request.method == "POST":
        number = (request.POST.get("number") or "").strip()[:32]
        try:
            app = services.application_public_lookup(
                public_id=number, query_code=request.POST.get("code", ""), ip=client_address(request)
            )
        except DomainError as exc:
            error, status = exc.message, exc.http_status
        else:
            granted = list(request.session.get(SESSION_KEY, []))
            if app.pk not in granted:
                granted.append(app.pk)
            request.session[SESSION_KEY] = granted[-20:]
            return redirect("portal:foi_status", app.public_id)
    return render(request, T + "status_query.html", {"error": error, "number": number}, status=status)


def _granted(request, number: str) -> Application | None:
    number = services.normalise_public_id(number)
    app = selectors.application_get_by_public_id(number) if number else None
    if app is None or app.pk not in request.session.get(SESSION_KEY, []):
        return None
    return app


def _status_context(app: Application, error: str = "") -> dict:
    clock = selectors.clock_view(app)
    return {
        "app": app,
        "stage": selectors.public_stage(app),
        "clock": clock,
        "events": selectors.timeline(app, public_only=True),
        "items": list(app.items.all()),
        "fee": app.fees.filter(state=FeeState.NOTIFIED).select_related("deadline").first(),
        "supplement_due": app.supplement_deadline.due_date if app.supplement_deadline_id else None,
        "can_supplement": app.status == Status.SUPPLEMENT_REQUESTED and app.supplement_received_at is None,
        "can_withdraw": app.status in foi_actions.registry.get(Action.WITHDRAW).allowed_from,
        "replied": app.status in (Status.SENT, Status.DELIVERED),
        "reply_attachments": list(app.attachments.filter(kind=AttachmentKind.REPLY)),
        "fee_period": _fee_period(app),
        "error": error,
    }


def _fee_period(app: Application):
    from gongkai.rules.selectors import rule_value_or_none

    rv = rule_value_or_none("foi.fee_payment_period", app.agency.region, selectors.local_today())
    return rv.value if rv is not None else ""


def status(request, number: str):
    app = _granted(request, number)
    if app is None:
        return redirect("portal:foi_status_query")
    return render(request, T + "status.html", _status_context(app))


def _act(request, number: str, fn, done: str):
    app = _granted(request, number)
    if app is None:
        return redirect("portal:foi_status_query")
    try:
        fn(app)
    except DomainError as exc:
        app = selectors.application_reload(app)
        return render(request, T + "status.html", _status_context(app, exc.message), status=exc.http_status)
    from django.contrib import messages

    messages.success(request, done)
    return redirect("portal:foi_status", app.public_id)


def _files(request) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in request.FILES.getlist("files")]


@require_POST
def supplement(request, number: str):
    return _act(
        request,
        number,
        lambda app: services.applicant_act(
            application=app, action=Action.SUPPLEMENT, text=request.POST.get("text", ""), attachments=_files(request)
        ),
        _("已提交补正，答复期限自收到补正之日起重新计算。"),
    )


@require_POST
def fee_reply(request, number: str):
    return _act(
        request,
        number,
        lambda app: services.applicant_fee_reply(
            application=app, text=request.POST.get("text", ""), attachments=_files(request)
        ),
        _("已提交缴费情况，工作人员确认后继续办理。"),
    )


def withdraw(request, number: str):
    """Withdrawal needs a second step: a confirmation page with a required checkbox (no script)."""
    app = _granted(request, number)
    if app is None:
        return redirect("portal:foi_status_query")
    can = app.status in foi_actions.registry.get(Action.WITHDRAW).allowed_from
    if request.method != "POST" or request.POST.get("step") != "confirm":
        reason = (request.POST.get("reason") or "")[:500] if request.method == "POST" else ""
        return render(request, T + "withdraw.html", {"app": app, "reason": reason, "can_withdraw": can, "error": ""})
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            T + "withdraw.html",
            {
                "app": app,
                "reason": (request.POST.get("reason") or "")[:500],
                "can_withdraw": can,
                "error": _("请勾选“我确认撤回本申请”后再提交。撤回后本申请不再办理。"),
            },
            status=422,
        )
    return _act(
        request,
        number,
        lambda app: services.applicant_act(
            application=app, action=Action.WITHDRAW, reason=request.POST.get("reason", "")
        ),
        _("申请已撤回。"),
    )


def letter(request, number: str):
    app = _granted(request, number)
    if app is None:
        return redirect("portal:foi_status_query")
    if app.status not in (Status.SENT, Status.DELIVERED) or not app.letter_docx:
        return render(request, T + "status.html", _status_context(app, _("尚未作出答复。")), status=404)
    response = HttpResponse(
        bytes(app.letter_docx), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(app.tracking_number + '答复告知书.docx')}"
    return response


def attachment(request, number: str, aid: int):
    app = _granted(request, number)
    if app is None:
        return redirect("portal:foi_status_query")
    row = selectors.attachment_get(app, aid)
    try:
        if row is None:
            raise ValidationFailed(_("未找到该附件。"))
        name, content_type, data = services.attachment_open(actor=None, attachment=row, applicant=True)
    except DomainError as exc:
        return render(request, T + "status.html", _status_context(app, exc.message), status=404)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
