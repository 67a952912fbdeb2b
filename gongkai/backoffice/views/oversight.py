"""Back-office pages of oversight (监督考核): training, accountability cases, social evaluation
surveys and rectification, the assessment of units. Views parse input, call
``gongkai.oversight.services`` / ``selectors`` and show ``DomainError.message``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, PermissionDenied
from gongkai.foi import interface as foi_interface
from gongkai.opinion import interface as opinion_interface
from gongkai.orgs.enums import AgencyKind, Role
from gongkai.oversight import forms, permissions, selectors
from gongkai.oversight.enums import CaseStatus, LineSource, RoundStatus, SurveyStatus
from gongkai.oversight.services import assessment, cases, surveys, training

T = "backoffice/oversight/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ECHARTS = "vendor/echarts/echarts.min.js"


def _require_somewhere(user, obj: str, op: str = "view") -> None:
    ids = permissions.agency_ids(user, obj, op)
    if ids is not None and not ids:
        raise PermissionDenied(_("您没有查看此页面的权限。"))


def _message(request, exc: DomainError):
    return render(request, T + "message.html", {"message": exc.message}, status=exc.http_status)


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or clock.today().year)
    except ValueError:
        return clock.today().year


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- training ----------------------------------------------------------------------------------


@login_required
def training_overview(request):
    try:
        _require_somewhere(request.user, "training")
    except DomainError as exc:
        return _message(request, exc)
    year = _year(request)
    agencies = selectors.agency_choices_for(request.user, "training", "manage")
    form = forms.CourseForm(request.POST or None, agencies=agencies) if agencies.exists() else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            course = training.course_create(
                actor=request.user,
                agency=selectors.agency_get(data["agency"]),
                topic=data["topic"],
                held_on=data["held_on"],
                hours=data["hours"],
                teacher=data["teacher"],
                materials=data["materials"],
                has_exam=data["has_exam"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("培训课程已登记。"))
            return redirect("backoffice:oversight_course", pk=course.pk)
    units = selectors.training_shortfall_by_unit(request.user, year)
    agency = request.GET.get("agency")
    if agency and agency.isdigit():
        units = [u for u in units if u["agency"].pk == int(agency)]
    return render(
        request,
        T + "training.html",
        {
            "year": year,
            "courses": selectors.course_list_visible_to(request.user, year=year),
            "units": units,
            "detail": bool(agency and agency.isdigit()),
            "grant_warnings": selectors.untrained_grant_warnings(request.user),
            "role_labels": dict(Role.choices),
            "form": form,
        },
    )


@login_required
def course_detail(request, pk: int):
    course = selectors.course_get_visible_to(request.user, pk)
    if course is None:
        raise Http404
    may_manage = permissions.allows(request.user, "training", "manage", course.agency_id)
    form = forms.AttendanceForm(request.POST or None) if may_manage else None
    import_form = forms.ImportForm() if may_manage else None
    import_errors = []
    if request.method == "POST" and may_manage:
        if "file" in request.FILES:
            import_form = forms.ImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                try:
                    n = training.attendance_import(
                        actor=request.user, course=course, data=upload.read(), filename=upload.name
                    )
                except training.AttendanceImportFailed as exc:
                    import_errors = exc.errors
                    messages.error(request, exc.message)
                except DomainError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, _("已导入 %(n)s 条参训记录。") % {"n": n})
                    return redirect("backoffice:oversight_course", pk=course.pk)
            form = forms.AttendanceForm()
        elif form.is_valid():
            person = selectors.user_by_username(form.cleaned_data["person"])
            if person is None:
                form.add_error("person", _("没有该用户名的在用账户。"))
            else:
                try:
                    training.attendance_record(
                        actor=request.user,
                        course=course,
                        person=person,
                        hours=form.cleaned_data["hours"],
                        exam_score=form.cleaned_data["exam_score"],
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _("参训记录已保存。"))
                    return redirect("backoffice:oversight_course", pk=course.pk)
    return render(
        request,
        T + "course.html",
        {
            "course": course,
            "rows": selectors.attendance_list(course),
            "form": form,
            "import_form": import_form,
            "import_errors": import_errors,
        },
    )


@login_required
def attendance_template(request):
    try:
        _require_somewhere(request.user, "training", "manage")
    except DomainError as exc:
        return _message(request, exc)
    return _download(training.attendance_template(), "培训参训名单导入模板.xlsx", XLSX)


# --- accountability ------------------------------------------------------------------------------


@login_required
def case_list(request):
    try:
        _require_somewhere(request.user, "case")
    except DomainError as exc:
        return _message(request, exc)
    agencies = selectors.agency_choices_for(request.user, "case", "handle")
    form = forms.CaseForm(request.POST or None, agencies=agencies) if agencies.exists() else None
    if request.method == "POST" and form is not None and request.POST.get("action") == "sync":
        n = cases.case_sync_opinion_records(actor=request.user)
        messages.success(request, _("已同步舆情回应通报批评、约谈记录 %(n)s 条。") % {"n": n})
        return redirect("backoffice:oversight_cases")
    if request.method == "POST" and form is not None:
        try:
            if request.POST.get("foi_application"):
                case = cases.case_open_from_foi(actor=request.user, application_id=int(request.POST["foi_application"]))
            elif request.POST.get("opinion_clock"):
                case = cases.case_open_from_opinion(actor=request.user, clock_id=int(request.POST["opinion_clock"]))
            elif form.is_valid():
                data = form.cleaned_data
                case = cases.case_open(
                    actor=request.user,
                    agency=selectors.agency_get(data["agency"]),
                    violation=data["violation"],
                    facts=data["facts"],
                    persons=data["persons"],
                )
            else:
                case = None
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("输入有误。")))
            case = None
        if case is not None:
            messages.success(request, _("已立案：%(n)s。") % {"n": case.number})
            return redirect("backoffice:oversight_case", pk=case.pk)
    handle_ids = permissions.agency_ids(request.user, "case", "handle")
    overdue = foi_interface.overdue_applications(agency_ids=handle_ids) if form is not None else []
    opened = selectors.case_source_refs()
    overdue = [a for a in overdue if f"foi:{a['id']}" not in opened]
    late_clocks = opinion_interface.late_response_clocks(agency_ids=handle_ids) if form is not None else []
    late_clocks = [c for c in late_clocks if f"opinion-clock:{c['id']}" not in opened]
    return render(
        request,
        T + "case_list.html",
        {
            "cases": selectors.case_list_visible_to(
                request.user,
                status=request.GET.get("status") or None,
                agency_id=_int(request.GET.get("agency")),
                start=_date(request.GET.get("from")),
                end=_date(request.GET.get("to")),
            ),
            "statuses": CaseStatus.choices,
            "form": form,
            "overdue": overdue,
            "late_clocks": late_clocks,
        },
    )


@login_required
def case_detail(request, pk: int):
    case = selectors.case_get_visible_to(request.user, pk)
    if case is None:
        raise Http404
    may_handle = permissions.allows(request.user, "case", "handle", case.agency_id)
    close_form = forms.CloseForm(request.POST or None) if may_handle and case.status == CaseStatus.DECIDED else None
    if request.method == "POST" and may_handle:
        try:
            if request.POST.get("action") == "submit":
                cases.case_submit(actor=request.user, case=case, comment=request.POST.get("comment", ""))
                messages.success(request, _("已提交审核。"))
                return redirect("backoffice:oversight_case", pk=case.pk)
            if request.POST.get("action") == "close" and close_form is not None and close_form.is_valid():
                cases.case_close(actor=request.user, case=case, note=close_form.cleaned_data["note"])
                messages.success(request, _("案件已结案。"))
                return redirect("backoffice:oversight_case", pk=case.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        T + "case_detail.html",
        {
            "case": case,
            "may_handle": may_handle,
            "close_form": close_form,
            "review": selectors.case_review(case),
        },
    )


@login_required
def case_notice(request, pk: int):
    case = selectors.case_get_visible_to(request.user, pk)
    if case is None or not case.notice_docx:
        raise Http404
    return _download(case.notice_docx, f"责任追究处理通知{case.number}.docx", DOCX)


# --- surveys -------------------------------------------------------------------------------------


@login_required
def survey_list(request):
    try:
        _require_somewhere(request.user, "survey")
    except DomainError as exc:
        return _message(request, exc)
    agencies = selectors.agency_choices_for(request.user, "survey", "manage")
    form = forms.SurveyForm(request.POST or None, agencies=agencies) if agencies.exists() else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            survey = surveys.survey_create(
                actor=request.user,
                agency=selectors.agency_get(data["agency"]),
                title=data["title"],
                intro=data["intro"],
                questions=data["questions"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("问卷已保存为草稿。"))
            return redirect("backoffice:oversight_survey", pk=survey.pk)
    return render(
        request,
        T + "survey_list.html",
        {
            "surveys": selectors.survey_list_visible_to(request.user, agency_id=_int(request.GET.get("agency"))),
            "form": form,
            "rectifications": selectors.rectification_list_visible_to(request.user),
            "close_form": forms.RectificationCloseForm(),
        },
    )


@login_required
def survey_detail(request, pk: int):
    survey = selectors.survey_get_visible_to(request.user, pk)
    if survey is None:
        raise Http404
    may_manage = permissions.allows(request.user, "survey", "manage", survey.agency_id)
    agencies = selectors.agency_choices_for(request.user, "survey", "manage")
    rect_form = (
        forms.RectificationForm(None, agencies=agencies, initial={"agency": survey.agency_id}) if may_manage else None
    )
    if request.method == "POST" and may_manage:
        action = request.POST.get("action")
        try:
            if action in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
                surveys.survey_set_status(actor=request.user, survey=survey, status=action)
                messages.success(request, _("问卷状态已更新。"))
                return redirect("backoffice:oversight_survey", pk=survey.pk)
            if action == "rectify":
                rect_form = forms.RectificationForm(request.POST, agencies=agencies)
                if rect_form.is_valid():
                    data = rect_form.cleaned_data
                    owner = selectors.user_by_username(data["owner"]) if data["owner"] else None
                    if data["owner"] and owner is None:
                        rect_form.add_error("owner", _("没有该用户名的在用账户。"))
                    else:
                        surveys.rectification_open(
                            actor=request.user,
                            agency=selectors.agency_get(data["agency"]),
                            problem=data["problem"],
                            owner=owner,
                            survey=survey,
                        )
                        messages.success(request, _("整改事项已登记。"))
                        return redirect("backoffice:oversight_survey", pk=survey.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        T + "survey_detail.html",
        {
            "survey": survey,
            "results": selectors.survey_results(survey),
            "chart_data": selectors.survey_chart_data(survey),
            "may_manage": may_manage,
            "rect_form": rect_form,
            "rectifications": selectors.rectification_list_visible_to(request.user, survey=survey),
            "close_form": forms.RectificationCloseForm(),
            "has_echarts": bool(finders.find(ECHARTS)),
            "show_texts": True,
        },
    )


@login_required
def survey_results_json(request, pk: int):
    survey = selectors.survey_get_visible_to(request.user, pk)
    if survey is None:
        raise Http404
    return JsonResponse(selectors.survey_chart_data(survey))


@login_required
def survey_export(request, pk: int):
    survey = selectors.survey_get_visible_to(request.user, pk)
    if survey is None:
        raise Http404
    return _download(surveys.survey_export(survey), f"{survey.title}答卷.xlsx", XLSX)


@login_required
@require_POST
def rectification_close(request, pk: int):
    item = selectors.rectification_get_visible_to(request.user, pk)
    if item is None:
        raise Http404
    form = forms.RectificationCloseForm(request.POST)
    if form.is_valid():
        try:
            surveys.rectification_close(
                actor=request.user,
                item=item,
                status=form.cleaned_data["status"],
                resolution=form.cleaned_data["resolution"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("整改事项已办结。"))
    else:
        messages.error(request, _("请选择办结方式并填写整改情况或解释。"))
    if item.survey_id:
        return redirect("backoffice:oversight_survey", pk=item.survey_id)
    return redirect("backoffice:oversight_surveys")


# --- assessment ----------------------------------------------------------------------------------


@login_required
def assessment_list(request):
    try:
        _require_somewhere(request.user, "assessment")
    except DomainError as exc:
        return _message(request, exc)
    governments = selectors.agency_choices_for(request.user, "assessment", "manage").filter(
        kind__in=[AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP]
    )
    form = (
        forms.RoundForm(request.POST or None, governments=governments, initial={"year": clock.today().year})
        if governments.exists()
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = assessment.round_compute(
                actor=request.user,
                government=selectors.agency_get(data["government"]),
                year=data["year"],
                quarter=data["quarter"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("考核结果已测算。"))
            return redirect("backoffice:oversight_round", pk=rnd.pk)
    return render(
        request, T + "assessment_list.html", {"rounds": selectors.round_list_visible_to(request.user), "form": form}
    )


@login_required
def round_detail(request, pk: int):
    rnd = selectors.round_get_visible_to(request.user, pk)
    if rnd is None:
        raise Http404
    may_manage = permissions.allows(request.user, "assessment", "manage", rnd.government_id)
    if request.method == "POST" and may_manage:
        action = request.POST.get("action")
        try:
            if action == "recompute":
                assessment.round_compute(
                    actor=request.user, government=rnd.government, year=rnd.year, quarter=rnd.quarter
                )
                messages.success(request, _("已重新测算。"))
            elif action == "publish":
                assessment.round_publish(actor=request.user, round=rnd)
                messages.success(request, _("考核结果已发布，通报已生成。"))
            elif action == "manual":
                form = forms.ManualScoreForm(request.POST)
                line = selectors.line_get(rnd, request.POST.get("line")) if form.is_valid() else None
                if line is None:
                    messages.error(request, _("请填写得分和佐证材料。"))
                else:
                    assessment.manual_score_enter(
                        actor=request.user,
                        line=line,
                        score=form.cleaned_data["score"],
                        evidence=form.cleaned_data["evidence"],
                    )
                    messages.success(request, _("人工指标已录入。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("backoffice:oversight_round", pk=rnd.pk)
    return render(
        request,
        T + "round_detail.html",
        {
            "round": rnd,
            "cards": selectors.round_cards(rnd),
            "may_manage": may_manage and rnd.status == RoundStatus.DRAFT,
            "manual": LineSource.MANUAL,
        },
    )


@login_required
def round_notice(request, pk: int):
    rnd = selectors.round_get_visible_to(request.user, pk)
    if rnd is None or not rnd.notice_docx:
        raise Http404
    return _download(rnd.notice_docx, f"{rnd}结果通报.docx", DOCX)
