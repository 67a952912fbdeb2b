"""Reminders before a quarter ends (R6.2): units behind on their quarterly press duties are told.

The lead time is the rule ``press.reminder_days_before_quarter_end`` (days before the quarter's
last day, for the unit's region). The unit's administrators, spokesperson and liaison receive one
notice per quarter (dedupe key), the news office above them a list.
"""

from __future__ import annotations

import datetime as dt

from gongkai.audit.services import audit_log
from gongkai.core import clock, links
from gongkai.core.errors import ValidationFailed
from gongkai.notifications.services import notify
from gongkai.orgs.enums import Role
from gongkai.orgs.models import RoleAssignment
from gongkai.rules.selectors import rule_value_or_none
from gongkai.workflow.registry import government_of

from . import compliance, rules, selectors
from .enums import DutyState
from .events import PressEvent

UNIT_ROLES = (Role.UNIT_ADMIN, Role.SPOKESPERSON, Role.LIAISON)


def _users(agency_id: int, roles) -> list:
    return [
        ra.user
        for ra in RoleAssignment.objects.select_related("user").filter(
            agency_id=agency_id, role__in=roles, user__is_active=True
        )
    ]


def send_quarter_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or clock.today()
    year, quarter = today.year, compliance.quarter_of(today)
    _, end = compliance.quarter_bounds(year, quarter)
    counts = {"units": 0, "notices": 0}
    behind_by_government: dict[int, list[str]] = {}
    for agency in selectors.reporting_units(None):
        if agency.kind in compliance.GOVERNMENT_KINDS:
            continue
        rv = rule_value_or_none(rules.REMINDER_DAYS, agency.region_id, today)
        if rv is None or (end - today).days > int(rv.value):
            continue
        row = compliance.unit_compliance(agency, year, quarter, today=today)
        behind = [d for d in row.duties if d.key in (rules.MIN_CONFERENCES, rules.SPOKESPERSON_ATTENDANCE)]
        behind = [d for d in behind if d.state in (DutyState.IN_PROGRESS, DutyState.BEHIND) and d.required]
        if not behind:
            continue
        items = "；".join(f"{d.label}：应 {d.required} 次，已 {d.actual} 次" for d in behind)
        try:
            government = government_of(agency)
        except ValidationFailed:
            government = None
        if government is not None:
            behind_by_government.setdefault(government.pk, []).append(f"{agency.name}（{items}）")
        link = link_to_compliance()
        sent = notify(
            recipients=_users(agency.pk, UNIT_ROLES),
            subject=f"{compliance.period_label(year, quarter)}新闻发布频次提醒：{agency.name}",
            body=f"本季度将于 {end.isoformat()} 结束，尚未达到频次要求。{items}。",
            link=link,
            event=PressEvent.REMINDERS_SENT,
            dedupe_key=f"press.quarter:{agency.pk}:{year}Q{quarter}",
        )
        if sent:
            counts["units"] += 1
            counts["notices"] += len(sent)
            audit_log(
                actor=None,
                event=PressEvent.REMINDERS_SENT,
                target=agency,
                data={"period": f"{year}Q{quarter}", "items": items},
            )
    for government_id, units in behind_by_government.items():
        sent = notify(
            recipients=_users(government_id, (Role.NEWS_OFFICE,)),
            subject=f"{compliance.period_label(year, quarter)}尚未达到新闻发布频次的单位（{len(units)} 个）",
            body="；".join(units),
            link=link_to_compliance(),
            event=PressEvent.REMINDERS_SENT,
            dedupe_key=f"press.quarter.office:{government_id}:{year}Q{quarter}",
        )
        counts["notices"] += len(sent)
    return counts


def link_to_compliance() -> str:
    try:
        return links.url("press.compliance")
    except LookupError:
        return ""
