"""Sections 三 and 四 of the annual report, computed from the records (annual-report-format.md),
and the dashboard figures.

Counting (section 三, per applicant column; applications for correction are not counted):
- 一、本年新收: received (receipt date) in the year;
- 二、上年结转: received before 1 January and not concluded before it;
- 三、本年度办理结果: concluded (``concluded_on``) in the year, each application once, in the row
  of its outcome (``replies.overall_outcome``; ended without a reply: （六）1/2/3);
- 四、结转下年度继续办理: received by 31 December and not concluded by then.
So 一 + 二 = （七）总计 + 四 holds for every column by construction, and an application received
in one year and answered in the next is carried over exactly once.

Section 四: the reconsideration and litigation records filed in the year, by kind, with their
result as of 31 December (concluded later → 尚未审结).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from gongkai.core import clock
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency
from gongkai.rules import selectors as rule_selectors

from . import replies
from .enums import OPEN_STATUSES, AppealKind, AppealResult, ApplicantKind, RequestKind
from .models import AppealRecord, Application

COLUMNS = [k for k, _ in ApplicantKind.choices] + ["total"]
COLUMN_LABELS = {**dict(ApplicantKind.choices), "total": "总计"}
APPEAL_RESULTS = [AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER, AppealResult.PENDING]


@dataclass
class Row:
    key: str
    label: str
    level: int  # 0: 一/二/三/四, 1: （一）…（七）, 2: 1./2./…
    values: dict[str, int] = field(default_factory=dict)
    computed: bool = False  # a subtotal line
    # A heading of the format's table (三、本年度办理结果; （三）…（六） over their numbered sub-rows): the
    # official table has no figures on it, so the page and the Excel leave its cells blank.
    heading: bool = False

    def cells(self) -> list[int | None]:
        """The figures printed in the columns: blanks on a heading row."""
        return [None if self.heading else self.values[c] for c in COLUMNS]


@dataclass
class AnnualReport:
    year: int
    agency: Agency
    include_subordinates: bool
    format_code: str
    rows: list[Row]
    appeals: dict[str, dict[str, int]]
    checks: list[tuple[str, bool]]

    @property
    def ok(self) -> bool:
        return all(ok for _, ok in self.checks)

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def visible_agencies(user) -> QuerySet[Agency]:
    from .permissions import viewable_agency_ids

    ids = viewable_agency_ids(user)
    qs = Agency.objects.filter(is_active=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("region__code", "name")


def _scope(agency: Agency, include_subordinates: bool) -> list[int]:
    if not include_subordinates:
        return [agency.pk]
    return sorted(org_permissions._descendant_ids([agency.pk]))


def _format(year: int, agency: Agency) -> str:
    rv = rule_selectors.rule_value_or_none("annual_report.format", agency.region, dt.date(year, 1, 1))
    code = str((rv.value or {}).get("code", "")) if rv else ""
    return "2019" if "2019" in code else "2021"


def _count(apps, key_fn) -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for kind, outcome in apps:
        out[key_fn(outcome)][kind] += 1
    return out


def _values(counter: Counter) -> dict[str, int]:
    values = {c: int(counter.get(c, 0)) for c in COLUMNS if c != "total"}
    values["total"] = sum(values.values())
    return values


def _sum(rows: list[Row]) -> dict[str, int]:
    return {c: sum(r.values[c] for r in rows) for c in COLUMNS}


def _appeals(base, first: dt.date, last: dt.date) -> dict[str, dict[str, int]]:
    """Table 5: the year's appeals (review, litigation) by their result as of the year's end."""
    appeals = {k: dict.fromkeys([*APPEAL_RESULTS, "total"], 0) for k in AppealKind.values}
    records = AppealRecord.objects.filter(application__in=base, filed_on__gte=first, filed_on__lte=last).values_list(
        "kind", "result", "concluded_on"
    )
    for kind, result, concluded_on in records:
        as_of = (
            result
            if (result != AppealResult.PENDING and concluded_on and concluded_on <= last)
            else AppealResult.PENDING
        )
        appeals[kind][as_of] += 1
        appeals[kind]["total"] += 1
    return appeals


def _checks(rows: list[Row], total: Row, result_rows: list[Row], appeals: dict) -> list[tuple[str, bool]]:
    """The report's arithmetic checks (each a label and whether it holds)."""
    checks = []
    for c in COLUMNS:
        label = COLUMN_LABELS[c]
        lhs = rows[0].values[c] + rows[1].values[c]
        rhs = total.values[c] + rows[-1].values[c]
        checks.append((f"{label}：一 + 二（{lhs}）= （七）总计 + 四（{rhs}）", lhs == rhs))
    for row in rows:
        parts = sum(row.values[c] for c in COLUMNS if c != "total")
        if parts != row.values["total"]:
            checks.append((f"{row.label}：总计应等于各列之和", False))
    checks.append(
        (
            "每行：总计 = 自然人 + 法人或其他组织各列",
            all(sum(r.values[c] for c in COLUMNS if c != "total") == r.values["total"] for r in rows),
        )
    )
    parts_total = sum(r.values["total"] for r in result_rows)
    checks.append(
        (
            f"（七）总计（{total.values['total']}）=（一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+ Σ（六）（{parts_total}）",
            parts_total == total.values["total"],
        )
    )
    for kind, values in appeals.items():
        s = sum(values[r] for r in APPEAL_RESULTS)
        checks.append((f"{AppealKind(kind).label}：总计 = 各结果之和", s == values["total"]))
    return checks


