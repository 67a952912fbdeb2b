"""The oversight journey of issue 16 in a real browser: the county disclosure office builds a
social-evaluation survey and publishes it; a citizen answers it on the portal (solving the light
challenge) and cannot answer twice; the office sees the answer, opens an accountability case from
an overdue FOI application, takes it through the review (office, then leader) to its notice, and
computes and publishes the yearly scorecard, which the portal then shows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from gongkai.core import clock
from gongkai.foi import services as foi_services
from gongkai.foi.enums import Channel
from gongkai.orgs.enums import Role
from gongkai.oversight.models import AccountabilityCase
from tests.clock import FrozenClock
from tests.factories import UserFactory, grant
from tests.foi.conftest import make_input

from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Passw0rd!gk"
TITLE = "2026年政府信息公开工作社会评议"


def session(chromium, base_url: str):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.base_url = base_url
    return context, pg


@pytest.fixture
def world(monkeypatch, county_gov, department, settings):
    from tests.rule_defaults import ensure_rule_defaults

    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    ensure_rule_defaults("oversight")
    ensure_rule_defaults("foi")
    fake = FrozenClock(timezone.make_aware(dt.datetime(2026, 3, 2, 9)))
    monkeypatch.setattr(clock, "now", fake)
    office = UserFactory(username="ov-office", full_name="公开办甲")
    grant(office, Role.DISCLOSURE_OFFICE_STAFF, county_gov)
    leader = UserFactory(username="ov-leader", full_name="分管领导")
    grant(leader, Role.LEADER, county_gov)
    handler = UserFactory(username="ov-handler")
    grant(handler, Role.SUB_USER, department)
    app, _ = foi_services.application_register(
        actor=handler, agency=department, channel=Channel.IN_PERSON, data=make_input(), submitted_on=dt.date(2026, 3, 2)
    )
    fake.set(2026, 5, 6)  # the 20 working days have long run out
    return office, leader, app


def solve(question: str) -> str:
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    return str(a + b)


def test_office_runs_survey_opens_case_publishes_scorecard(chromium, live_server, page, world, department):
    office, leader, app = world
    sign_in(page, "ov-office", PASSWORD)

    # 1. The office builds and publishes a survey.
    page.get_by_role("link", name="社会评议").first.click()
    page.get_by_label("组织单位").select_option(label=department.name)
    page.get_by_label("问卷标题").fill(TITLE)
    page.get_by_label("题目（每行一题）").fill(
        "单选｜及时性｜您获取政府信息是否及时？｜及时；不及时\n评分｜准确性｜公开信息的准确程度\n文字｜其他｜意见建议"
    )
    page.get_by_role("button", name="保存为草稿").click()
    page.get_by_text("问卷已保存为草稿。").wait_for()
    page.get_by_role("button", name="发布问卷").click()
    page.get_by_text("问卷状态已更新。").wait_for()
    shot(page, "oversight-survey-published")

    # 2. A citizen answers it on the portal, once.
    context, citizen = session(chromium, live_server.url)
    try:
        citizen.goto(live_server.url + "/")
        citizen.get_by_role("link", name="社会评议").first.click()
        citizen.get_by_role("link", name=TITLE).click()
        citizen.get_by_label("及时", exact=True).check()
        citizen.get_by_label("评分（1–5）").select_option("4")
        citizen.get_by_role("textbox", name="意见建议").fill("希望公开目录更新更及时。")
        question = citizen.locator("label[for=challenge_answer]").inner_text()
        citizen.get_by_label(re.compile("验证")).fill(solve(question))
        shot(citizen, "oversight-citizen-answers")
        citizen.get_by_role("button", name="提交评议").click()
        citizen.get_by_text("感谢您参与评议！").wait_for()
        citizen.get_by_role("link", name="查看评议结果").click()
        assert citizen.locator("#response-count").inner_text() == "1"
        citizen.goto(page.base_url + citizen.url.split(live_server.url)[1].replace("results/", ""))
        citizen.get_by_label("及时", exact=True).check()
        citizen.get_by_label("评分（1–5）").select_option("2")
        citizen.get_by_label(re.compile("验证")).fill(
            solve(citizen.locator("label[for=challenge_answer]").inner_text())
        )
        citizen.get_by_role("button", name="提交评议").click()
        citizen.get_by_text("您已经提交过本问卷").wait_for()
    finally:
        context.close()
    page.reload()
    assert page.locator("#response-count").inner_text() == "1"

    # 3. An accountability case from the overdue application, through the review.
    page.get_by_role("link", name="责任追究").first.click()
    row = page.locator("#overdue-foi tr", has_text=app.tracking_number)
    row.get_by_role("button", name="立案追究").click()
    page.get_by_text(re.compile("已立案：")).wait_for()
    case = AccountabilityCase.objects.get(source_ref=f"foi:{app.pk}")
    assert app.tracking_number in page.locator("main").inner_text()
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已提交审核。").wait_for()
    page.get_by_role("link", name="查看审核记录").click()
    page.get_by_label("通过", exact=True).check()
    page.get_by_label("处理意见", exact=True).select_option(label="通报批评")
    page.get_by_label("审核意见").fill("情况属实。")
    page.get_by_role("button", name="提交审核意见").click()
    page.get_by_text("已提交审核意见。").wait_for()

    context, lead = session(chromium, live_server.url)
    try:
        sign_in(lead, "ov-leader", PASSWORD)
        lead.get_by_role("link", name="审核任务").click()
        lead.get_by_role("link", name=str(case)).click()
        lead.get_by_label("通过", exact=True).check()
        lead.get_by_label("审核意见").fill("同意通报批评。")
        lead.get_by_role("button", name="提交审核意见").click()
        lead.get_by_text("已提交审核意见。").wait_for()
    finally:
        context.close()
    page.goto(live_server.url + f"/office/oversight/cases/{case.pk}/")
    assert page.locator("#case-status").inner_text() == "已作出处理决定"
    assert "通报批评" in page.locator("#case-outcome").inner_text()
    with page.expect_download() as download:
        page.locator("#notice-link").click()
    assert download.value.suggested_filename.endswith(".docx")
    shot(page, "oversight-case-decided")

    # 4. The yearly scorecard: computed, published, shown on the portal.
    page.get_by_role("link", name="考核").first.click()
    page.get_by_label("年度").fill("2026")
    page.get_by_role("button", name="测算").click()
    page.get_by_text("考核结果已测算。").wait_for()
    ranking = page.locator("#ranking").inner_text()
    assert department.name in ranking
    assert "暂无数据" in page.locator("main").inner_text()  # modules without records say so
    page.get_by_role("button", name="发布结果并生成通报").click()
    page.get_by_text("考核结果已发布，通报已生成。").wait_for()
    assert page.locator("#round-status").inner_text() == "已发布"
    shot(page, "oversight-scorecard-published")
    page.goto(live_server.url + "/surveys/assessment/")
    assert department.name in page.locator("main").inner_text()
