"""Issue 12 in a real browser: a draft goes out for consultation, two citizens comment, staff answer in
the adoption report, the document is submitted without an interpretation plan and returned (退文),
resubmitted, issued, and a citizen sees the document and its interpretation together.

The review decisions (adoption report, 同步审签, the catalogue's publication review) are taken with the
workflow service — their pages are covered by the workflow and catalogue journeys; everything the
drafting unit, the government office and the citizens do here is done on the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog import interface as catalog_interface
from gongkai.core import clock
from gongkai.policy.enums import PolicyState
from gongkai.policy.models import Policy
from gongkai.rules.models import RuleRecord
from gongkai.workflow.models import Review
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide
from tests.clock import FrozenClock

from .conftest import shot, sign_in
from .test_catalog_office_journey import session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Passw0rd!gk"
TITLE = "鄂托克前旗校外培训机构收费管理办法"
DRAFT = "第一条 为规范收费，制定本办法。\n第二条 本办法适用于本旗。\n第三条 收费项目应当公示。"


def _approve_all(review, *people):
    for person in people:
        office_step = person.username == "gkbstaff" and review.template_key == "catalog.publication"
        review_decide(
            actor=person, review=review, decision="approve", data={"conclusion": "public"} if office_step else None
        )


def test_consult_report_return_resubmit_issue_and_read(
    page,
    chromium,
    live_server,
    monkeypatch,
    county,
    department,
    county_gov,
    unit_admin,
    office_staff,
    leader,
    section_head,
):
    frozen = FrozenClock(timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)))
    monkeypatch.setattr(clock, "now", frozen)
    RuleRecord.objects.create(
        key="participation.consultation_min_period",
        jurisdiction=county,
        value=7,
        effective_from=dt.date(2016, 12, 28),
        citation="测试用本地规则（同铜政办发〔2016〕71号 一(二)）",
    )

    # given the drafting unit's administrator writes a draft and puts it out for comment
    sign_in(page, "unitadmin", PASSWORD)
    page.get_by_role("link", name="起草政策文件").click()
    page.get_by_label("文件名称").fill(TITLE)
    page.get_by_label("草案正文（每条一行，以“第X条”开头）").fill(DRAFT)
    page.get_by_label("起草说明").fill("针对预收费风险起草本办法。")
    page.get_by_label("审核后在网站公开显示公众意见").check()
    page.get_by_role("button", name="保存草案").click()
    page.get_by_text("已保存草案。").wait_for()
    page.get_by_label("截止日期", exact=True).fill("2026-03-05")
    page.get_by_role("button", name="发布征求意见").click()
    page.get_by_text("不得短于").wait_for()  # 7 working days: not before 11 March
    page.get_by_label("截止日期", exact=True).fill("2026-03-11")
    page.get_by_role("button", name="发布征求意见").click()
    page.get_by_text("草案已在意见征集栏目公开征求意见。").wait_for()
    policy = Policy.objects.get(title=TITLE)
    assert policy.state == PolicyState.CONSULTING

    # when two citizens comment on the portal (one on an article, one anonymously)
    for body, article, name in (("建议第三条明确退费办法。", "第三条", "王小明"), ("支持出台本办法。", "", "")):
        context, citizen = session(chromium, live_server.url)
        try:
            citizen.goto(live_server.url + "/")
            citizen.get_by_role("navigation", name="主导航").get_by_role("link", name="意见征集").click()
            citizen.get_by_role("link", name=TITLE).first.click()
            if article:
                citizen.get_by_label("针对条款（可不选）").select_option(article)
            citizen.get_by_label("意见内容").fill(body)
            citizen.get_by_label("姓名（可不填）").fill(name)
            citizen.get_by_role("button", name="提交意见").click()
            citizen.get_by_text("您的意见已提交").wait_for()
        finally:
            context.close()
    assert policy.comments.count() == 2

    # and staff moderate them, close the consultation, group them and decide with reasons
    page.reload()
    for comment in policy.comments.order_by("id"):
        row = page.locator(f"#comment-{comment.pk}")
        row.get_by_label("审核结果").select_option("shown")
        row.get_by_role("button", name="审核").click()
        page.get_by_text("已审核。").wait_for()
    frozen.set(2026, 3, 12)
    page.reload()
    page.get_by_role("button", name="结束征求意见").click()
    page.get_by_text("征求意见已结束。").wait_for()
    page.get_by_role("button", name="自动归类（按条款，合并重复和近似意见）").click()
    page.get_by_text("已归类 2 条意见。").wait_for()
    for group, decision, reason in zip(
        policy.groups.order_by("article", "id"),
        ("adopted", "partly"),  # the overall opinion, then the one on 第三条
        ("已采纳，按期出台本办法。", "第三条作原则规定，具体退费办法另行细化。"),
        strict=True,
    ):
        row = page.locator(f"#group-{group.pk}")
        row.get_by_label("采纳情况").select_option(decision)
        row.get_by_label("理由").fill(reason)
        row.get_by_role("button", name="保存").click()
        page.get_by_text("已保存采纳情况。").wait_for()
    page.get_by_label("采纳情况说明").fill("共收到意见2条，采纳1条，部分采纳1条。")
    page.get_by_role("button", name="提交采纳情况审核").click()
    page.get_by_text("采纳情况已提交审核").wait_for()
    _approve_all(review_active_for(policy.report), section_head, leader)
    shot(page, "policy-adoption-report")

    # and the document is submitted without an interpretation plan: returned (退文) with the reasons
    page.reload()
    page.locator("#edit").get_by_label("公开属性").select_option("active")
    page.locator("#edit").get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    page.get_by_role("button", name="报送政府办公室").click()
    page.get_by_text("报送材料不全，已退文").wait_for()
    assert "解读提纲" in page.locator("#submissions").inner_text()
    policy.refresh_from_db()
    assert policy.state == PolicyState.RETURNED
    shot(page, "policy-returned")

    # and resubmitted with the plan and an interpretation
    interp = page.locator("#interpretations")
    interp.get_by_label("解读形式").select_option("qa")
    interp.get_by_label("标题").fill("《收费管理办法》问答")
    interp.get_by_label("内容", exact=True).fill("问：一次最多预交多久的费用？答：不超过三个月。")
    interp.get_by_role("button", name="保存解读").click()
    page.get_by_text("已保存解读。").wait_for()
    edit = page.locator("#edit")
    edit.get_by_label("解读提纲").fill("一、背景；二、主要内容")
    edit.get_by_label("问答", exact=True).check()
    edit.get_by_label("发布渠道").fill("政府网站政策解读栏目")
    edit.get_by_label("发布时机").fill("与文件同步")
    edit.get_by_label("背景资料和数据").fill("全旗培训机构46家。")
    edit.get_by_label("解读材料").fill("问答稿一份")
    edit.get_by_role("button", name="保存").click()
    page.get_by_text("已保存。").wait_for()
    page.get_by_role("button", name="报送政府办公室").click()
    page.get_by_text("已报送政府办公室。").wait_for()

    # and the government office accepts it; document and interpretation are signed off together
    context, office = session(chromium, live_server.url)
    try:
        sign_in(office, "gkbstaff", PASSWORD)
        office.goto(f"{live_server.url}/office/policy/{policy.pk}/")
        office.get_by_role("button", name="受理并送同步审签").click()
        office.get_by_text("已受理，文件与解读送同步审签。").wait_for()
    finally:
        context.close()
    policy.refresh_from_db()
    _approve_all(review_active_for(policy), office_staff, leader)

    # and the drafting unit issues it; the catalogue's publication review publishes it
    page.reload()
    page.get_by_label("文号").fill("鄂前教发〔2026〕20号")
    page.get_by_label("关键词（空格分隔）").fill("校外培训 收费")
    page.get_by_role("button", name="印发").click()
    page.get_by_text("已印发").wait_for()
    policy.refresh_from_db()
    assert policy.state == PolicyState.RELEASING
    _approve_all(
        Review.objects.get(pk=catalog_interface.publication_review_id(policy.catalog_item_id)),
        section_head,
        office_staff,
        leader,
    )
    policy.refresh_from_db()
    assert policy.state == PolicyState.RELEASED

    # then a citizen sees the document and its interpretation together, linked both ways
    context, citizen = session(chromium, live_server.url)
    try:
        citizen.goto(live_server.url + "/consultations/")
        citizen.get_by_role("link", name=TITLE).first.click()
        citizen.locator("#document").get_by_role("link", name="在政府信息公开目录中查看全文").wait_for()
        citizen.locator("#interpretations").get_by_text("《收费管理办法》问答").wait_for()
        citizen.locator("#adoption").get_by_text("第三条作原则规定，具体退费办法另行细化。").wait_for()
        shot(citizen, "policy-released")
        citizen.locator("#document").get_by_role("link", name="在政府信息公开目录中查看全文").click()
        citizen.get_by_text(f"/policies/{policy.pk}/").first.wait_for()
    finally:
        context.close()