def annual_report(*, year: int, agency: Agency, include_subordinates: bool = False) -> AnnualReport:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    base = Application.objects.filter(agency_id__in=_scope(agency, include_subordinates), kind=RequestKind.DISCLOSURE)
    new = Counter(base.filter(receipt_date__gte=first, receipt_date__lte=last).values_list("applicant_kind", flat=True))
    carried_in = Counter(
        base.filter(receipt_date__lt=first)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=first))
        .values_list("applicant_kind", flat=True)
    )
    carried_out = Counter(
        base.filter(receipt_date__lte=last)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=last))
        .values_list("applicant_kind", flat=True)
    )
    known = {r.key for r in replies.ROWS}
    done = base.filter(concluded_on__gte=first, concluded_on__lte=last).values_list("applicant_kind", "outcome")
    by_row = _count(done, lambda o: o if o in known else "other.other")
    fmt = _format(year, agency)

    rows: list[Row] = [
        Row("new", "一、本年新收政府信息公开申请数量", 0, _values(new)),
        Row("carried_in", "二、上年结转政府信息公开申请数量", 0, _values(carried_in)),
        Row("results", "三、本年度办理结果", 0, dict.fromkeys(COLUMNS, 0), computed=True, heading=True),
    ]
    result_rows: list[Row] = []
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in replies.ROWS:
        row = Row(r.key, r.label, 1 if r.group in ("一", "二") else 2, _values(by_row.get(r.key, Counter())))
        groups[r.group].append(row)
        result_rows.append(row)
    for group in ("一", "二"):
        rows.extend(groups[group])
    for group in ("三", "四", "五", "六"):
        members = groups[group]
        if group == "六" and fmt == "2019":
            rows.append(Row("group.六", replies.GROUP_LABELS[group], 1, _sum(members)))
            continue
        rows.append(Row(f"group.{group}", replies.GROUP_LABELS[group], 1, _sum(members), computed=True, heading=True))
        rows.extend(members)
    total = Row("total", "（七）总计", 1, _sum(result_rows), computed=True)
    rows.append(total)
    rows.append(Row("carried_out", "四、结转下年度继续办理", 0, _values(carried_out)))

    appeals = _appeals(base, first, last)
    checks = _checks(rows, total, result_rows, appeals)
    return AnnualReport(year, agency, include_subordinates, fmt, rows, appeals, checks)


