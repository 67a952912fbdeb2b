"""Frequency compliance (R6.2) from the dated rule records, per unit and quarter or year.

Duties (the rule keys of ``rules.py``, looked up for the unit's region on the period's last day):

- departments: at least ``press.min_conferences_per_quarter`` own conferences each quarter; the
  head attends the government news office's conference ``press.head_attendance_per_year`` times a
  year, the spokesperson ``press.spokesperson_attendance_per_quarter`` times a quarter; online
  interviews ``press.online_interviews_department_per_year`` a year;
- governments and townships: their heads ``press.online_interviews_government_per_year`` online
  interviews a year.

For a year, a quarterly duty counts the quarters that met it (all four must); for a quarter, a
yearly duty shows the count so far (met, or in progress until the year ends).

The department frequencies have no national default (seed 000 第2条 is a local profile, issue 9):
where no record applies to the unit's region the duty is ``NO_RULE``, has no target and says that
the jurisdiction has not set the rule (the page links to the rule records) — never a made-up number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.core import clock
from gongkai.core.documents import set_workbook_properties
from gongkai.core.periods import period_bounds, quarter_bounds, quarter_of  # noqa: F401 (used as compliance.*)
from gongkai.orgs.enums import AgencyKind
from gongkai.rules.registry import get_rule_spec
from gongkai.rules.selectors import rule_value_or_none

from . import rules, selectors
from .enums import DutyState

GOVERNMENT_KINDS = (AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP)


def period_label(year: int, quarter: int | None) -> str:
    return f"{year}年第{quarter}季度" if quarter else f"{year}年"


@dataclass
class Duty:
    key: str
    label: str
    required: int | None
    actual: int
    state: str
    citation: str = ""
    detail: str = ""

    @property
    def state_label(self) -> str:
        return str(DutyState(self.state).label)

    @property
    def rule_unset(self) -> bool:
        return self.state == DutyState.NO_RULE


@dataclass
class UnitCompliance:
    agency_id: int
    agency_name: str
    duties: list[Duty] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        return any(d.state == DutyState.BEHIND for d in self.duties)


def _rule(key: str, agency, on: dt.date):
    return rule_value_or_none(key, agency.region_id, on)


def rule_unset_message(key: str) -> str:
    """What a duty without an applicable record says (the page and the Excel export)."""
    return _("本地未设定“%(rule)s”规则") % {"rule": get_rule_spec(key).label}


def _no_rule(key: str, label: str, actual: int) -> Duty:
    return Duty(key, label, None, actual, DutyState.NO_RULE, detail=rule_unset_message(key))


def _quarterly(agency, key: str, label: str, year: int, quarter: int | None, today: dt.date, count) -> Duty:
    quarters = [quarter] if quarter else [1, 2, 3, 4]
    met = total = 0
    citation = ""
    actual_sum = 0
    required_any = None
    unset: list[int] = []  # quarters (so far) without an applicable record
    for q in quarters:
        start, end = quarter_bounds(year, q)
        if start > today:
            continue
        rv = _rule(key, agency, end)
        actual = count(agency.pk, start, end)
        actual_sum += actual
        if rv is None:
            unset.append(q)
            continue
        required_any = int(rv.value)
        citation = rv.citation
        total += 1
        met += actual >= int(rv.value)
    if required_any is None:
        return _no_rule(key, label, actual_sum)
    if quarter:
        start, end = quarter_bounds(year, quarter)
        state = DutyState.MET if met else DutyState.IN_PROGRESS if today <= end else DutyState.BEHIND
        return Duty(key, label, required_any, actual_sum, state, citation)
    year_end = period_bounds(year, None)[1]
    finished = sum(1 for q in quarters if quarter_bounds(year, q)[1] < today)
    missed = total - met
    # A quarter still running and not yet met is "in progress", not behind.
    running_unmet = 1 if (total > finished and missed > 0) else 0
    if missed - running_unmet > 0:
        state = DutyState.BEHIND
    elif met == 4 or (today > year_end and met == total):
        # All four met, or (a local record that took effect during the year) every quarter it applied to.
        state = DutyState.MET
    else:
        state = DutyState.IN_PROGRESS if today <= year_end else DutyState.BEHIND
    detail = f"{met}/4 个季度达标"
    if unset:
        detail += "；" + _("第%(quarters)s季度本地未设定规则") % {"quarters": "、".join(str(q) for q in unset)}
    return Duty(key, label, required_any, actual_sum, state, citation, detail=detail)


def _yearly(agency, key: str, label: str, year: int, quarter: int | None, today: dt.date, count) -> Duty:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    upto = min(end, quarter_bounds(year, quarter)[1]) if quarter else end
    rv = _rule(key, agency, upto)
    actual = count(agency.pk, start, upto)
    if rv is None:
        return _no_rule(key, label, actual)
    required = int(rv.value)
    state = DutyState.MET if actual >= required else DutyState.IN_PROGRESS if today <= end else DutyState.BEHIND
    return Duty(key, label, required, actual, state, rv.citation)


def _own_conferences(agency_id, start, end) -> int:
    return selectors.held_conferences(agency_id, start, end, at_news_office=False).count()


def _head_attendance(agency_id, start, end) -> int:
    return selectors.held_conferences(agency_id, start, end, at_news_office=True, head_attended=True).count()


def _spokesperson_attendance(agency_id, start, end) -> int:
    return selectors.held_conferences(agency_id, start, end, at_news_office=True, spokesperson_attended=True).count()


def _interviews(agency_id, start, end) -> int:
    return selectors.held_interviews(agency_id, start, end).count()


def _head_interviews(agency_id, start, end) -> int:
    return selectors.held_interviews(agency_id, start, end).filter(guest_is_head=True).count()


def unit_compliance(agency, year: int, quarter: int | None = None, *, today: dt.date | None = None) -> UnitCompliance:
    today = today or clock.today()
    row = UnitCompliance(agency.pk, agency.name)
    if agency.kind in GOVERNMENT_KINDS:
        row.duties.append(
            _yearly(agency, rules.INTERVIEWS_GOVERNMENT, "主要负责同志在线访谈", year, quarter, today, _head_interviews)
        )
        return row
    row.duties += [
        _quarterly(agency, rules.MIN_CONFERENCES, "举办新闻发布会", year, quarter, today, _own_conferences),
        _yearly(agency, rules.HEAD_ATTENDANCE, "主要负责同志出席新闻办发布会", year, quarter, today, _head_attendance),
        _quarterly(
            agency,
            rules.SPOKESPERSON_ATTENDANCE,
            "新闻发言人出席新闻办发布会",
            year,
            quarter,
            today,
            _spokesperson_attendance,
        ),
        _yearly(agency, rules.INTERVIEWS_DEPARTMENT, "在线访谈", year, quarter, today, _interviews),
    ]
    return row


def compliance_table(
    agencies, year: int, quarter: int | None = None, *, today: dt.date | None = None
) -> list[UnitCompliance]:
    return [unit_compliance(a, year, quarter, today=today) for a in agencies]


HEADERS = ["单位", "事项", "应达到", "实际", "情况", "说明", "依据"]


def workbook(table: list[UnitCompliance], *, title: str, author: str = "政府新闻办") -> bytes:
    """The compliance table as an Excel workbook (for the news office)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    set_workbook_properties(wb, author=author, title=title)
    ws = wb.active
    ws.title = "新闻发布频次"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for unit in table:
        for d in unit.duties:
            ws.append(
                [
                    unit.agency_name,
                    d.label,
                    "" if d.required is None else d.required,
                    d.actual,
                    d.state_label,
                    d.detail,
                    d.citation,
                ]
            )
    for col, width in zip("ABCDEFG", (28, 26, 8, 8, 10, 16, 60), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def spokesperson_workbook(directory: list[dict], *, author: str = "政府新闻办") -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    set_workbook_properties(wb, author=author, title="新闻发言人、联络员名录")
    ws = wb.active
    ws.title = "新闻发言人名录"
    ws.append(["单位", "新闻发言人", "职务", "办公电话", "手机", "任职起始", "新闻联络员", "职务", "办公电话", "手机"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in directory:
        s, li = row["spokesperson"], row["liaison"]
        ws.append(
            [
                row["agency"].name,
                s.name if s else "（未备案）",
                s.title if s else "",
                s.office_phone if s else "",
                s.mobile if s else "",
                s.since.isoformat() if s else "",
                li.name if li else "（未备案）",
                li.title if li else "",
                li.office_phone if li else "",
                li.mobile if li else "",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
