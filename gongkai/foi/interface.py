"""What other domain apps may ask about disclosure on application — plain values only.

- The platform's scheme for personal data at rest (SM4 encryption, keyed blind indexes, masks),
  the identifier alphabet and the contact and attachment checks, used by ``interaction``.
- Applications for ``oversight``: accountability cases opened from an overdue application, and
  the assessment figures of the contract in ``/work/notes/assessment_contract.md``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from gongkai.core import clock, links
from gongkai.rules.enums import DeadlineStatus

from .crypto import (
    blind_index,
    decrypt_bytes,
    decrypt_text,
    encrypt_bytes,
    encrypt_text,
    mask_address,
    mask_email,
    mask_id_number,
    mask_middle,
    mask_phone,
)
from .enums import CONCLUDED_STATUSES, OPEN_STATUSES, AppealResult
from .models import AppealRecord, Application
from .services.inputs import PUBLIC_ID_LENGTH, QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH
from .validators import check_attachment, check_email, check_phone

__all__ = [
    "PUBLIC_ID_LENGTH",
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_LENGTH",
    "application_summary",
    "assessment_figures",
    "blind_index",
    "check_attachment",
    "check_email",
    "check_phone",
    "decrypt_bytes",
    "decrypt_text",
    "encrypt_bytes",
    "encrypt_text",
    "mask_address",
    "mask_email",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "overdue_applications",
]


def mask_name(value: str) -> str:
    """``张三`` → ``张*``; ``欧阳小明`` → ``欧**明``."""
    value = (value or "").strip()
    return mask_middle(value, 1, 0) if len(value) <= 2 else mask_middle(value, 1, 1)


def _summary(app: Application, now: dt.datetime) -> dict:
    due = app.deadline.due_at if app.deadline_id and app.deadline else None
    return {
        "id": app.pk,
        "tracking_number": app.tracking_number,
        "agency_id": app.agency_id,
        "agency": app.agency.name,
        "receipt_date": app.receipt_date,
        "due_at": due,
        "status": app.get_status_display(),
        "overdue": bool(
            due and app.status in OPEN_STATUSES and app.deadline.status == DeadlineStatus.OPEN and due < now
        ),
        "late": app.on_time is False,
        "url": links.url_for(app),
    }


def application_summary(application_id: int) -> dict | None:
    """One application (no personal data): number, unit, clock, whether it is overdue or was late."""
    app = Application.objects.select_related("agency", "deadline").filter(pk=application_id).first()
    return _summary(app, clock.now()) if app else None


def overdue_applications(*, agency_ids: set[int] | None = None, now: dt.datetime | None = None) -> list[dict]:
    """Open applications whose answer clock has run out, or concluded ones answered late."""
    now = now or clock.now()
    qs = Application.objects.select_related("agency", "deadline").filter(
        Q(status__in=OPEN_STATUSES, deadline__status=DeadlineStatus.OPEN, deadline__due_at__lt=now) | Q(on_time=False)
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return [_summary(a, now) for a in qs.order_by("deadline__due_at", "id")[:500]]


def assessment_figures(*, agency_id: int, start: dt.date, end: dt.date) -> list[dict]:
    """The contract's figures: share of applications answered on time (concluded in the period, plus
    open ones whose clock ran out in it, counted late), and the share of reconsiderations and
    lawsuits concluded in the period that upheld the agency."""
    concluded = Application.objects.filter(
        agency_id=agency_id, status__in=CONCLUDED_STATUSES, concluded_on__gte=start, concluded_on__lte=end
    ).exclude(on_time__isnull=True)
    # Still open with the answer clock run out within the period (and by now): late as well.
    now = clock.now()
    overdue = Application.objects.filter(
        agency_id=agency_id,
        status__in=OPEN_STATUSES,
        deadline__status=DeadlineStatus.OPEN,
        deadline__due_date__gte=start,
        deadline__due_date__lte=end,
        deadline__due_at__lt=now,
    ).count()
    total = concluded.count() + overdue
    on_time = concluded.filter(on_time=True).count()
    query = f"?agency={agency_id}&from={start.isoformat()}&to={end.isoformat()}"
    list_url = links.url("foi.list") + query if "foi.list" in links.registered() else None
    appeals = AppealRecord.objects.filter(
        application__agency_id=agency_id, concluded_on__gte=start, concluded_on__lte=end
    ).exclude(result=AppealResult.PENDING)
    appeals_total = appeals.count()
    upheld = appeals.filter(result=AppealResult.UPHELD).count()
    return [
        {
            "key": "foi.answered_on_time",
            "label": "依申请公开按时答复率",
            "value": float(on_time) if total else None,
            "target": float(total) if total else None,
            "rate": (on_time / total) if total else None,
            "records": total,
            "url": list_url,
        },
        {
            "key": "foi.appeals_upheld",
            "label": "复议诉讼维持率",
            "value": float(upheld) if appeals_total else None,
            "target": float(appeals_total) if appeals_total else None,
            "rate": (upheld / appeals_total) if appeals_total else None,
            "records": appeals_total,
            "url": list_url,
        },
    ]


# --- Annual report (SPEC R9.4): sections 三 and 四, fees ------------------------------------------


def annual_tables(*, year: int, agency_id: int, include_subordinates: bool = False) -> dict:
    """Sections 三 and 四 of the annual report as plain values (``statistics.annual_report``):
    ``{"format", "columns": [(key, label)], "rows": [{"key", "label", "level", "heading", "cells"}],
    "appeals": {kind: {result: n}}, "appeal_kinds": [(key, label)], "appeal_results": [(key, label)],
    "checks": [(text, ok)]}``."""
    from gongkai.orgs.models import Agency

    from . import statistics
    from .enums import AppealKind

    agency = Agency.objects.get(pk=agency_id)
    report = statistics.annual_report(year=year, agency=agency, include_subordinates=include_subordinates)
    return {
        "format": report.format_code,
        "columns": [(c, str(statistics.COLUMN_LABELS[c])) for c in statistics.COLUMNS],
        "rows": [
            {"key": r.key, "label": r.label, "level": r.level, "heading": r.heading, "cells": r.cells()}
            for r in report.rows
        ],
        "appeals": {k: {r: int(n) for r, n in v.items()} for k, v in report.appeals.items()},
        "appeal_kinds": [(k, str(v)) for k, v in AppealKind.choices],
        "appeal_results": [(str(r), str(AppealResult(r).label)) for r in statistics.APPEAL_RESULTS]
        + [("total", "总计")],
        "checks": [(text, bool(ok)) for text, ok in report.checks],
    }


def fees_collected(*, agency_ids: list[int], start: dt.date, end: dt.date) -> dict:
    """信息处理费 paid between the dates (国办函〔2020〕109号): ``{"amount": Decimal, "count": n}``."""
    from decimal import Decimal

    from django.db.models import Sum

    from .enums import FeeState
    from .models import FeeNotice

    qs = FeeNotice.objects.filter(
        application__agency_id__in=agency_ids, state=FeeState.PAID, paid_at__date__gte=start, paid_at__date__lte=end
    )
    total = qs.aggregate(total=Sum("amount"))["total"]
    return {"amount": total or Decimal("0"), "count": qs.count()}