def report_xlsx(report: AnnualReport) -> bytes:
    """The two tables in the report's layout (openpyxl)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from gongkai.core.documents import set_workbook_properties

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    scope = report.agency.name + ("（含下属单位）" if report.include_subordinates else "")
    set_workbook_properties(
        wb, author=report.agency.name, title=f"{report.year}年度政府信息公开工作年度报告统计表（{scope}）"
    )
    ws = wb.active
    ws.title = "三、收到和处理申请情况"
    ws.append([f"三、收到和处理政府信息公开申请情况（{report.year}年，{scope}）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=9)
    ws.append(["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "", "申请人情况"])
    ws.append(["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"])
    ws.append(["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
    ws.merge_cells(start_row=2, start_column=3, end_row=2, end_column=9)
    ws.merge_cells(start_row=3, start_column=4, end_row=3, end_column=8)
    ws.merge_cells(start_row=2, start_column=1, end_row=4, end_column=2)
    for row in report.rows:
        indent = "    " * row.level
        ws.append([indent + row.label, ""] + row.cells())
    for r in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=9):
        for cell in r:
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws["A1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 60
    for col in "CDEFGHI":
        ws.column_dimensions[col].width = 12

    ws4 = wb.create_sheet("四、行政复议、行政诉讼情况")
    ws4.append([f"四、政府信息公开行政复议、行政诉讼情况（{report.year}年，{scope}）"])
    ws4.append(["行政复议", "", "", "", "", "行政诉讼"])
    ws4.append(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"])
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    ws4.append(labels * 3)
    ws4.append([report.appeals[k][r] for k in AppealKind.values for r in [*APPEAL_RESULTS, "total"]])
    for r in ws4.iter_rows(min_row=2, max_row=ws4.max_row, max_col=15):
        for cell in r:
            cell.border = border
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def dashboard(*, user, year: int, now: dt.datetime | None = None) -> dict:
    """Received, open, due soon, overdue, on-time rate, outcome mix, by agency and by month."""
    from . import selectors

    now = now or clock.now()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    visible = selectors.application_list_visible_to(user).filter(kind=RequestKind.DISCLOSURE)
    received = visible.filter(receipt_date__gte=first, receipt_date__lte=last)
    concluded = visible.filter(concluded_on__gte=first, concluded_on__lte=last)
    open_qs = visible.filter(status__in=OPEN_STATUSES)
    overdue = selectors.application_list_overdue(user, now=now)
    due_soon = selectors.application_list_due_soon(user, now=now)
    timed = [a for a in concluded.values_list("on_time", flat=True) if a is not None]
    outcome = Counter(concluded.values_list("outcome", flat=True))
    by_agency: dict[int, dict] = {}
    for agency_id, name in visible.values_list("agency_id", "agency__name").distinct():
        by_agency[agency_id] = {"name": name, "received": 0, "concluded": 0, "open": 0, "overdue": 0}
    for agency_id in received.values_list("agency_id", flat=True):
        by_agency[agency_id]["received"] += 1
    for agency_id in concluded.values_list("agency_id", flat=True):
        by_agency[agency_id]["concluded"] += 1
    for agency_id in open_qs.values_list("agency_id", flat=True):
        by_agency[agency_id]["open"] += 1
    for a in overdue:
        by_agency[a.agency_id]["overdue"] += 1
    months = [{"month": m, "received": 0, "concluded": 0} for m in range(1, 13)]
    for d in received.values_list("receipt_date", flat=True):
        months[d.month - 1]["received"] += 1
    for d in concluded.values_list("concluded_on", flat=True):
        months[d.month - 1]["concluded"] += 1
    return {
        "received": received.count(),
        "concluded": concluded.count(),
        "open": open_qs.count(),
        "due_soon": len(due_soon),
        "overdue": len(overdue),
        "on_time_rate": round(100 * sum(timed) / len(timed), 1) if timed else None,
        "outcomes": [
            (replies.row_label(k), n)
            for k, n in sorted(outcome.items(), key=lambda kv: replies.ROW_ORDER.get(kv[0], 99))
        ],
        "by_agency": sorted(by_agency.values(), key=lambda r: r["name"]),
        "by_month": months,
    }
