"""Public pages of the annual reports (年度报告栏目, an archive of all years with the Excel tables) and of
the government gazette (政府公报: issues with their table of contents and a Word download)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.annual import gazette, selectors
from gongkai.catalog import interface as catalog

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_safe
def annual_reports(request):
    years = selectors.published_years()
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    groups = []
    for y in [year] if year else years:
        rows = [
            {"report": r, "attachments": catalog.item_attachments(r.published_item_id) if r.published_item_id else []}
            for r in selectors.published_reports(y)
        ]
        if rows:
            groups.append({"year": y, "rows": rows})
    return render(request, "portal/annual/reports.html", {"years": years, "year": year, "groups": groups})


@require_safe
def gazette_list(request):
    issues = list(selectors.gazette_issues())
    years = sorted({i.year for i in issues}, reverse=True)
    groups = [{"year": y, "issues": [i for i in issues if i.year == y]} for y in years]
    return render(request, "portal/annual/gazette_list.html", {"groups": groups})


def _issue(issue_id: int):
    issue = selectors.gazette_issues().filter(pk=issue_id).first() if 0 < issue_id < 2**31 else None
    if issue is None:
        raise Http404(_("没有该期公报。"))
    return issue


@require_safe
def gazette_issue(request, issue_id: int):
    issue = _issue(issue_id)
    return render(
        request,
        "portal/annual/gazette_issue.html",
        {"issue": issue, "title": gazette.issue_title(issue).replace("\n", " "), "toc": gazette.contents(issue)},
    )


@require_safe
def gazette_docx(request, issue_id: int):
    issue = _issue(issue_id)
    response = HttpResponse(gazette.issue_docx(issue), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="gazette-{issue.year}-{issue.number}.docx"'
    return response
