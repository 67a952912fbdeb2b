"""What other apps may use of news release (plain values only).

``assessment_figures`` is read by the oversight app's scorecard (docs: notes/assessment_contract).
"""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse

from gongkai.core.periods import quarters_within
from gongkai.orgs.models import Agency

from . import compliance, selectors


def _url(name: str, agency_id: int, start: dt.date, end: dt.date) -> str | None:
    try:
        return f"{reverse(name)}?agency={agency_id}&from={start.isoformat()}&to={end.isoformat()}"
    except NoReverseMatch:
        return None


def assessment_figures(*, agency_id: int, start: dt.date, end: dt.date) -> list[dict]:
    """Figures of one unit for [start, end]: conferences held (target: the quarterly minimum times the
    whole quarters in the period) and online interviews (target: the yearly duty, for whole years)."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return []
    from gongkai.rules.selectors import rule_value_or_none

    from . import rules

    held = selectors.held_conferences(agency_id, start, end).count()
    interviews = selectors.held_interviews(agency_id, start, end).count()
    figures = []
    if agency.kind not in compliance.GOVERNMENT_KINDS:
        quarters = quarters_within(start, end)
        target = None
        if quarters:
            total = 0
            for year, q in quarters:
                rv = rule_value_or_none(rules.MIN_CONFERENCES, agency.region_id, compliance.quarter_bounds(year, q)[1])
                if rv is None:
                    total = None
                    break
                total += int(rv.value)
            target = float(total) if total else None
        figures.append(
            {
                "key": "press.conferences_held",
                "label": "召开新闻发布会场次",
                # No duty and no record: this module has nothing on the unit (None, not zero).
                "value": float(held) if (held or target) else None,
                "target": target,
                "rate": min(held / target, 1.0) if target else None,
                "records": held,
                "url": _url("backoffice:press_conference_list", agency_id, start, end),
            }
        )
    key = rules.INTERVIEWS_GOVERNMENT if agency.kind in compliance.GOVERNMENT_KINDS else rules.INTERVIEWS_DEPARTMENT
    years = [y for y in range(start.year, end.year + 1) if dt.date(y, 1, 1) >= start and dt.date(y, 12, 31) <= end]
    target = None
    if years:
        values = [rule_value_or_none(key, agency.region_id, dt.date(y, 12, 31)) for y in years]
        target = float(sum(int(v.value) for v in values)) if all(values) else None
    figures.append(
        {
            "key": "press.online_interviews",
            "label": "开展在线访谈次数",
            "value": float(interviews) if (interviews or target) else None,
            "target": target,
            "rate": min(interviews / target, 1.0) if target else None,
            "records": interviews,
            "url": _url("backoffice:press_interview_list", agency_id, start, end),
        }
    )
    return figures
