"""Back-office pages of the response side of public opinion (政务舆情回应).

Views parse input, call ``gongkai.opinion.response.services`` / ``selectors`` and show
``DomainError.message``; a refused action shows the message and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.documents import set_workbook_properties
from gongkai.core.errors import DomainError, NotFound, PermissionDenied
from gongkai.opinion.enums import LEVEL_SHORT, RAISED_LEVELS, WarningLevel
from gongkai.opinion.nlp.categories import LABELS as CATEGORY_LABELS
from gongkai.opinion.response import actions as response_actions
from gongkai.opinion.response import (
    oversight,
    permissions,
    reports,
    risk,
    selectors,
    services,
    statistics,
    webhooks,
)
from gongkai.opinion.response.enums import (
    AssignmentAction,
    AssignmentRole,
    AssignmentStatus,
    DeliveryStatus,
    ResponseAction,
    ResponseStatus,
)
from gongkai.opinion.response.forms import (
    AccountabilityForm,
    EmergencyGradeForm,
    FeedbackForm,
    MeetingForm,
    ReportIssueForm,
    ResponseForm,
    RiskAssessmentForm,
    RouteForm,
    RoutingRuleForm,
    RumourLeadForm,
    WebhookForm,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors
from gongkai.workflow.selectors import review_for

T = "backoffice/opinion_response/"
CLAIM = response_actions.assignments.get(AssignmentAction.CLAIM)
PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ECHARTS = "vendor/echarts/echarts.min.js"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _message(request, exc: DomainError, *, event=None, title=None):
    return render(
        request,
        T + "message.html",
        {"title": title or _("无法完成操作"), "message": exc.message, "event": event},
        status=exc.http_status,
    )


def _event(request, pk: int):
    return selectors.event_get_visible_to(request.user, pk)


def _category_choices():
    return [(k, v) for k, v in CATEGORY_LABELS.items()]


def _jurisdiction_agencies(event):
    return selectors.jurisdiction_agency_list(event)


def _my_units(request, event):
    """Units of the event (not withdrawn) where the user is staff."""
    return selectors.event_units_of(request.user, event)


def _event_url(event) -> str:
    return reverse("backoffice:opinion_response_event", args=[event.pk])


def _level_badge(level: str) -> str:
    return {"red": "err", "orange": "warn", "yellow": "warn"}.get(level, "")


# --- Dashboard ------------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    from django.contrib.staticfiles import finders

    data = statistics.dashboard_data(request.user)
    return render(
        request,
        T + "dashboard.html",
        {
            "data": data,
            # ECharts comes from the npm registry at set-up (make setup); without it the tables remain.
            "has_echarts": bool(finders.find(ECHARTS)),
            "feed_url": reverse("backoffice:opinion_response_warnings"),
            "data_url": reverse("backoffice:opinion_response_dashboard_data"),
        },
    )


@login_required
def dashboard_data(request):
    return JsonResponse(statistics.dashboard_data(request.user), json_dumps_params={"ensure_ascii": False})


@login_required
def warnings_feed(request):
    raw = request.GET.get("after")
    try:
        after = int(raw) if raw not in (None, "") else None
    except ValueError:
        return JsonResponse(
            {"code": "validation_failed", "message": "参数 after 应为整数。", "detail": None}, status=422
        )
    return JsonResponse(statistics.warnings_after(request.user, after), json_dumps_params={"ensure_ascii": False})


# --- Events -------------------------------------------------------------------------------------------------


@login_required
def event_list(request):
    state = request.GET.get("state", "")
    level = request.GET.get("level", "")
    events = selectors.event_list_visible_to(request.user)
    if level in WarningLevel.values:
        events = events.filter(level=level)
    if state == "raised":
        events = events.filter(level__in=list(RAISED_LEVELS))
    elif state == "unrouted":
        events = events.exclude(
            assignments__status__in=[AssignmentStatus.ASSIGNED, AssignmentStatus.CLAIMED, AssignmentStatus.RESPONDED]
        )
    elif state == "overdue":
        events = events.filter(pk__in=selectors.clock_list_overdue().values("event_id"))
    rows = []
    for event in events.order_by("-last_seen_at", "-id")[:PAGE_SIZE]:
        lead = selectors.lead_assignment(event)
        views = selectors.clocks_for(event)
        rows.append(
            {
                "event": event,
                "badge": _level_badge(event.level),
                "lead": lead,
                "clocks": views,
                "overdue": any(v.state == "overdue" for v in views),
            }
        )
    mine = selectors.assignment_list_for_user(request.user).filter(status=AssignmentStatus.ASSIGNED)[:20]
    return render(
        request,
        T + "event_list.html",
        {"rows": rows, "state": state, "level": level, "levels": WarningLevel.choices, "mine": mine},
    )


def _report_form(request, event, data=None):
    return ReportIssueForm(
        data,
        issuers=org_selectors.agency_list_by_ids(
            [a.pk for a in oversight.report_issuer_choices(request.user, event)], order_by=("region__code", "name")
        ),
        recipients=oversight.report_recipient_choices(event),
        initial={"recipients": oversight.report_default_recipients(event)},
    )


def _event_context(request, event, **extra):
    assignments = list(selectors.assignments_for(event))
    staff = permissions.staff_agency_ids(request.user)
    my_units = _my_units(request, event)
    can_coordinate = permissions.can_coordinate(request.user, event)
    jurisdiction_agencies = _jurisdiction_agencies(event)
    lead = next(
        (a for a in assignments if a.role == AssignmentRole.LEAD and a.status != AssignmentStatus.WITHDRAWN), None
    )
    ctx = {
        "event": event,
        "badge": _level_badge(event.level),
        "level_short": LEVEL_SHORT.get(event.level, event.level),
        "raised": event.level in RAISED_LEVELS,
        "assignments": [
            {
                "a": a,
                # the claim spec (opinion/response/actions.py): from which status; who: the unit's staff
                "can_claim": a.status in CLAIM.allowed_from and a.agency_id in staff,
            }
            for a in assignments
        ],
        "lead": lead,
        "clocks": selectors.clocks_for(event),
        "responses": [{"r": r, "review": review_for(r)} for r in selectors.response_list_for_event(event)],
        "leads": event.rumour_leads.select_related("agency", "recipient_agency").order_by("-handed_at"),
        "feedbacks": event.feedbacks.select_related("agency").order_by("-fed_back_at"),
        "meetings": event.meetings.select_related("convener").prefetch_related("units").order_by("-held_at"),
        "level_changes": event.level_changes.order_by("-changed_at", "-id")[:20],
        "can_coordinate": can_coordinate,
        "my_units": my_units,
        "can_draft": my_units.exists(),
        "public_page": getattr(event, "public_page", None) if hasattr(event, "public_page") else None,
        "route_form": RouteForm(agencies=jurisdiction_agencies) if can_coordinate else None,
        "major_emergency": services.is_major_emergency(event, lead.agency.region if lead else None),
        "grade_form": EmergencyGradeForm(
            initial={"grade": event.emergency_grade, "reason": event.emergency_grade_reason}
        )
        if permissions.can_grade_emergency(request.user, event)
        else None,
        "lead_form": RumourLeadForm(
            agencies=my_units,
            recipients=jurisdiction_agencies,
            initial={"handed_at": clock.now().astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)},
        ),
        "feedback_form": FeedbackForm(agencies=my_units),
        "meeting_form": MeetingForm(agencies=my_units, units=jurisdiction_agencies),
        "reports": oversight.report_list_for_event(event),
        "report_form": _report_form(request, event) if can_coordinate else None,
    }
    ctx.update(extra)
    return ctx


@login_required
def event_detail(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    return render(request, T + "event_detail.html", _event_context(request, event))


@login_required
@require_POST
def event_route(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    form = RouteForm(request.POST, agencies=_jurisdiction_agencies(event))
    if not form.is_valid():
        return render(request, T + "event_detail.html", _event_context(request, event, route_form=form), status=422)
    try:
        services.event_route(
            event=event,
            actor=request.user,
            lead=form.cleaned_data["lead"],
            co_handlers=list(form.cleaned_data["co_handlers"]),
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        return _message(request, exc, event=event)
    messages.success(request, _("已交办。"))
    return redirect(_event_url(event))


@login_required
@require_POST
def event_grade(request, pk: int):
    """A coordinator classifies the emergency grade of the event; the clocks follow the grade."""
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    form = EmergencyGradeForm(request.POST)
    if not form.is_valid():
        return render(request, T + "event_detail.html", _event_context(request, event, grade_form=form), status=422)
    try:
        services.event_grade_emergency(
            actor=request.user, event=event, grade=form.cleaned_data["grade"], reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        if exc.code in ("reason_required", "invalid_grade"):
            form.add_error("reason" if exc.code == "reason_required" else "grade", exc.message)
            return render(request, T + "event_detail.html", _event_context(request, event, grade_form=form), status=422)
        return _message(request, exc, event=event)
    messages.success(request, _("已确定突发事件等级，回应时限已按等级调整。"))
    return redirect(_event_url(event))


@login_required
@require_POST
def assignment_claim(request, pk: int):
    assignment = selectors.assignment_get(pk)
    if assignment is None or not permissions.can_see_event(request.user, assignment.event):
        return _message(request, NotFound(_("未找到该交办记录。")))
    try:
        services.assignment_claim(actor=request.user, assignment=assignment)
    except DomainError as exc:
        return _message(request, exc, event=assignment.event)
    messages.success(request, _("已认领。请按时限发布回应。"))
    return redirect(_event_url(assignment.event))


def _record(request, pk: int, form_class, call, success: str, **form_kwargs):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    units = _my_units(request, event)
    kwargs = {"agencies": units}
    kwargs.update({k: v(event) for k, v in form_kwargs.items()})
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        key = {RumourLeadForm: "lead_form", FeedbackForm: "feedback_form", MeetingForm: "meeting_form"}[form_class]
        return render(request, T + "event_detail.html", _event_context(request, event, **{key: form}), status=422)
    try:
        call(event, form.cleaned_data)
    except DomainError as exc:
        return _message(request, exc, event=event)
    messages.success(request, success)
    return redirect(_event_url(event))


@login_required
@require_POST
def rumour_lead_create(request, pk: int):
    def call(event, d):
        services.rumour_lead_create(
            actor=request.user,
            event=event,
            agency=d["agency"],
            recipient_kind=d["recipient_kind"],
            recipient_agency=d["recipient_agency"],
            recipient_name=d["recipient_name"],
            handed_at=d["handed_at"],
            content=d["content"],
        )

    return _record(request, pk, RumourLeadForm, call, _("已登记线索移交。"), recipients=_jurisdiction_agencies)


@login_required
@require_POST
def feedback_create(request, pk: int):
    def call(event, d):
        services.feedback_create(actor=request.user, event=event, **d)

    return _record(request, pk, FeedbackForm, call, _("已登记处置结果反馈。"))


@login_required
@require_POST
def meeting_create(request, pk: int):
    def call(event, d):
        services.meeting_create(
            actor=request.user,
            event=event,
            convener=d["convener"],
            held_at=d["held_at"],
            place=d["place"],
            units=list(d["units"]),
            people=d["people"],
            decisions=d["decisions"],
        )

    return _record(request, pk, MeetingForm, call, _("已登记会商记录。"), units=_jurisdiction_agencies)


@login_required
def special_report(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    response = HttpResponse(reports.special_report(event, user=request.user), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="opinion-special-report-{event.pk}.docx"'
    return response


@login_required
@require_POST
def report_issue(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    if not permissions.can_coordinate(request.user, event):
        return _message(request, PermissionDenied(_("只有组织协调单位可以报送舆情专报、快报和简报。")), event=event)
    form = _report_form(request, event, request.POST)
    if not form.is_valid():
        return render(request, T + "event_detail.html", _event_context(request, event, report_form=form), status=422)
    try:
        report = oversight.report_issue(
            actor=request.user,
            event=event,
            kind=form.cleaned_data["kind"],
            issuer=form.cleaned_data["issuer"],
            recipients=list(form.cleaned_data["recipients"]),
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        return _message(request, exc, event=event)
    messages.success(request, _("已报送：%(number)s。") % {"number": report.number})
    return redirect(_event_url(event) + "#h-reports")


@login_required
def report_download(request, pk: int):
    try:
        report = oversight.report_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    oversight.report_open(actor=request.user, report=report)
    response = HttpResponse(bytes(report.document), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="opinion-{report.kind}-report-{report.year}-{report.serial}-{report.issuer_id}.docx"'
    )
    return response


@login_required
@require_POST
def feedback_publish(request, pk: int):
    feedback = selectors.feedback_get(pk)
    if feedback is None or not permissions.can_see_event(request.user, feedback.event):
        return _message(request, NotFound(_("未找到该反馈记录。")))
    try:
        row = oversight.adopted_suggestions_draft(actor=request.user, feedback=feedback)
    except DomainError as exc:
        return _message(request, exc, event=feedback.event)
    messages.success(request, _("已生成采纳情况公开的回应草稿，请修改后提交审核。"))
    return redirect("backoffice:opinion_response_detail", row.pk)


@login_required
def daily_log(request):
    raw = request.GET.get("date") or clock.today().isoformat()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return _message(request, DomainError(_("日期格式应为 YYYY-MM-DD。")), title=_("日期无效"))
    response = HttpResponse(reports.daily_log(request.user, day), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="opinion-daily-log-{day.isoformat()}.docx"'
    return response


# --- Responses ------------------------------------------------------------------------------------------------


@login_required
def response_create(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    units = _my_units(request, event)
    if not units.exists():
        return _message(request, PermissionDenied(_("只有承办单位的工作人员可以起草回应。")), event=event)
    form = ResponseForm(request.POST or None)
    unit_id = request.POST.get("agency") or str(units.first().pk)
    if request.method == "POST" and form.is_valid():
        agency = units.filter(pk=unit_id).first() if unit_id.isdigit() else None
        if agency is None:
            return _message(request, PermissionDenied(_("请选择您所在的承办单位。")), event=event)
        try:
            row = services.response_create(actor=request.user, event=event, agency=agency, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("回应草稿已保存。"))
            return redirect("backoffice:opinion_response_detail", row.pk)
    return render(request, T + "response_form.html", {"event": event, "form": form, "units": units, "unit_id": unit_id})


@login_required
def response_detail(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    editable = row.status in (ResponseStatus.DRAFT, ResponseStatus.RETURNED) and permissions.is_unit_staff(
        request.user, row.agency_id
    )
    form = None
    if editable:
        initial = {f: getattr(row, f) for f in services.RESPONSE_FIELDS}
        if row.held_at:
            initial["held_at"] = row.held_at.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
        form = ResponseForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.response_update(actor=request.user, response=row, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("backoffice:opinion_response_detail", row.pk)
    review = review_for(row)
    moves = {spec.name for spec in response_actions.responses.available(row, request.user)}
    return render(
        request,
        T + "response_detail.html",
        {
            "r": row,
            "event": row.event,
            "form": form,
            "review": review,
            # the moves the user may start now, from the specs (opinion/response/actions.py)
            "can_submit": editable and ResponseAction.SUBMIT in moves,
            "can_resubmit": editable
            and ResponseAction.RESUBMIT in moves
            and review is not None
            and review.submitted_by_id == request.user.pk,
            "can_withdraw": ResponseAction.WITHDRAW in moves,
        },
    )


@login_required
@require_POST
def response_submit(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
        services.response_submit(actor=request.user, response=row, comment=request.POST.get("comment", ""))
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已提交审核。"))
    return redirect("backoffice:opinion_response_detail", pk)


@login_required
@require_POST
def response_resubmit(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
        services.response_resubmit(actor=request.user, response=row, comment=request.POST.get("comment", ""))
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已重新提交审核。"))
    return redirect("backoffice:opinion_response_detail", pk)


@login_required
@require_POST
def response_withdraw(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
        services.response_withdraw(actor=request.user, response=row, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已从回应栏目撤下。"))
    return redirect("backoffice:opinion_response_detail", pk)


# --- Statistics -----------------------------------------------------------------------------------------------


def _period(request):
    kind = request.GET.get("period") if request.GET.get("period") in ("week", "month") else "week"
    raw = request.GET.get("date") or clock.today().isoformat()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = clock.today()
    first, last = statistics.period_bounds(kind, day)
    return kind, day, first, last


def _accountability_form(request, data=None):
    issuers = oversight.accountability_issuers(request.user)
    if not issuers.exists():
        return None
    since = clock.now() - dt.timedelta(days=180)
    return AccountabilityForm(
        data,
        issuers=issuers,
        targets=oversight.accountability_targets(request.user),
        events=selectors.event_list_visible_to(request.user)
        .filter(first_seen_at__gte=since)
        .order_by("-first_seen_at"),
        initial={"decided_at": clock.today()},
    )


def _statistics_context(request, **extra):
    kind, day, first, last = _period(request)
    stats = statistics.period_stats(request.user, first, last)
    actions = oversight.accountability_in_period(request.user, first, last)
    ctx = {
        "kind": kind,
        "day": day,
        "stats": stats,
        "actions": actions,
        "accountability_form": _accountability_form(request),
    }
    ctx.update(extra)
    return ctx


@login_required
def statistics_page(request):
    return render(request, T + "statistics.html", _statistics_context(request))


@login_required
@require_POST
def accountability_create(request):
    form = _accountability_form(request, request.POST)
    if form is None:
        return _message(
            request,
            PermissionDenied(_("只有政府新闻办、政务公开办或系统管理员可以登记舆情回应工作的通报和约谈。")),
        )
    if not form.is_valid():
        return render(
            request, T + "statistics.html", _statistics_context(request, accountability_form=form), status=422
        )
    d = form.cleaned_data
    try:
        oversight.accountability_create(
            actor=request.user,
            agency=d["agency"],
            kind=d["kind"],
            issuer=d["issuer"],
            decided_at=d["decided_at"],
            reason=d["reason"],
            person=d["person"],
            document_number=d["document_number"],
            events=list(d["events"]),
        )
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已登记。"))
    return redirect(
        reverse("backoffice:opinion_response_statistics") + f"?period=month&date={d['decided_at'].isoformat()}"
    )


@login_required
def statistics_xlsx(request):
    from openpyxl import Workbook

    kind, day, first, last = _period(request)
    s = statistics.period_stats(request.user, first, last)
    wb = Workbook()
    set_workbook_properties(
        wb,
        author=reports.issuing_unit_name(request.user),
        title=f"政务舆情统计（{first.isoformat()} 至 {last.isoformat()}）",
    )
    ws = wb.active
    ws.title = "概况"
    ws.append(["政务舆情统计", f"{first.isoformat()} 至 {last.isoformat()}"])
    ws.append(["新发现舆情事件（件）", s.total])
    ws.append(["按时回应率", s.on_time.rate_text])
    ws.append(["按时完成", s.on_time.met])
    ws.append(["逾期完成", s.on_time.late])
    ws.append(["逾期未完成", s.on_time.overdue_open])
    levels = wb.create_sheet("按预警级别")
    levels.append(["预警级别", "事件数"])
    for _lv, label, n in s.by_level:
        levels.append([label, n])
    towns = wb.create_sheet("按乡镇")
    towns.append(["乡镇", "事件数"])
    for name, n in s.by_township:
        towns.append([name, n])
    units = wb.create_sheet("按责任单位")
    units.append(["责任单位", "到期时限（项）", "按时完成（项）", "按时回应率"])
    for row in s.per_unit:
        units.append(list(row))
    measures = wb.create_sheet("通报与约谈")
    measures.append(["日期", "措施", "对象单位", "对象个人", "作出单位", "文号", "事由"])
    for a in oversight.accountability_in_period(request.user, first, last):
        measures.append(
            [
                a.decided_at.isoformat(),
                a.get_kind_display(),
                a.agency.name,
                a.person,
                a.issuer.name,
                a.document_number,
                a.reason,
            ]
        )
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="opinion-statistics-{kind}-{first.isoformat()}.xlsx"'
    return response


# --- Routing rules ---------------------------------------------------------------------------------------------


def _rule_regions(user):
    regions = org_selectors.region_list()
    if org_permissions.is_system_admin(user):
        return regions
    return org_selectors.region_list_by_ids([r.pk for r in regions if permissions.can_edit_routing_rules(user, r)])


@login_required
def routing_rules(request):
    regions = _rule_regions(request.user)
    agencies = selectors.routing_target_agencies()
    form = RoutingRuleForm(request.POST or None, regions=regions, agencies=agencies, categories=_category_choices())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.routing_rule_create(actor=request.user, **d)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已添加交办规则。"))
            return redirect("backoffice:opinion_response_rules")
    rules = selectors.routing_rule_list()
    return render(
        request,
        T + "rules.html",
        {"rules": rules, "form": form, "can_edit": regions.exists(), "categories": CATEGORY_LABELS},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def routing_rule_toggle(request, pk: int):
    rule = selectors.routing_rule_get(pk)
    if rule is None:
        return _message(request, NotFound(_("未找到该规则。")))
    try:
        services.routing_rule_update(actor=request.user, rule=rule, is_active=not rule.is_active)
    except DomainError as exc:
        return _message(request, exc)
    return redirect("backoffice:opinion_response_rules")


@login_required
@require_POST
def routing_rule_delete(request, pk: int):
    rule = selectors.routing_rule_get(pk)
    if rule is None:
        return _message(request, NotFound(_("未找到该规则。")))
    try:
        services.routing_rule_delete(actor=request.user, rule=rule)
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已删除。"))
    return redirect("backoffice:opinion_response_rules")


# --- Webhook ---------------------------------------------------------------------------------------------------


@login_required
def webhook_list(request):
    if not org_permissions.is_system_admin(request.user):
        return _message(request, PermissionDenied(_("只有系统管理员可以管理预警推送。")), title=_("没有权限"))
    form = WebhookForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.webhook_endpoint_save(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已添加推送地址。"))
            return redirect("backoffice:opinion_response_webhooks")
    status = request.GET.get("status") if request.GET.get("status") in DeliveryStatus.values else ""
    deliveries = selectors.webhook_delivery_list(status=status)
    return render(
        request,
        T + "webhooks.html",
        {
            "endpoints": selectors.webhook_endpoint_list(),
            "deliveries": deliveries[:100],
            "form": form,
            "status": status,
            "statuses": DeliveryStatus.choices,
        },
    )


@login_required
@require_POST
def webhook_retry(request, pk: int):
    try:
        webhooks.webhook_retry(actor=request.user, delivery_id=pk)
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已重新排队推送。"))
    return redirect("backoffice:opinion_response_webhooks")


@login_required
@require_POST
def webhook_toggle(request, pk: int):
    endpoint = selectors.webhook_endpoint_get(pk)
    if endpoint is None:
        return _message(request, NotFound(_("未找到该推送地址。")))
    try:
        webhooks.webhook_endpoint_save(
            actor=request.user,
            endpoint=endpoint,
            name=endpoint.name,
            url=endpoint.url,
            is_active=not endpoint.is_active,
            region=endpoint.region,
        )
    except DomainError as exc:
        return _message(request, exc)
    return redirect("backoffice:opinion_response_webhooks")


# --- Opinion risk assessment of major decisions ------------------------------------------------------------------


def _risk_form(request, data=None, *, assessment=None):
    from gongkai.opinion.selectors import plan_list_visible_to

    initial = {}
    if assessment is not None:
        initial = {f: getattr(assessment, f) for f in risk.FIELDS}
        initial["agency"] = assessment.agency
    form = RiskAssessmentForm(
        data,
        agencies=risk.editable_agencies(request.user),
        plans=plan_list_visible_to(request.user).select_related("agency"),
        initial=initial,
    )
    if assessment is not None:
        form.fields["agency"].disabled = True
        form.fields["agency"].queryset = org_selectors.agency_list_by_ids(
            [assessment.agency_id], order_by=("region__code", "name")
        )
    return form


def _risk_values(form) -> dict:
    return {f: form.cleaned_data[f] for f in risk.FIELDS}


@login_required
def risk_list(request):
    form = _risk_form(request, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                row = risk.risk_assessment_create(
                    actor=request.user, agency=form.cleaned_data["agency"], **_risk_values(form)
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存风险评估。"))
                return redirect("backoffice:opinion_response_risk", row.pk)
        status = 422
    else:
        status = 200
    rows = risk.risk_assessment_list_visible_to(request.user)
    return render(
        request,
        T + "risk_list.html",
        {"rows": rows[:200], "form": form if risk.editable_agencies(request.user).exists() else None},
        status=status,
    )


@login_required
def risk_detail(request, pk: int):
    try:
        row = risk.risk_assessment_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    editable = row.status == "draft" and risk.can_edit(request.user, row.agency_id)
    form = _risk_form(request, request.POST or None, assessment=row) if editable else None
    status = 200
    if request.method == "POST":
        if form is None:
            return _message(request, PermissionDenied(_("您不能修改此风险评估。")))
        if form.is_valid():
            try:
                risk.risk_assessment_update(actor=request.user, assessment=row, **_risk_values(form))
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("backoffice:opinion_response_risk", row.pk)
        status = 422
    return render(
        request,
        T + "risk_detail.html",
        {
            "r": row,
            "form": form,
            "can_conclude": row.status == "draft" and risk.can_conclude(request.user, row.agency_id),
        },
        status=status,
    )


@login_required
@require_POST
def risk_conclude(request, pk: int):
    try:
        row = risk.risk_assessment_get_visible_to(request.user, pk)
        risk.risk_assessment_conclude(actor=request.user, assessment=row)
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("评估已审定。"))
    return redirect("backoffice:opinion_response_risk", pk)
