"""Writes of the annual report and the gazette. Every function checks permission, runs in one
transaction and writes the audit log; statuses move only through ``TRANSITIONS``."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from gongkai.audit.services import audit_log
from gongkai.catalog import interface as catalog
from gongkai.core import clock
from gongkai.core import spreadsheets as sheets
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.foi import interface as foi
from gongkai.interaction import interface as interaction
from gongkai.opinion import interface as opinion
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import AgencyKind
from gongkai.orgs.models import Agency
from gongkai.press import interface as press
from gongkai.rules import selectors as rule_selectors

from . import permissions, section_two
from .enums import FigureVia, ReportAction, ReportStatus
from .events import AnnualEvent
from .models import Figure, Report
from .transitions import EDITABLE, TRANSITIONS

GOVERNMENT_KINDS = {AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP}
IMPORT_CAP = 2 * 1024 * 1024
TOPIC_SLUG = "annual-report"
TOPIC_NAME = "政府信息公开工作年度报告"
REVIEW_TEMPLATE = "annual.report"


class ImportFailed(ValidationFailed):
    """Nothing was imported: ``errors`` lists (row, message)."""

    def __init__(self, message: str, errors: list):
        super().__init__(message, detail={"errors": [{"row": e.row, "message": e.message} for e in errors]})
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    row: int | None
    message: str


# --- Rules: format and due date -------------------------------------------------------------------


def report_format(year: int, agency: Agency) -> str:
    rv = rule_selectors.rule_value_or_none("annual_report.format", agency.region, dt.date(year, 1, 1))
    code = str((rv.value or {}).get("code", "")) if rv else ""
    return "2019" if "2019" in code else "2021"


def is_government(agency: Agency) -> bool:
    return agency.kind in GOVERNMENT_KINDS


def due_rule_key(agency: Agency) -> str:
    return "annual_report.due_government" if is_government(agency) else "annual_report.due_department"


def due_date(agency: Agency, year: int) -> tuple[dt.date, str]:
    """The last day to publish the report on ``year`` and the rule's citation (条例 art. 49)."""
    rv = rule_selectors.rule_value(due_rule_key(agency), agency.region, dt.date(year + 1, 1, 1))
    return dt.date(year + 1, int(rv.value["month"]), int(rv.value["day"])), rv.citation


# --- Figures (section 二) ---------------------------------------------------------------------------


def valid_year(year) -> bool:
    """A year a report may be about (the 条例 of 2008 onward, not in the future)."""
    return isinstance(year, int) and not isinstance(year, bool) and 2008 <= year <= clock.today().year


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed("年度无效。") from None
    if year < 2008 or year > clock.today().year:
        raise ValidationFailed("年度无效：只能填报已开始的年度。")
    return year


def _require_edit(actor, agency: Agency) -> None:
    if not permissions.can_edit(actor, agency):
        raise PermissionDenied("您不能填报或编写该单位的年度报告。")


def _locked_report(agency: Agency, year: int) -> Report | None:
    return Report.objects.select_for_update().filter(agency=agency, year=year).first()


def _check_not_submitted(agency: Agency, year: int) -> None:
    report = Report.objects.filter(agency=agency, year=year).first()
    if report is not None and report.status not in EDITABLE:
        raise InvalidTransition(f"{year}年度报告已{report.get_status_display()}，不能再修改数据。")


def figure_save(*, actor, agency: Agency, year, key: str, value, source: str) -> Figure:
    """Enter (or change) one figure of section 二 with its source."""
    _require_edit(actor, agency)
    year = _check_year(year)
    fmt = report_format(year, agency)
    labels = section_two.key_labels(fmt)
    if key not in labels:
        raise ValidationFailed("该项目不属于本年度报告格式的第二部分。", detail={"fields": {"key": "无效"}})
    try:
        number = section_two.parse_value(key, value)
    except ValueError as exc:
        raise ValidationFailed(f"{labels[key]}：{exc}。", detail={"fields": {"value": str(exc)}}) from None
    source = (source or "").strip()
    if not source:
        raise ValidationFailed("请填写数据来源（如：XX审批系统导出统计）。", detail={"fields": {"source": "必填"}})
    if len(source) > 200:
        raise ValidationFailed("数据来源不能超过 200 个字。")
    with transaction.atomic():
        _locked_report(agency, year)
        _check_not_submitted(agency, year)
        figure, created = Figure.objects.select_for_update().get_or_create(
            agency=agency,
            year=year,
            key=key,
            defaults={"value": number, "source": source, "entered_by": actor, "via": FigureVia.FORM},
        )
        old = None if created else {"value": str(figure.value), "source": figure.source}
        if not created:
            figure.value, figure.source, figure.entered_by, figure.via = number, source, actor, FigureVia.FORM
            figure.save()
        audit_log(
            actor=actor,
            event=AnnualEvent.FIGURE_SAVED,
            target=figure,
            data={"old": old, "new": {"year": year, "key": key, "value": str(number), "source": source}},
        )
    return figure


