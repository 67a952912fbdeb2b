"""What other apps may ask the annual-report app (plain values only)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .enums import ReportStatus
from .models import Report


def assessment_figures(*, agency_id: int, start: dt.date, end: dt.date) -> list[dict]:
    """The unit's annual reports due in [start, end]: how many were published by their due date
    (条例 art. 49-50; the due dates are the rule records on the reports' clocks)."""
    due = list(
        Report.objects.filter(agency_id=agency_id, deadline__due_date__gte=start, deadline__due_date__lte=end)
        .select_related("deadline")
        .order_by("year")
    )
    if not due:
        return [
            {
                "key": "annual.reports_on_time",
                "label": "按时公布政府信息公开工作年度报告",
                "value": None,
                "target": None,
                "rate": None,
                "records": 0,
                "url": None,
            }
        ]
    on_time = sum(
        1
        for r in due
        if r.status == ReportStatus.PUBLISHED
        and r.published_at
        and timezone.localdate(r.published_at) <= r.deadline.due_date
    )
    return [
        {
            "key": "annual.reports_on_time",
            "label": "按时公布政府信息公开工作年度报告",
            "value": float(on_time),
            "target": float(len(due)),
            "rate": on_time / len(due),
            "records": len(due),
            "url": f"/office/annual/?year={due[-1].year}",
        }
    ]
