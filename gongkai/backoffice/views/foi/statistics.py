"""The annual statistics (and their workbook) and the dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.core import clock
from gongkai.foi import services, statistics

from .common import T, _message

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
