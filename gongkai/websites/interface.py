"""What other apps may read of the websites and new-media app (plain values only)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def assessment_figures(*, agency_id: int, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Figures of one unit for [start, end] (the assessment contract of the oversight app)."""
    from django.urls import reverse

    from .enums import FindingKind, FindingState, Status
    from .models import Account, Finding
    from .reports import account_figures

    accounts = list(
        Account.objects.filter(agency_id=agency_id).exclude(status=Status.PENDING).exclude(closed_on__lt=start)
    )
    findings = Finding.objects.filter(account__agency_id=agency_id, day__gte=start, day__lte=end)
    url = f"{reverse('backoffice:websites_finding_list')}?agency={agency_id}&from={start.isoformat()}&to={end.isoformat()}"
    if not accounts:
        none = {"value": None, "target": None, "rate": None, "records": 0, "url": None}
        return [
            {"key": "websites.share_days_met", "label": "政务新媒体政府信息占比达标天数比例", **none},
            {"key": "websites.update_gap_accounts", "label": "两周以上未更新的网站和账号数", **none},
            {"key": "websites.findings_rectified", "label": "检查发现问题整改率", **none},
        ]
    # Share: only days on which a share record applied count (no national default: where the
    # jurisdiction has not set the rule there is no target, not a made-up one).
    published = days = met = gaps = 0
    for account in accounts:
        fig = account_figures(account, start, end)
        published += fig["days_published"]
        days += fig["share_checked_days"]
        met += fig["share_checked_days"] - len(fig["low_share_days"])
        gaps += int(fig["update_gap"])
    total = findings.count()
    done = findings.exclude(state=FindingState.OPEN).count()
    return [
        {
            "key": "websites.share_days_met",
            "label": "政务新媒体政府信息占比达标天数比例",
            "value": float(met) if days else None,
            "target": float(days) if days else None,
            "rate": round(met / days, 4) if days else None,
            "records": published,
            "url": url + f"&kind={FindingKind.LOW_SHARE}",
        },
        {
            "key": "websites.update_gap_accounts",
            "label": "两周以上未更新的网站和账号数",
            "value": float(gaps),
            "target": 0.0,
            "rate": round(1 - gaps / len(accounts), 4),
            "records": len(accounts),
            "url": url + f"&kind={FindingKind.UPDATE_GAP}",
        },
        {
            "key": "websites.findings_rectified",
            "label": "检查发现问题整改率",
            "value": float(done),
            "target": float(total),
            "rate": round(done / total, 4) if total else None,
            "records": total,
            "url": url,
        },
    ]


def official_accounts(*, agency_id: int | None = None) -> list[dict[str, Any]]:
    """The register as plain values (name, platform, identifier, unit, status)."""
    from .models import Account

    qs = Account.objects.select_related("agency")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return [
        {
            "id": a.pk,
            "name": a.name,
            "platform": a.get_platform_display(),
            "identifier": a.identifier,
            "agency": a.agency.name,
            "status": a.get_status_display(),
        }
        for a in qs
    ]
