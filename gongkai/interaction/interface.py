"""What other apps may use of the leader mailbox and hotline (plain values only).

``assessment_figures`` follows the contract of the oversight scorecard (issue 16): figures of one
unit for a period, counted over the letters the unit handled (assigned to it) that were received in
the period.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from gongkai.core.periods import day_span

from .enums import Rating, Status
from .models import Letter


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def assessment_figures(*, agency_id: int, start: dt.date, end: dt.date) -> list[dict]:
    lo, hi = day_span(start, end)
    letters = Letter.objects.filter(handling_agency_id=agency_id, received_at__gte=lo, received_at__lt=hi).exclude(
        status__in=[Status.MERGED, Status.OUT_OF_SCOPE]
    )
    rows = list(letters.values("claimed_on_time", "replied_on_time", "rating", "status"))
    total = len(rows)
    claimed = [r for r in rows if r["claimed_on_time"] is not None]
    replied = [r for r in rows if r["replied_on_time"] is not None]
    rated = [r for r in rows if r["rating"]]
    pleased = [r for r in rated if r["rating"] in (Rating.SATISFIED, Rating.BASIC)]
    url = f"/office/interaction/?agency={agency_id}&from={start.isoformat()}&to={end.isoformat()}"

    def figure(key, label, value, rate, records):
        return {
            "key": f"interaction.{key}",
            "label": label,
            "value": value,
            "target": None,
            "rate": rate,
            "records": records,
            "url": url if records else None,
        }

    return [
        figure("letters_handled", "承办领导信箱和热线来信（件）", float(total) if total else None, None, total),
        figure(
            "claimed_on_time",
            "来信按时认领率",
            _share(sum(1 for r in claimed if r["claimed_on_time"]), len(claimed)),
            _share(sum(1 for r in claimed if r["claimed_on_time"]), len(claimed)),
            len(claimed),
        ),
        figure(
            "replied_on_time",
            "来信按时答复率",
            _share(sum(1 for r in replied if r["replied_on_time"]), len(replied)),
            _share(sum(1 for r in replied if r["replied_on_time"]), len(replied)),
            len(replied),
        ),
        figure(
            "satisfaction",
            "来信人满意率（满意和基本满意）",
            _share(len(pleased), len(rated)),
            _share(len(pleased), len(rated)),
            len(rated),
        ),
    ]


def letters_of_agency_count(*, agency_id: int) -> int:
    return Letter.objects.filter(Q(office_id=agency_id) | Q(handling_agency_id=agency_id)).count()
