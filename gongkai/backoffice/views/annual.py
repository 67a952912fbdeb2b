"""Back-office pages of the annual report (政府信息公开工作年度报告): the units' status by year with due
dates and overdue units, and a unit's report page (section 二 figures with their sources, Excel import,
generated tables with their checks, the text, submission, downloads)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.annual import document, gazette, permissions, selectors, services
from gongkai.annual.transitions import EDITABLE
from gongkai.core import clock
from gongkai.core.errors import DomainError

T = "backoffice/annual/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request, default=None) -> int:
    try:
        year = int(request.GET.get("year") or default or clock.today().year - 1)
    except ValueError:
        return clock.today().year - 1
    return year if services.valid_year(year) else clock.today().year - 1


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _agency(request, agency_id, year=None):
    if year is not None and not services.valid_year(year):
        raise Http404(_("年度无效。"))
    agency = selectors.agency_visible(request.user, agency_id)
    if agency is None:
        raise Http404(_("未找到该单位，或您无权查看。"))
    return agency


@login_required
def overview(request):
    ids = permissions.viewable_agency_ids(request.user)
    if ids is not None and not ids:
        return render(request, T + "message.html", {"message": _("您无权查看年度报告。")}, status=403)
    year = _year(request)
    rows = selectors.status_rows(request.user, year)
    this_year = clock.today().year
    return render(
        request,
        T + "overview.html",
        {
            "year": year,
            "years": list(range(this_year - 1, 2018, -1)),
            "rows": rows,
            "overdue": [r for r in rows if r["overdue"]],
        },
    )


@login_required
def report_page(request, agency_id: int, year: int):
    agency = _agency(request, agency_id, year)
    report = selectors.report_for(agency, year)
    can_edit = permissions.can_edit(request.user, agency) and (report is None or report.status in EDITABLE)
    ctx = {
        "agency": agency,
        "year": year,
        "report": report,
        "can_edit": can_edit,
        "figures": selectors.figures(agency, year),
        "format_code": services.report_format(year, agency),
    }
    if report and report.tables:
        previous = selectors.previous_tables(report)
        ctx.update(
            {
                "two": document.section_two_tables(report.tables),
                "three": document.section_three_rows(report.tables),
                "four": document.appeal_row(report.tables),
                "comparison": document.comparison_rows(report.tables, previous),
                "checks": report.tables["checks"],
                "missing": report.tables.get("missing", []),
            }
        )
    return render(request, T + "report.html", ctx)


def _back(agency_id, year):
    return redirect("backoffice:annual_report", agency_id=agency_id, year=year)


@login_required
@require_POST
def figure_save(request, agency_id: int, year: int):
    agency = _agency(request, agency_id, year)
    try:
        services.figure_save(
            actor=request.user,
            agency=agency,
            year=year,
            key=request.POST.get("key", ""),
            value=request.POST.get("value", ""),
            source=request.POST.get("source", ""),
        )
        messages.success(request, _("已保存。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(agency_id, year)


@login_required
@require_POST
def figures_import(request, agency_id: int, year: int):
    agency = _agency(request, agency_id, year)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的 Excel 文件。"))
        return _back(agency_id, year)
    try:
        n = services.figures_import(
            actor=request.user, agency=agency, year=year, data=upload.read(), filename=upload.name
        )
        messages.success(request, _("已导入 %(n)d 项数据。") % {"n": n})
    except services.ImportFailed as exc:
        messages.error(request, exc.message)
        for e in exc.errors[:20]:
            messages.error(request, e.message)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(agency_id, year)


@login_required
def figures_template(request, agency_id: int, year: int):
    agency = _agency(request, agency_id, year)
    response = HttpResponse(services.figures_template_xlsx(agency, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="annual-{year}-figures.xlsx"'
    return response


@login_required
@require_POST
def generate(request, agency_id: int, year: int):
    agency = _agency(request, agency_id, year)
    try:
        services.report_generate(actor=request.user, agency=agency, year=year)
        messages.success(request, _("已生成报告（表格已按最新数据计算）。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(agency_id, year)


@login_required
@require_POST
def text_save(request, agency_id: int, year: int):
    agency = _agency(request, agency_id, year)
    report = selectors.report_for(agency, year)
    if report is None:
        raise Http404(_("请先生成报告。"))
    try:
        services.report_update_text(
            actor=request.user,
            report=report,
            **{k: request.POST.get(k, getattr(report, k)) for k in services.TEXT_FIELDS},
        )
        messages.success(request, _("已保存报告文字。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(agency_id, year)


@login_required
@require_POST
def submit(request, agency_id: int, year: int):
    agency = _agency(request, agency_id, year)
    report = selectors.report_for(agency, year)
    if report is None:
        raise Http404(_("请先生成报告。"))
    try:
        services.report_submit(actor=request.user, report=report, comment=request.POST.get("comment", ""))
        messages.success(request, _("已提交审核。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(agency_id, year)


def _report_or_404(request, agency_id, year):
    report = selectors.report_for(_agency(request, agency_id, year), year)
    if report is None or not report.tables:
        raise Http404(_("报告尚未生成。"))
    return report


@login_required
def download_docx(request, agency_id: int, year: int):
    report = _report_or_404(request, agency_id, year)
    data = document.report_docx(report, selectors.previous_tables(report))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.docx"'
    return response


@login_required
def download_xlsx(request, agency_id: int, year: int):
    report = _report_or_404(request, agency_id, year)
    response = HttpResponse(document.report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}-tables.xlsx"'
    return response


# --- Gazette (政府公报) ------------------------------------------------------------------------------


@login_required
def gazette_list(request):
    agencies = list(selectors.gazette_agencies(request.user))
    if not agencies:
        return render(request, T + "message.html", {"message": _("您无权编辑政府公报。")}, status=403)
    ids = [a.pk for a in agencies]
    issues = selectors.gazette_issues(published_only=False).filter(agency_id__in=ids)
    return render(
        request,
        T + "gazette_list.html",
        {"issues": issues, "agencies": agencies, "today": clock.today(), "year": clock.today().year},
    )


@login_required
@require_POST
def gazette_create(request):
    agency = selectors.gazette_agencies(request.user).filter(pk=_int(request.POST.get("agency"))).first()
    if agency is None:
        messages.error(request, _("请选择单位。"))
        return redirect("backoffice:annual_gazette_list")
    try:
        issue = gazette.issue_create(
            actor=request.user,
            agency=agency,
            year=request.POST.get("year"),
            number=request.POST.get("number"),
            issued_on=request.POST.get("issued_on", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:annual_gazette_list")
    return redirect("backoffice:annual_gazette_issue", pk=issue.pk)


def _gazette_issue(request, pk):
    issue = selectors.gazette_issues(published_only=False).filter(pk=pk).first() if 0 < pk < 2**31 else None
    if issue is None or not permissions.can_manage_gazette(request.user, issue.agency):
        raise Http404(_("未找到该期公报，或您无权编辑。"))
    return issue


@login_required
def gazette_issue(request, pk: int):
    issue = _gazette_issue(request, pk)
    return render(
        request,
        T + "gazette_issue.html",
        {"issue": issue, "toc": gazette.contents(issue), "headings": gazette.HEADINGS},
    )


@login_required
@require_POST
def gazette_action(request, pk: int, action: str):
    issue = _gazette_issue(request, pk)
    try:
        if action == "add":
            gazette.entry_add(
                actor=request.user,
                issue=issue,
                ref=request.POST.get("ref", ""),
                heading=request.POST.get("heading", ""),
            )
        elif action == "remove":
            entry = issue.entries.filter(pk=request.POST.get("entry") or 0).first()
            if entry is None:
                raise Http404(_("未找到该篇目。"))
            gazette.entry_remove(actor=request.user, entry=entry)
        elif action == "publish":
            gazette.issue_publish(actor=request.user, issue=issue)
            messages.success(request, _("已出版。"))
        else:
            raise Http404(_("无效的操作。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:annual_gazette_issue", pk=issue.pk)
