"""Reads of the annual report and the gazette."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from gongkai.core import clock
from gongkai.orgs.models import Agency

from . import permissions, section_two, services
from .enums import GazetteStatus, ReportStatus
from .models import Figure, GazetteIssue, Report


def agencies_visible_to(user) -> QuerySet[Agency]:
    ids = permissions.viewable_agency_ids(user)
    qs = Agency.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("region__code", "name")


def agency_visible(user, pk) -> Agency | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**31:
        return None
    return agencies_visible_to(user).filter(pk=pk).first()


def status_rows(user, year: int, today: dt.date | None = None) -> list[dict]:
    """Every visible unit for ``year``: its report's status, due date and whether it is overdue."""
    today = today or clock.today()
    reports = {r.agency_id: r for r in Report.objects.filter(year=year).select_related("deadline")}
    rows = []
    for agency in agencies_visible_to(user):
        report = reports.get(agency.pk)
        try:
            due, citation = services.due_date(agency, year)
        except Exception:
            due, citation = None, ""
        status = report.status if report else None
        done = status == ReportStatus.PUBLISHED
        rows.append(
            {
                "agency": agency,
                "report": report,
                "status_label": report.get_status_display() if report else "未开始",
                "due": due,
                "citation": citation,
                "overdue": bool(due and not done and today > due),
            }
        )
    return rows


def report_for(agency: Agency, year: int) -> Report | None:
    return Report.objects.filter(agency=agency, year=year).select_related("deadline", "agency").first()


def figures(agency: Agency, year: int) -> list[dict]:
    fmt = services.report_format(year, agency)
    labels = section_two.key_labels(fmt)
    rows = {f.key: f for f in Figure.objects.filter(agency=agency, year=year).select_related("entered_by")}
    return [{"key": k, "label": v, "figure": rows.get(k)} for k, v in labels.items()]


def previous_tables(report: Report) -> dict | None:
    """Last year's tables: the published report's, or computed from the records."""
    last = Report.objects.filter(agency=report.agency, year=report.year - 1, status=ReportStatus.PUBLISHED).first()
    if last and last.tables:
        return last.tables
    if report.year - 1 < 2008:
        return None
    return services.build_tables(report.agency, report.year - 1, report.jurisdiction)


def published_reports(year: int | None = None) -> QuerySet[Report]:
    qs = Report.objects.filter(status=ReportStatus.PUBLISHED).select_related("agency")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "agency__region__code", "agency__name")


def published_years() -> list[int]:
    return sorted(
        set(Report.objects.filter(status=ReportStatus.PUBLISHED).values_list("year", flat=True)), reverse=True
    )


def gazette_issues(*, published_only: bool = True) -> QuerySet[GazetteIssue]:
    qs = GazetteIssue.objects.select_related("agency")
    if published_only:
        qs = qs.filter(status=GazetteStatus.PUBLISHED)
    return qs


def gazette_agencies(user) -> QuerySet[Agency]:
    """Units whose gazette the user may edit."""
    ids = permissions.gazette_agency_ids(user)
    qs = Agency.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("name")
