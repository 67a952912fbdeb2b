"""Statistics: the page, accountability records and the Excel export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.documents import set_workbook_properties
from gongkai.core.errors import DomainError, PermissionDenied
from gongkai.opinion.response import (
    oversight,
    reports,
    selectors,
    statistics,
)
from gongkai.opinion.response.forms import (
    AccountabilityForm,
)

from .common import XLSX, T, _message

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