def figures_template_xlsx(agency: Agency, year: int) -> bytes:
    from openpyxl import Workbook

    from gongkai.core.documents import set_workbook_properties

    fmt = report_format(year, agency)
    wb = Workbook()
    set_workbook_properties(wb, author=agency.name, title=f"{year}年度报告第二部分数据填报表")
    ws = wb.active
    ws.title = "第二部分数据"
    ws.append(["项目代码", "项目", "数值", "数据来源"])
    current = figures_for(agency.pk, year)
    for key, label in section_two.key_labels(fmt).items():
        value, source = current.get(key, (None, ""))
        ws.append([key, label, float(value) if value is not None else None, source])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["D"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def figures_import(*, actor, agency: Agency, year, data: bytes, filename: str = "") -> int:
    """Bulk entry from the Excel template (columns 项目代码, 项目, 数值, 数据来源): every row is checked
    first; any error imports nothing (``ImportFailed`` with the rows' messages)."""
    _require_edit(actor, agency)
    year = _check_year(year)
    fmt = report_format(year, agency)
    labels = section_two.key_labels(fmt)
    by_label = {v: k for k, v in labels.items()}

    def fail(message: str) -> ImportFailed:
        return ImportFailed(message, [RowError(None, message)])

    wb = sheets.open_workbook(data, filename, cap=IMPORT_CAP, fail=fail)
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows or [str(c or "").strip() for c in rows[0][:4]] != ["项目代码", "项目", "数值", "数据来源"]:
        raise fail("表头应为：项目代码、项目、数值、数据来源（请使用本页下载的模板）。")
    errors: list[RowError] = []
    parsed: dict[str, tuple[Decimal, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if sheets.is_blank_row(row):
            continue
        cells = list(row[:4]) + [None] * (4 - len(row[:4]))
        code, label, raw, source = (str(cells[0] or "").strip(), str(cells[1] or "").strip(), cells[2], cells[3])
        key = code if code in labels else by_label.get(label)
        if key is None:
            errors.append(RowError(number, f"第 {number} 行：项目“{code or label}”不属于{year}年度报告格式。"))
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # not filled in: left as it is
        try:
            value = section_two.parse_value(key, raw)
        except ValueError as exc:
            errors.append(RowError(number, f"第 {number} 行（{labels[key]}）：{exc}。"))
            continue
        source = str(source or "").strip()
        if not source:
            errors.append(RowError(number, f"第 {number} 行（{labels[key]}）：请填写数据来源。"))
            continue
        if len(source) > 200:
            errors.append(RowError(number, f"第 {number} 行：数据来源不能超过 200 个字。"))
            continue
        if key in parsed:
            errors.append(RowError(number, f"第 {number} 行：项目“{labels[key]}”重复。"))
            continue
        parsed[key] = (value, source)
    if not errors and not parsed:
        errors.append(RowError(None, "文件中没有填写任何数值。"))
    if errors:
        raise ImportFailed(sheets.failed_import_message(errors), errors)
    with transaction.atomic():
        _locked_report(agency, year)
        _check_not_submitted(agency, year)
        for key, (value, source) in parsed.items():
            Figure.objects.update_or_create(
                agency=agency,
                year=year,
                key=key,
                defaults={"value": value, "source": source, "entered_by": actor, "via": FigureVia.IMPORT},
            )
        audit_log(
            actor=actor,
            event=AnnualEvent.FIGURES_IMPORTED,
            target=agency,
            agency_id=agency.pk,
            data={"new": {"year": year, "figures": {k: [str(v), s] for k, (v, s) in parsed.items()}}},
        )
    return len(parsed)


def figures_for(agency_id: int, year: int) -> dict[str, tuple[Decimal, str]]:
    return {f.key: (f.value, f.source) for f in Figure.objects.filter(agency_id=agency_id, year=year)}


# --- Tables ---------------------------------------------------------------------------------------


def scope_ids(agency: Agency, jurisdiction: bool) -> list[int]:
    if not jurisdiction:
        return [agency.pk]
    return sorted(org_permissions._descendant_ids([agency.pk]))


def unit_section_two(agency: Agency, year: int, fmt: str | None = None) -> dict:
    fmt = fmt or report_format(year, agency)
    counts = catalog.statutory_counts(agency_ids=[agency.pk], year=year)
    return section_two.compute(format_code=fmt, entered=figures_for(agency.pk, year), catalog=counts)


def build_tables(agency: Agency, year: int, jurisdiction: bool) -> dict:
    """Everything the report prints, as plain JSON values (kept on the report when generated)."""
    fmt = report_format(year, agency)
    ids = scope_ids(agency, jurisdiction)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    units = list(Agency.objects.filter(pk__in=ids).order_by("name"))
    if jurisdiction:
        parts = {u.pk: unit_section_two(u, year, fmt) for u in units}
        two = section_two.aggregate(fmt, list(parts.values()))
        two_checks = section_two.checks(two, parts=list(parts.values()))
        submitted = set(
            Report.objects.filter(
                agency_id__in=ids, year=year, status__in=[ReportStatus.IN_REVIEW, ReportStatus.PUBLISHED]
            ).values_list("agency_id", flat=True)
        )
        missing = [u.name for u in units if u.pk != agency.pk and u.pk not in submitted]
        units_figures = [{"agency": u.name, "values": section_two.values(parts[u.pk])} for u in units]
    else:
        two = unit_section_two(agency, year, fmt)
        previous = unit_section_two(agency, year - 1, report_format(year - 1, agency)) if year > 2008 else None
        two_checks = section_two.checks(two, previous=previous)
        missing, units_figures = [], []
    three = foi.annual_tables(year=year, agency_id=agency.pk, include_subordinates=jurisdiction)
    fees = foi.fees_collected(agency_ids=ids, start=first, end=last)
    facts = {
        "published": catalog.published_count(agency_ids=ids, start=first, end=last),
        "applications": sum(r["cells"][-1] or 0 for r in three["rows"] if r["key"] == "new"),
        "appeals": sum(v["total"] for v in three["appeals"].values()),
        "fees_yuan": f"{Decimal(fees['amount']):.2f}",
        "fees_count": fees["count"],
        "statutory_items": catalog.statutory_counts(agency_ids=ids, year=year)["items"],
        "modules": module_figures(agency.pk, first, last),
    }
    return {
        "year": year,
        "format": fmt,
        "section_two": two,
        "section_three": three,
        "facts": facts,
        "checks": [[t, ok] for t, ok in two_checks] + [[t, ok] for t, ok in three["checks"]],
        "missing": missing,
        "units": units_figures,
    }


# Modules whose figures section 一 quotes where they have data (their ``assessment_figures``).
OTHER_MODULES = (press, opinion, interaction)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def module_figures(agency_id: int, start: dt.date, end: dt.date) -> list[dict]:
    """Figures of the other modules for section 一 (press conferences, opinion responses, letters…), only
    those with records behind them: ``[{"key", "label", "value", "rate"}]``."""
    out = []
    for module in OTHER_MODULES:
        for f in module.assessment_figures(agency_id=agency_id, start=start, end=end):
            if f.get("value") is None or not f.get("records"):
                continue
            out.append({"key": f["key"], "label": f["label"], "value": f["value"], "rate": f.get("rate")})
    return out


def _section_one_template(agency: Agency, year: int, tables: dict) -> str:
    f = tables["facts"]
    return (
        f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"扎实推进政府信息公开工作。\n"
        f"（一）主动公开。全年主动公开政府信息{f['published']}条，"
        f"其中标注为条例第二十条、第二十一条事项的信息{f['statutory_items']}条。\n"
        f"（二）依申请公开。全年新收政府信息公开申请{f['applications']}件，"
        f"收取信息处理费{f['fees_count']}笔、共{f['fees_yuan']}元；"
        f"因政府信息公开被申请行政复议、提起行政诉讼{f['appeals']}件。\n"
        "（三）政府信息管理。（请补充）\n"
        "（四）平台建设。（请补充）\n"
        "（五）监督保障。（请补充工作考核、社会评议和责任追究结果）"
        + "".join(f"\n{m['label']}：{_number(m['value'])}。" for m in f.get("modules", []))
    )


def _section_five_template(agency: Agency, year: int) -> str:
    last = Report.objects.filter(agency=agency, year=year - 1, status=ReportStatus.PUBLISHED).first()
    head = f"{year - 1}年度报告提出的问题及改进情况：\n"
    if last and last.section_five.strip():
        return head + last.section_five.strip() + "\n（请说明上述问题的整改情况）\n本年度存在的主要问题：\n"
    return head + "（上年度无已公布的报告）\n本年度存在的主要问题：\n"


def _section_six_template(tables: dict) -> str:
    f = tables["facts"]
    return (
        f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度共收取信息处理费"
        f"{f['fees_count']}笔，合计{f['fees_yuan']}元。\n其他需要报告的事项：无。"
    )


def _start_clock(report: Report) -> None:
    from gongkai.rules.services import deadline_start

    if report.deadline_id:
        return
    due, citation = due_date(report.agency, report.year)
    start = dt.date(report.year, 12, 31)
    report.deadline = deadline_start(
        actor=None,
        target=report,
        agency=report.agency,
        unit="days",
        amount=(due - start).days,
        start=start,
        title=f"{report.year}年度政府信息公开工作年度报告公布期限（{citation}）",
    )
    report.save(update_fields=["deadline", "updated_at"])


def reports_open_year(*, actor=None, year: int) -> int:
    """A draft report with its due-date clock for every active unit that has none for ``year``."""
    year = _check_year(year)
    made = 0
    for agency in Agency.objects.filter(is_active=True):
        with transaction.atomic():
            report, created = Report.objects.get_or_create(
                agency=agency,
                year=year,
                defaults={"format_code": report_format(year, agency), "jurisdiction": is_government(agency)},
            )
            _start_clock(report)
            made += int(created)
    return made


def report_generate(*, actor, agency: Agency, year) -> Report:
    """Compute the tables and fill the text templates (a new report, or a draft's tables refreshed;
    text already edited is kept)."""
    _require_edit(actor, agency)
    year = _check_year(year)
    jurisdiction = is_government(agency)
    tables = build_tables(agency, year, jurisdiction)
    with transaction.atomic():
        report = _locked_report(agency, year)
        created = report is None
        if created:
            report = Report(agency=agency, year=year, jurisdiction=jurisdiction, created_by=actor)
        elif report.status not in EDITABLE:
            raise InvalidTransition(f"报告已{report.get_status_display()}，不能重新计算。")
        report.format_code = tables["format"]
        report.tables = tables
        report.generated_at = clock.now()
        if report.created_by_id is None:
            report.created_by = actor
        if not report.section_one.strip():
            report.section_one = _section_one_template(agency, year, tables)
        if not report.section_five.strip():
            report.section_five = _section_five_template(agency, year)
        if not report.section_six.strip():
            report.section_six = _section_six_template(tables)
        report.save()
        _start_clock(report)
        audit_log(
            actor=actor,
            event=AnnualEvent.REPORT_CREATED if created else AnnualEvent.REPORT_REFRESHED,
            target=report,
            data={
                "new": {"year": year, "format": tables["format"], "checks_ok": all(ok for _, ok in tables["checks"])}
            },
        )
    return report


TEXT_FIELDS = {
    "section_one": "一、总体情况",
    "section_five": "五、存在的主要问题及改进情况",
    "section_six": "六、其他需要报告的事项",
}


def report_update_text(*, actor, report: Report, **texts: str) -> Report:
    _require_edit(actor, report.agency)
    changes = {k: (v or "").strip() for k, v in texts.items() if k in TEXT_FIELDS}
    for k, v in changes.items():
        if len(v) > 20000:
            raise ValidationFailed(f"“{TEXT_FIELDS[k]}”不能超过 20000 字。")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE:
            raise InvalidTransition(f"报告已{locked.get_status_display()}，不能修改。")
        old = {k: getattr(locked, k) for k in changes if getattr(locked, k) != changes[k]}
        for k, v in changes.items():
            setattr(locked, k, v)
        locked.save()
        audit_log(
            actor=actor,
            event=AnnualEvent.REPORT_UPDATED,
            target=locked,
            data={"old": old, "new": {k: changes[k] for k in old}},
        )
    return locked


def _transition(*, actor, report: Report, action: str, data: dict | None = None) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    new = TRANSITIONS.get((locked.status, action))
    if new is None:
        raise InvalidTransition(
            f"报告当前状态为“{locked.get_status_display()}”，不能{ReportAction(action).label}。",
            detail={"status": locked.status, "action": action},
        )
    old = locked.status
    locked.status = new
    locked.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        event=AnnualEvent(f"annual.report.{action}"),
        target=locked,
        data={"old": {"status": old}, "new": {"status": new}, **(data or {})},
    )
    report.status = new
    return locked


def report_submit(*, actor, report: Report, comment: str = "") -> Report:
    """Submit into the review (template ``annual.report``): the tables are recomputed first and must pass
    every arithmetic check."""
    from gongkai.workflow import selectors as wf_selectors
    from gongkai.workflow import services as wf

    _require_edit(actor, report.agency)
    if report.status not in EDITABLE:
        raise InvalidTransition(f"报告当前状态为“{report.get_status_display()}”，不能提交。")
    report = report_generate(actor=actor, agency=report.agency, year=report.year)
    failed = [t for t, ok in report.tables["checks"] if not ok]
    if failed:
        raise ValidationFailed("表格数据未通过校验，不能提交：" + "；".join(failed))
    with transaction.atomic():
        if report.status == ReportStatus.RETURNED:
            review = wf_selectors.review_active_for(report)
            wf.review_resubmit(actor=actor, review=review, comment=comment)
        else:
            wf.review_start(
                actor=actor, target=report, template_key=REVIEW_TEMPLATE, agency=report.agency, comment=comment
            )
            locked = _transition(actor=actor, report=report, action=ReportAction.SUBMIT)
            locked.submitted_at = clock.now()
            locked.save(update_fields=["submitted_at", "updated_at"])
    report.refresh_from_db()
    return report


def publish_approved(*, actor, report: Report, review_procedure: str) -> Report:
    """Only the review's approval hook calls this: the document and its Excel tables go into the
    catalogue's 年度报告 column."""
    from gongkai.rules.services import deadline_close

    from . import document
    from .selectors import previous_tables

    docx = document.report_docx(report, previous_tables(report))
    xlsx = document.report_xlsx(report)
    item = catalog.publish_reviewed_document(
        actor=actor,
        agency_id=report.agency_id,
        title=report.title,
        produced_on=clock.today(),
        body_text="\n".join([report.section_one, report.section_five, report.section_six]),
        keywords="年度报告 政府信息公开",
        topic_slug=TOPIC_SLUG,
        topic_name=TOPIC_NAME,
        review_procedure=review_procedure,
        files=[
            (f"{report.year}-annual-report.docx", f"{report.title}（Word）", docx),
            (f"{report.year}-annual-report-tables.xlsx", f"{report.title}统计表（Excel）", xlsx),
        ],
    )
    locked = _transition(actor=actor, report=report, action=ReportAction.APPROVE, data={"item": item.index_number})
    locked.published_at = clock.now()
    locked.published_item_id = item.pk
    locked.published_url = item.url
    locked.save(update_fields=["published_at", "published_item_id", "published_url", "updated_at"])
    if locked.deadline_id:
        deadline_close(actor=None, deadline=locked.deadline)
    return locked


def report_returned(*, actor, report: Report, comment: str) -> Report:
    return _transition(actor=actor, report=report, action=ReportAction.RETURN, data={"comment": comment})


def report_resubmitted(*, actor, report: Report) -> Report:
    return _transition(actor=actor, report=report, action=ReportAction.RESUBMIT)


def report_cancelled(*, actor, report: Report) -> Report:
    return _transition(actor=actor, report=report, action=ReportAction.CANCEL)


# --- Reminders ------------------------------------------------------------------------------------
# The report's due date is a rules clock (``_start_clock``): the kernel's ``deadline_sweep`` reminds the
# unit's administrators when it is due soon (rule ``deadline.due_soon_hours_percent``) and when it is
# overdue, once each, with a link to the report page (``Report.get_absolute_url``).


def overdue_q(today: dt.date) -> Q:
    return Q(status__in=list(EDITABLE) + [ReportStatus.IN_REVIEW], deadline__due_date__lt=today)
