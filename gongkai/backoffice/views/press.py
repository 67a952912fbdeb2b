"""Back-office pages of news release (新闻发布): conferences and their approval, media, online
interviews and question moderation, the spokesperson register and 备案, frequency compliance.

Views parse input, call ``gongkai.press.services`` / ``selectors`` and show ``DomainError.message``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, NotFound, PermissionDenied
from gongkai.press import compliance, media, permissions, selectors, services
from gongkai.press.enums import ConferenceStatus, InterviewAction, InterviewStatus, QuestionStatus
from gongkai.press.forms import (
    AnswerForm,
    ConferenceForm,
    FilingForm,
    HoldForm,
    InterviewForm,
    MediaForm,
    PublishForm,
)

T = "backoffice/press/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _render(request, template: str, context: dict, status: int = 200):
    context = {**context, "can_coordinate": permissions.anywhere(request.user, permissions.CONFERENCE, "coordinate")}
    return render(request, template, context, status=status)


def _message(request, exc: DomainError, title=None):
    return _render(
        request,
        T + "message.html",
        {"title": title or _("无法完成操作"), "message": exc.message},
        status=exc.http_status,
    )


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- conferences -------------------------------------------------------------------------------


@login_required
def conference_list(request):
    if not permissions.anywhere(request.user, permissions.CONFERENCE, "view"):
        return _message(request, PermissionDenied("您无权查看新闻发布会。"))
    status = request.GET.get("status") if request.GET.get("status") in ConferenceStatus.values else ""
    rows = selectors.conference_list_visible_to(request.user, status=status, agency_id=_int(request.GET.get("agency")))
    # A period (the assessment figures link here): the conferences held in it.
    start, end = _parse_date(request.GET.get("from")), _parse_date(request.GET.get("to"))
    if start or end:
        rows = selectors.held_in(rows, start, end)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return _render(
        request,
        T + "conference_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ConferenceStatus.choices,
            "can_create": permissions.anywhere(request.user, permissions.CONFERENCE, "create"),
        },
    )


def _conference_form(request, data=None, initial=None):
    return ConferenceForm(
        data,
        initial=initial,
        agencies=selectors.agencies_for(request.user, permissions.CONFERENCE, "create"),
        events=selectors.open_opinion_clocks(request.user),
        risks=selectors.risk_assessments_for(request.user),
    )


@login_required
def conference_create(request):
    if not permissions.anywhere(request.user, permissions.CONFERENCE, "create"):
        return _message(request, PermissionDenied("您无权策划新闻发布会。"))
    form = _conference_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        agency = values.pop("agency")
        try:
            c = services.conference_plan(actor=request.user, agency=agency, **values)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存发布方案，请报请审批。"))
            return redirect("backoffice:press_conference_detail", c.pk)
    return _render(request, T + "conference_form.html", {"form": form, "title": _("策划新闻发布会")})


@login_required
def conference_edit(request, pk: int):
    try:
        c = selectors.conference_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    initial = {f: getattr(c, f) for f in services.PLAN_FIELDS}
    initial["agency"] = c.agency_id
    form = _conference_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("agency")
        try:
            services.conference_update(actor=request.user, conference=c, **values)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已修改发布方案。"))
            return redirect("backoffice:press_conference_detail", c.pk)
    return _render(request, T + "conference_form.html", {"form": form, "title": _("修改发布方案"), "conference": c})


@login_required
def conference_detail(request, pk: int):
    try:
        c = selectors.conference_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    can_act = permissions.allows(request.user, permissions.CONFERENCE, "create", c.agency_id)
    return _render(
        request,
        T + "conference_detail.html",
        {
            "c": c,
            "can_act": can_act,
            "review": selectors.review_of(c),
            "media": selectors.conference_media(c),
            "hold_form": HoldForm(initial={"held_at": clock.now()}),
            "publish_form": PublishForm(initial={"transcript": c.transcript}),
            "media_form": MediaForm(),
            "clock": selectors.opinion_clock_state(c),
            "risk": selectors.opinion_risk(c),
            "S": ConferenceStatus,
        },
    )


@login_required
@require_POST
def conference_action(request, pk: int, action: str):
    try:
        c = selectors.conference_get_visible_to(request.user, pk)
        if action == "submit":
            services.conference_submit(actor=request.user, conference=c, comment=request.POST.get("comment", ""))
            messages.success(request, _("已报请新闻办和主管部门审批。"))
        elif action == "announce":
            services.conference_announce(actor=request.user, conference=c)
            messages.success(request, _("已在门户网站新闻发布会栏目公告。"))
        elif action == "cancel":
            services.conference_cancel(actor=request.user, conference=c, reason=request.POST.get("reason", ""))
            messages.success(request, _("已取消。"))
        elif action == "hold":
            form = HoldForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("请填写有效的举行时间。"))
                return redirect("backoffice:press_conference_detail", c.pk)
            services.conference_hold(actor=request.user, conference=c, **form.cleaned_data)
            messages.success(request, _("已登记举行情况。"))
        elif action == "publish":
            services.conference_publish(actor=request.user, conference=c, transcript=request.POST.get("transcript", ""))
            messages.success(request, _("已在新闻发布会栏目发布实录和音视频。"))
        elif action == "media":
            form = MediaForm(request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, _("请选择类别和文件。"))
                return redirect("backoffice:press_conference_detail", c.pk)
            services.media_upload(
                actor=request.user,
                conference=c,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
            messages.success(request, _("已上传。"))
        elif action == "media_remove":
            row = selectors.media_get_for(c, _int(request.POST.get("media")) or 0)
            services.media_remove(actor=request.user, media=row)
            messages.success(request, _("已删除。"))
        else:
            raise Http404
    except DomainError as exc:
        return _message(request, exc)
    return redirect("backoffice:press_conference_detail", c.pk)


@login_required
def media_play(request, pk: int, media_id: int):
    """Staff preview of an uploaded file (before it is published), with range requests."""
    try:
        c = selectors.conference_get_visible_to(request.user, pk)
        row = selectors.media_get_for(c, media_id)
        return media.ranged_response(request, row.file, content_type=row.content_type, size=row.size)
    except (NotFound, FileNotFoundError, OSError):
        raise Http404(_("未找到该文件。")) from None


# --- spokespersons --------------------------------------------------------------------------------


@login_required
def filing_list(request):
    if not permissions.anywhere(request.user, permissions.SPOKESPERSON, "view"):
        return _message(request, PermissionDenied("您无权查看新闻发言人备案。"))
    agencies = selectors.agencies_for(request.user, permissions.SPOKESPERSON, "create")
    form = FilingForm(request.POST or None, agencies=agencies) if agencies.exists() else None
    if request.method == "POST" and form is not None and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            f = services.filing_create(actor=request.user, **values)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记，请报新闻办备案。"))
            return redirect("backoffice:press_filing_detail", f.pk)
    return _render(
        request,
        T + "filing_list.html",
        {
            "rows": selectors.filing_list_visible_to(request.user)[:300],
            "missing": selectors.units_missing_spokesperson(request.user),
            "form": form,
        },
    )


@login_required
def filing_detail(request, pk: int):
    try:
        f = selectors.filing_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    if request.method == "POST":
        try:
            services.filing_submit(actor=request.user, filing=f, comment=request.POST.get("comment", ""))
        except DomainError as exc:
            return _message(request, exc)
        messages.success(request, _("已报新闻办备案。"))
        return redirect("backoffice:press_filing_detail", f.pk)
    return _render(
        request,
        T + "filing_detail.html",
        {
            "f": f,
            "review": selectors.review_of(f),
            "can_submit": permissions.allows(request.user, permissions.SPOKESPERSON, "create", f.agency_id),
        },
    )


@login_required
def filing_export(request):
    if not permissions.anywhere(request.user, permissions.SPOKESPERSON, "view"):
        return _message(request, PermissionDenied("您无权导出新闻发言人名录。"))
    visible = permissions.agency_ids(request.user, permissions.SPOKESPERSON, "view")
    directory = [r for r in selectors.public_directory() if visible is None or r["agency"].pk in visible]
    response = HttpResponse(compliance.spokesperson_workbook(directory), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="spokespersons.xlsx"'
    return response


# --- compliance ----------------------------------------------------------------------------------


@login_required
def compliance_view(request):
    if not permissions.anywhere(request.user, permissions.CONFERENCE, "coordinate"):
        return _message(request, PermissionDenied("只有新闻办、分管负责同志或政务公开办负责人可以查看频次统计。"))
    today = clock.today()
    year = _int(request.GET.get("year")) or today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    quarter = _int(request.GET.get("quarter"))
    quarter = quarter if quarter in (1, 2, 3, 4) else None
    units = selectors.reporting_units(permissions.agency_ids(request.user, permissions.CONFERENCE, "coordinate"))
    table = compliance.compliance_table(units, year, quarter, today=today)
    title = f"新闻发布频次情况（{compliance.period_label(year, quarter)}）"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(compliance.workbook(table, title=title), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="press-compliance.xlsx"'
        return response
    return _render(
        request,
        T + "compliance.html",
        {
            "table": table,
            "title": title,
            "year": year,
            "quarter": quarter,
            "years": list(range(today.year, today.year - 5, -1)),
            "only_behind": request.GET.get("behind") == "1",
        },
    )


# --- interviews ----------------------------------------------------------------------------------


@login_required
def interview_list(request):
    if not permissions.anywhere(request.user, permissions.CONFERENCE, "view"):
        return _message(request, PermissionDenied("您无权查看在线访谈。"))
    agencies = selectors.agencies_for(request.user, permissions.CONFERENCE, "create")
    form = InterviewForm(request.POST or None, agencies=agencies) if agencies.exists() else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            i = services.interview_plan(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已发布访谈预告，网民可以提问。"))
            return redirect("backoffice:press_interview_detail", i.pk)
    rows = selectors.interview_list_visible_to(
        request.user,
        agency_id=_int(request.GET.get("agency")),
        start=_parse_date(request.GET.get("from")),
        end=_parse_date(request.GET.get("to")),
    )
    return _render(request, T + "interview_list.html", {"rows": rows[:200], "form": form})


@login_required
def interview_detail(request, pk: int):
    try:
        i = selectors.interview_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    return _render(
        request,
        T + "interview_detail.html",
        {
            "i": i,
            "questions": selectors.question_list(i),
            "can_act": permissions.allows(request.user, permissions.CONFERENCE, "create", i.agency_id),
            "answer_form": AnswerForm(),
            "IS": InterviewStatus,
            "QS": QuestionStatus,
        },
    )


@login_required
@require_POST
def interview_action(request, pk: int, action: str):
    try:
        i = selectors.interview_get_visible_to(request.user, pk)
        if action in InterviewAction.values:
            services.interview_transition(
                actor=request.user, interview=i, action=action, transcript=request.POST.get("transcript", "")
            )
            messages.success(request, InterviewAction(action).label)
        elif action in ("approve", "reject", "answer"):
            q = selectors.question_get_for(i, _int(request.POST.get("question")) or 0)
            if action == "answer":
                services.question_answer(actor=request.user, question=q, answer=request.POST.get("answer", ""))
            else:
                services.question_moderate(actor=request.user, question=q, approve=action == "approve")
            messages.success(request, _("已处理该问题。"))
        else:
            raise Http404
    except DomainError as exc:
        return _message(request, exc)
    return redirect("backoffice:press_interview_detail", i.pk)
