"""Back-office pages of disclosure on application (依申请公开).

Views parse input, call ``gongkai.foi.services`` / ``selectors`` and show ``DomainError.message``;
a refused action re-renders the case page with the message and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, NotFound, ValidationFailed
from gongkai.foi import actions as foi_actions
from gongkai.foi import permissions, replies, selectors, services, statistics
from gongkai.foi.enums import (
    OPEN_STATUSES,
    Action,
    AppealKind,
    AppealResult,
    ApplicantKind,
    Channel,
    ConsultationOpinion,
    ConsultationParty,
    DeliveryMethod,
    FeeBasis,
    Status,
)
from gongkai.foi.forms import StaffApplicationForm
from gongkai.foi.models import Application
from gongkai.orgs import selectors as org_selectors

T = "backoffice/foi/"
PAGE_SIZE = 50


def _message(request, exc: DomainError, *, app=None, title=None):
    return render(
        request,
        T + "message.html",
        {"title": title or _("无法完成操作"), "message": exc.message, "app": app},
        status=exc.http_status,
    )


def _get_app(request, pk: int) -> Application:
    return selectors.application_get_visible_to(request.user, pk)


def _handling_agencies(user):
    ids = permissions.handling_agency_ids(user)
    return org_selectors.agency_list_by_ids(ids or [], active_only=True)


def _files(request, name: str) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in request.FILES.getlist(name)]


# --- Lists -----------------------------------------------------------------------------------------------


@login_required
def application_list(request):
    status = request.GET.get("status") if request.GET.get("status") in Status.values else ""
    state = request.GET.get("state") if request.GET.get("state") in ("open", "due_soon", "overdue") else ""
    try:
        agency_id = int(request.GET.get("agency") or 0) or None
    except ValueError:
        agency_id = None
    q = (request.GET.get("q") or "").strip()[:100]
    if state == "due_soon":
        apps = selectors.application_list_due_soon(request.user, agency_id=agency_id)
    elif state == "overdue":
        apps = selectors.application_list_overdue(request.user, agency_id=agency_id)
    else:
        apps = list(
            selectors.application_list_visible_to(
                request.user, status=status or None, agency_id=agency_id, q=q, open_only=state == "open"
            )[:PAGE_SIZE]
        )
    now = clock.now()
    rows = [{"app": a, "clock": selectors.clock_view(a, now)} for a in apps]
    visible = selectors.application_list_visible_to(request.user)
    agencies = org_selectors.agency_list_by_ids(visible.values("agency_id"))
    return render(
        request,
        T + "list.html",
        {
            "rows": rows,
            "status": status,
            "state": state,
            "q": q,
            "agency_id": agency_id,
            "agencies": agencies,
            "statuses": Status.choices,
            "can_register": bool(permissions.handling_agency_ids(request.user)),
            "limit": PAGE_SIZE,
        },
    )


# --- Registration ------------------------------------------------------------------------------------------


@login_required
def application_register(request):
    agencies = _handling_agencies(request.user)
    if not agencies:
        return _message(request, services.PermissionDenied(_("您无权登记政府信息公开申请。")), title=_("没有权限"))
    initial = {"submitted_on": clock.today(), "channel": Channel.IN_PERSON, "agency": agencies.first()}
    form = StaffApplicationForm(request.POST or None, request.FILES or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            app, code = services.application_register(
                actor=request.user,
                agency=d["agency"],
                channel=d["channel"],
                data=form.to_input(),
                submitted_on=d["submitted_on"],
                signed_for_on=d.get("signed_for_on"),
                confirmed_on=d.get("confirmed_on"),
                receipt_note=d.get("receipt_note", ""),
            )
        except ValidationFailed as exc:
            form.apply_errors(exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[f"foi_code_{app.pk}"] = code
            messages.success(request, _("已登记申请 %(n)s。") % {"n": app.tracking_number})
            return redirect("backoffice:foi_detail", app.pk)
    return render(request, T + "register.html", {"form": form}, status=422 if form.errors else 200)


# --- The case page -----------------------------------------------------------------------------------------


def _detail_context(request, app: Application, *, personal=None, error=None):
    user = request.user
    from gongkai.workflow import selectors as review_selectors

    clock_view = selectors.clock_view(app)
    specs = foi_actions.available(app, user)
    actions = [spec.name for spec in specs]
    can_handle = permissions.can_handle(user, app)
    handlers = selectors.handler_list_for(app)
    return {
        "app": app,
        "items": list(app.items.all()),
        "clock": clock_view,
        "actions": actions,
        # The case's action forms, read from the action specs (foi/actions.py).
        "action_forms": [
            {
                "spec": spec,
                "form": spec.form(application=app, action=spec.name) if spec.form else None,
                "help": spec.help_text(app),
            }
            for spec in specs
        ],
        "Action": Action,
        "can_handle": can_handle,
        "can_see_personal": permissions.can_see_personal_data(user, app),
        "can_request_extension": can_handle
        and app.status in foi_actions.registry.get(Action.EXTEND).allowed_from
        and not app.events.filter(action=Action.EXTEND).exists(),
        "personal": personal,
        "error": error,
        "events": selectors.timeline(app),
        "consultations": list(app.consultations.select_related("deadline")),
        "fees": list(app.fees.select_related("deadline")),
        "attachments": list(app.attachments.all()),
        "appeals": list(app.appeals.all()),
        "review": review_selectors.review_for(app),
        "repeats": list(app.repeats.all()),
        "earlier": list(selectors.earlier_applications(app)[:20]) if can_handle else [],
        "month_count": selectors.applicant_application_count(app),
        "mass_delay_suggested": _mass_delay_suggested(app),
        "can_set_mass_delay": can_handle
        and app.mass_delay_set_at is None
        and app.status in OPEN_STATUSES
        and app.status != Status.SUPPLEMENT_REQUESTED,
        "applicant_messages": list(selectors.applicant_messages(app)) if can_handle else [],
        "handlers": handlers,
        "agencies": selectors.transfer_agency_choices(app),
        "party_kinds": ConsultationParty.choices,
        "opinions": ConsultationOpinion.choices,
        "fee_bases": FeeBasis.choices,
        "delivery_methods": DeliveryMethod.choices,
        "appeal_kinds": AppealKind.choices,
        "appeal_results": AppealResult.choices,
        "today": clock.today(),
        "query_code": request.session.pop(f"foi_code_{app.pk}", None),
        "org_kind": app.applicant_kind != ApplicantKind.NATURAL,
    }


def _mass_delay_suggested(app: Application):
    from gongkai.rules.selectors import rule_value_or_none

    rv = rule_value_or_none("foi.mass_delay_period", app.agency.region, clock.today())
    return rv


@login_required
def application_detail(request, pk: int):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    return render(request, T + "detail.html", _detail_context(request, app))


@login_required
@require_POST
def application_personal(request, pk: int):
    """Show the full personal data (audited) — a POST, so that nothing prefetches it."""
    try:
        app = _get_app(request, pk)
        personal = services.application_personal_data(actor=request.user, application=app)
    except DomainError as exc:
        return _message(request, exc, title=_("没有权限"))
    return render(request, T + "detail.html", _detail_context(request, app, personal=personal))


@login_required
def application_clock(request, pk: int):
    """How the due date was computed (Deadline.explain()), for every clock of the case."""
    from gongkai.rules.selectors import deadlines_for

    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    deadlines = list(deadlines_for(app).order_by("start_at", "id"))
    return render(
        request,
        T + "clock.html",
        {"app": app, "deadlines": [{"d": d, "lines": d.explain().splitlines()} for d in deadlines]},
    )


@login_required
@require_POST
def application_act(request, pk: int, action: str):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    try:
        spec = foi_actions.registry.get(action)
    except NotFound as exc:
        return _message(request, exc, app=app)
    try:
        form = spec.form(request.POST, request.FILES, application=app, action=spec.name) if spec.form else None
        inputs = form.inputs() if form is not None else None
        services.application_transition(app, spec.name, actor=request.user, inputs=inputs)
    except DomainError as exc:
        app = selectors.application_reload(app)
        ctx = _detail_context(request, app, error=exc.message)
        return render(request, T + "detail.html", ctx, status=exc.http_status)
    messages.success(request, _("已完成：%(a)s。") % {"a": spec.label})
    return redirect("backoffice:foi_detail", app.pk)


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


# --- Reply drafting -------------------------------------------------------------------------------------------


@login_required
def reply_draft(request, pk: int):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    items = list(app.items.all())
    error = None
    errors = {}
    if request.method == "POST":
        decisions = {
            i.pk: {
                "reply_type": request.POST.get(f"type_{i.pk}", ""),
                "reason": request.POST.get(f"reason_{i.pk}", ""),
                "published_where": request.POST.get(f"where_{i.pk}", ""),
                "published_ref": request.POST.get(f"ref_{i.pk}", ""),
            }
            for i in items
        }
        try:
            services.application_transition(
                app,
                Action.DRAFT,
                actor=request.user,
                inputs=foi_actions.DraftInput(decisions=decisions, summary=request.POST.get("summary", "")),
            )
        except DomainError as exc:
            error = exc.message
            errors = (exc.detail or {}).get("items", {}) if isinstance(exc.detail, dict) else {}
            for i in items:
                d = decisions[i.pk]
                i.reply_type, i.reason, i.published_where, i.published_ref = (
                    d["reply_type"],
                    d["reason"],
                    d["published_where"],
                    d["published_ref"],
                )
        else:
            messages.success(request, _("已保存答复拟稿。"))
            return redirect("backoffice:foi_detail", app.pk)
    rows = [{"item": i, "error": errors.get(str(i.pk), "")} for i in items]
    return render(
        request,
        T + "draft.html",
        {
            "app": app,
            "rows": rows,
            "choices": replies.selectable_choices(),
            "error": error,
            "summary": request.POST.get("summary", app.reply_summary),
            "allowed": Action.DRAFT in selectors.allowed_actions(request.user, app),
        },
        status=422 if error else 200,
    )


# --- Downloads ------------------------------------------------------------------------------------------------


@login_required
def letter_download(request, pk: int):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    if not app.letter_docx:
        return _message(request, NotFound(_("尚未生成告知书。")), app=app)
    response = HttpResponse(
        bytes(app.letter_docx), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{app.tracking_number}.docx"'
    return response


@login_required
def attachment_download(request, pk: int, aid: int):
    try:
        app = _get_app(request, pk)
        attachment = selectors.attachment_get(app, aid)
        if attachment is None:
            raise Http404
        name, content_type, data = services.attachment_open(actor=request.user, attachment=attachment)
    except DomainError as exc:
        return _message(request, exc, title=_("没有权限"))
    response = HttpResponse(data, content_type=content_type)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- Agency letter settings --------------------------------------------------------------------------------------


@login_required
def agency_profile(request, agency_id: int):
    agency = org_selectors.agency_get(agency_id)
    if agency is None:
        raise Http404
    from gongkai.orgs import permissions as org_permissions

    if not (
        org_permissions.is_system_admin(request.user) or org_permissions.has_role(request.user, "unit_admin", agency)
    ):
        return _message(
            request, services.PermissionDenied(_("只有本单位管理员可以修改告知书设置。")), title=_("没有权限")
        )
    profile = selectors.agency_profile_for(agency)
    error = None
    if request.method == "POST":
        p = request.POST
        try:
            services.agency_profile_save(
                actor=request.user,
                agency=agency,
                letter_prefix=p.get("letter_prefix", ""),
                letter_word=p.get("letter_word", ""),
                office_name=p.get("office_name", ""),
                office_address=p.get("office_address", ""),
                office_phone=p.get("office_phone", ""),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已保存告知书设置。"))
            return redirect(reverse("backoffice:foi_profile", args=[agency.pk]))
    return render(
        request,
        T + "profile.html",
        {"agency": agency, "profile": profile, "error": error},
        status=422 if error else 200,
    )


# --- Statistics and dashboard ----------------------------------------------------------------------------------


def _stats_scope(request):
    """(year, agency or None, include_subordinates, agencies offered) from the query string."""
    this_year = clock.today().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, 2008), this_year + 1)
    visible = statistics.visible_agencies(request.user)
    agency = None
    if request.GET.get("agency"):
        agency = visible.filter(pk=request.GET.get("agency")).first()
    whole = request.GET.get("scope") == "jurisdiction"
    return year, agency, whole, visible


@login_required
def annual_statistics(request):
    year, agency, whole, visible = _stats_scope(request)
    if not visible.exists():
        return _message(request, services.PermissionDenied(_("您没有可统计的单位。")), title=_("没有权限"))
    agency = agency or visible.first()
    report = statistics.annual_report(year=year, agency=agency, include_subordinates=whole)
    return render(
        request,
        T + "statistics.html",
        {
            "report": report,
            "year": year,
            "agency": agency,
            "whole": whole,
            "agencies": visible,
            "years": range(clock.today().year, 2018, -1),
        },
    )


@login_required
def annual_statistics_xlsx(request):
    year, agency, whole, visible = _stats_scope(request)
    if not visible.exists():
        return _message(request, services.PermissionDenied(_("您没有可统计的单位。")), title=_("没有权限"))
    agency = agency or visible.first()
    report = statistics.annual_report(year=year, agency=agency, include_subordinates=whole)
    data = statistics.report_xlsx(report)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    from urllib.parse import quote

    name = f"{year}年{agency.name}{'（含下属单位）' if whole else ''}政府信息公开申请情况.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def dashboard(request):
    year, agency, whole, visible = _stats_scope(request)
    data = statistics.dashboard(user=request.user, year=year)
    return render(
        request, T + "dashboard.html", {"data": data, "year": year, "years": range(clock.today().year, 2018, -1)}
    )
