"""What other apps may ask the policy lifecycle (plain values only).

``assessment_figures`` feeds the yearly/quarterly scorecard (oversight, issue 16): how many drafts a
unit put out for public comment in the period, how many of the consultations that ended in the
period had their adoption report (采纳情况) published (seed 002 四(二)), and how many documents were
released with their interpretation.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .enums import PolicyState, ReportState
from .models import Policy

_URL = "/office/policy/"


def assessment_figures(*, agency_id: int, start: dt.date, end: dt.date) -> list[dict]:
    mine = Policy.objects.filter(agency_id=agency_id)
    consulted = mine.filter(consultation_starts_on__gte=start, consultation_starts_on__lte=end)
    ended = mine.filter(consultation_ends_on__gte=start, consultation_ends_on__lte=end).exclude(
        state=PolicyState.CONSULTING
    )
    reported = ended.filter(report__state=ReportState.PUBLISHED)
    released = mine.filter(state=PolicyState.RELEASED, released_at__date__gte=start, released_at__date__lte=end)
    interpreted = released.filter(Q(interpretations__isnull=False) | Q(plan_none_needed=True)).distinct()
    has_any = mine.exists()
    n_consulted, n_ended, n_reported = consulted.count(), ended.count(), reported.count()
    n_released, n_interpreted = released.count(), interpreted.count()
    return [
        {
            "key": "policy.consultations_held",
            "label": "政策文件草案公开征求意见件数",
            "value": float(n_consulted) if has_any else None,
            "target": None,
            "rate": None,
            "records": n_consulted,
            "url": _URL,
        },
        {
            "key": "policy.adoption_reports_published",
            "label": "征求意见后公布采纳情况的比例",
            "value": float(n_reported) if n_ended else None,
            "target": None,
            "rate": (n_reported / n_ended) if n_ended else None,
            "records": n_ended,
            "url": _URL,
        },
        {
            "key": "policy.released_with_interpretation",
            "label": "政策文件与解读同步发布件数",
            "value": float(n_interpreted) if has_any else None,
            "target": None,
            "rate": (n_interpreted / n_released) if n_released else None,
            "records": n_released,
            "url": _URL,
        },
    ]
