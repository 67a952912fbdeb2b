"""Issue 15 in a real browser: a department enters its permit and penalty counts, generates its annual
report, edits section 五 and submits it; the government's disclosure office approves it on the review
engine; a citizen finds it in the portal's 年度报告 column and downloads the Word file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from gongkai.annual.models import Report

from .conftest import shot, sign_in
from .test_catalog_office_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Passw0rd!gk"
SECTION_FIVE = "上年度提出的栏目更新不及时问题已整改；本年度存在政策解读形式单一的问题。"


def test_department_reports_office_approves_citizen_downloads(
    page, chromium, live_server, department, county_gov, unit_admin, office_staff
):
    # given the department's unit administrator on the annual report page of 2025
    sign_in(page, "unitadmin", PASSWORD)
    page.get_by_role("link", name="政府信息公开工作年度报告").click()
    page.get_by_label("年度").select_option("2025")
    page.get_by_role("button", name="查看").click()
    page.get_by_role("row", name=department.name).get_by_role("link", name="打开").click()

    # when they enter the permit and penalty counts decided in other systems, with their sources
    for label, value, source in (
        ("行政许可 · 本年处理决定数量", "58", "政务服务审批系统"),
        ("行政处罚 · 本年处理决定数量", "6", "行政执法平台"),
    ):
        page.locator("#figure-form").get_by_label("项目").select_option(label=label)
        page.locator("#figure-form").get_by_label("数值").fill(value)
        page.locator("#figure-form").get_by_label("数据来源").fill(source)
        page.locator("#figure-form").get_by_role("button", name="保存").click()
        page.get_by_text("已保存。").wait_for()
    shot(page, "annual-figures-entered")

    # and generate the report, edit section 五 and submit it
    page.get_by_role("button", name="生成年度报告").click()
    page.get_by_text("已生成报告").wait_for()
    page.get_by_label("五、存在的主要问题及改进情况").fill(SECTION_FIVE)
    page.get_by_role("button", name="保存文字").click()
    page.get_by_text("已保存报告文字。").wait_for()
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核。").wait_for()
    assert page.locator("#report-status").inner_text() == "审核中"
    shot(page, "annual-submitted")

    # then the disclosure office approves it in its own session
    context, office = session(chromium, live_server.url)
    try:
        sign_in(office, "gkbstaff", PASSWORD)
        office.get_by_role("link", name="审核任务").click()
        office.get_by_role("link", name="2025年政府信息公开工作年度报告").first.click()
        office.get_by_label("通过", exact=True).check()
        office.get_by_label("审核意见").fill("同意公布。")
        office.get_by_role("button", name="提交审核意见").click()
        office.get_by_text("已提交审核意见。").wait_for()
        shot(office, "annual-approved")
    finally:
        context.close()
    report = Report.objects.get(agency=department, year=2025)
    assert report.status == "published"

    # and a citizen downloads it from the 年度报告 column of the portal
    context, citizen = session(chromium, live_server.url)
    try:
        citizen.goto(live_server.url + "/")
        citizen.get_by_role("navigation", name="主导航").get_by_role("link", name="年度报告").click()
        citizen.get_by_role("link", name=report.title, exact=True).wait_for()
        shot(citizen, "annual-portal-column")
        with citizen.expect_download() as download:
            citizen.get_by_role("link", name=report.title + "（Word）").click()
        data = Path(download.value.path()).read_bytes()
    finally:
        context.close()
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert SECTION_FIVE in text
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["行政许可", "58"] in rows and ["行政处罚", "6"] in rows
