"""The report: generated with every section, the .docx tables equal the page's figures (read back with
python-docx), due-date clocks for both kinds of unit, and publication only through the review."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from gongkai.annual import document, services
from gongkai.annual.enums import ReportStatus
from gongkai.annual.models import Report
from gongkai.catalog.models import InformationItem
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.workflow import selectors as wf_selectors
from gongkai.workflow import services as wf

from .conftest import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(department, dept_admin, frozen):
    published_item(department, "normative_issued", dt.date(2025, 4, 1))
    services.figure_save(
        actor=dept_admin, agency=department, year=2025, key="permit.decisions", value=42, source="审批系统"
    )
    services.figure_save(actor=dept_admin, agency=department, year=2025, key="fee.amount", value="3.5", source="财务")
    return services.report_generate(actor=dept_admin, agency=department, year=2025)


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def test_every_section_and_every_cell(report):
    data = document.report_docx(report)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in text
    assert "全年主动公开政府信息" in text and "国办函〔2020〕109号" in text
    tables = _docx_tables(data)
    expected = [[t["header"], *t["rows"]] for t in document.section_two_tables(report.tables)]
    header3, rows3 = document.section_three_rows(report.tables)
    expected.append([header3, *rows3])
    header4, row4 = document.appeal_row(report.tables)
    expected.append([header4, row4])
    assert tables[: len(expected)] == expected
    # the figures themselves
    assert ["行政许可", "42"] in tables[1]
    assert ["行政事业性收费", "3.50"] in tables[3]
    assert tables[0][2] == ["行政规范性文件", "1", "0", "1"]
    assert len(tables[4]) == 1 + len(report.tables["section_three"]["rows"])


def test_year_on_year_comparison(report, department, dept_admin):
    previous = services.build_tables(department, 2024, False)
    rows = document.comparison_rows(report.tables, previous)
    permit = next(r for r in rows if r[0].startswith("行政许可"))
    assert permit == ["行政许可 · 本年处理决定数量", "42", "0", "42"]
    doc = Document(io.BytesIO(document.report_docx(report, previous)))
    assert "附：主要数据与上年对比" in "\n".join(p.text for p in doc.paragraphs)


def test_edit_text_then_document_shows_it(report, dept_admin, outsider):
    services.report_update_text(actor=dept_admin, report=report, section_five="上年问题：更新不及时。已整改。")
    report.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(document.report_docx(report))).paragraphs)
    assert "上年问题：更新不及时。已整改。" in text
    with pytest.raises(PermissionDenied):
        services.report_update_text(actor=outsider, report=report, section_five="x")


def test_due_date_clocks(department, county_gov, dept_admin, frozen):
    services.reports_open_year(year=2025)
    dept = Report.objects.get(agency=department, year=2025)
    gov = Report.objects.get(agency=county_gov, year=2025)
    assert dept.deadline.due_date == dt.date(2026, 1, 31)
    assert gov.deadline.due_date == dt.date(2026, 3, 31)
    assert "第四十九条" in dept.deadline.title
    # reminders: the kernel's deadline sweep tells the department's administrator, due soon then overdue
    from django.utils import timezone

    from gongkai.notifications.models import Notification
    from gongkai.rules.services import deadline_sweep

    def told():
        return list(Notification.objects.filter(recipient=dept_admin).values_list("subject", flat=True))

    deadline_sweep(now=timezone.make_aware(dt.datetime(2026, 1, 10, 9)))
    assert told() == []
    deadline_sweep(now=timezone.make_aware(dt.datetime(2026, 1, 26, 9)))
    assert any("即将到期" in t or "到期" in t for t in told()) and all("逾期" not in t for t in told())
    deadline_sweep(now=timezone.make_aware(dt.datetime(2026, 2, 2, 9)))
    assert any("逾期" in t and "年度报告" in t for t in told())
    n = len(told())
    deadline_sweep(now=timezone.make_aware(dt.datetime(2026, 2, 3, 9)))
    assert len(told()) == n  # once
    assert list(Report.objects.filter(services.overdue_q(dt.date(2026, 2, 2)))) == [dept]


def test_publication_only_through_review(report, dept_admin, gov_office, department):
    assert report.deadline is not None
    report = services.report_submit(actor=dept_admin, report=report)
    assert report.status == ReportStatus.IN_REVIEW
    assert not InformationItem.objects.filter(title=report.title).exists()
    review = wf_selectors.review_active_for(report)
    with pytest.raises(PermissionDenied):
        wf.review_decide(actor=dept_admin, review=review, decision="approve")
    wf.review_decide(actor=gov_office, review=review, decision="return", comment="请补充第五部分")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    services.report_update_text(actor=dept_admin, report=report, section_five="补充：整改情况。")
    report = services.report_submit(actor=dept_admin, report=report)
    assert report.status == ReportStatus.IN_REVIEW
    wf.review_decide(actor=gov_office, review=wf_selectors.review_active_for(report), decision="approve")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    item = InformationItem.objects.get(pk=report.published_item_id)
    assert item.status == "published" and item.topics.get().slug == services.TOPIC_SLUG
    names = sorted(a.name for a in item.attachments.all())
    assert names == sorted([report.title + "（Word）", report.title + "统计表（Excel）"])
    assert report.deadline.status == "closed" or report.deadline.closed_at is not None
    from gongkai.annual import interface

    on_time = interface.assessment_figures(
        agency_id=department.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert on_time[0]["value"] == 1.0 and on_time[0]["rate"] == 1.0
    with pytest.raises(InvalidTransition):
        services.report_update_text(actor=dept_admin, report=report, section_five="改")
    with pytest.raises(InvalidTransition):
        services.figure_save(
            actor=dept_admin, agency=department, year=2025, key="permit.decisions", value=1, source="x"
        )


def test_submit_refused_when_checks_fail(report, dept_admin, department):
    services.figure_save(
        actor=dept_admin, agency=department, year=2025, key="normative.in_force", value=9, source="人工"
    )
    with pytest.raises(ValidationFailed) as exc:
        services.report_submit(actor=dept_admin, report=report)
    assert "未通过校验" in exc.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_citizen_downloads_from_the_annual_report_column(report, dept_admin, gov_office):
    from django.test import Client

    report = services.report_submit(actor=dept_admin, report=report)
    c = Client()
    assert report.title not in c.get("/annual-reports/").content.decode()
    wf.review_decide(actor=gov_office, review=wf_selectors.review_active_for(report), decision="approve")
    html = c.get("/annual-reports/?year=2025").content.decode()
    assert report.title in html and "2025年度" in html
    import re

    links = re.findall(r'href="(/catalog/items/\d+/attachments/\d+/)"', html)
    assert len(links) == 2
    bodies = [c.get(link) for link in links]
    assert all(b.status_code == 200 for b in bodies)
    data = b"".join(b.getvalue() if hasattr(b, "getvalue") else b"".join(b.streaming_content) for b in bodies[:1])
    doc = Document(io.BytesIO(data))
    assert [[c.text for c in row.cells] for row in doc.tables[1].rows][1] == ["行政许可", "42"]


def test_section_one_quotes_the_modules_that_have_data(department, dept_admin, frozen, monkeypatch):
    from gongkai.annual.services import press

    def figures(*, agency_id, start, end):
        assert (agency_id, start, end) == (department.pk, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        return [
            {"key": "press.conferences_held", "label": "召开新闻发布会场次", "value": 5.0, "records": 5},
            {"key": "press.online_interviews", "label": "开展在线访谈次数", "value": None, "records": 0},
        ]

    monkeypatch.setattr(press, "assessment_figures", figures)
    report = services.report_generate(actor=dept_admin, agency=department, year=2025)
    assert "召开新闻发布会场次：5。" in report.section_one
    assert "在线访谈" not in report.section_one  # no data: not quoted


def test_docx_cells_equal_the_page(report, dept_admin, department):
    """Every cell of the tables on the staff page equals the same cell of the Word file."""
    import lxml.html
    from django.test import Client

    c = Client()
    c.force_login(dept_admin)
    html = lxml.html.fromstring(c.get(f"/office/annual/{department.pk}/2025/").content.decode())
    page_tables = html.xpath(
        '//table[contains(@class, "section-two")] | //table[@id="table-3"] | //table[@id="table-4"]'
    )
    assert len(page_tables) == 6
    page = [
        [
            [cell.text_content().strip().replace("\u3000", "") for cell in row.xpath("./th|./td")]
            for row in t.xpath(".//tr")
        ]
        for t in page_tables
    ]
    docx = [
        [[cell.replace("\u3000", "").replace("\n", "") for cell in row] for row in table]
        for table in _docx_tables(document.report_docx(report))[:6]
    ]
    assert page == docx
    assert ["行政许可", "42"] in page[1]
