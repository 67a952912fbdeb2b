"""The response journey of issue 5 in a real browser: a red warning appears on an open dashboard
without a reload; the county monitor grades it a 重大突发事件 (the 5 h / 24 h clocks follow the grade,
not the colour); the township claims the event, drafts a release; the unit, the news office and the
leader approve it in their own sessions; it is published in the public responses column and the event
shows that it was answered within 5 hours (national rule, 国办发〔2016〕80号)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch

from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response_models import OpinionResponse

from ..opinion.test_response_support import build_world, make_event, set_level
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Passw0rd!gk"
TITLE = "甲镇关于学校食堂问题的情况通报"


def session(chromium, base_url: str):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.base_url = base_url
    return context, pg


def raise_to_red(world, event) -> None:
    """Through the monitoring side's audited level service when its pages exist, else as it would."""
    try:
        event.get_absolute_url()  # the monitoring side's warning notice links there
        from gongkai.opinion.services import event_set_level

        event_set_level(
            actor=world.monitor, event=event, level=WarningLevel.RED, reason="现场有学生送医，负面声量快速上升"
        )
    except (ImportError, NoReverseMatch):
        from gongkai.opinion import signals

        set_level(event, WarningLevel.RED, reason="现场有学生送医，负面声量快速上升")
        signals.warning_raised.send_robust(
            sender=type(event), event_id=event.pk, level="red", reason="", raised_at=None
        )


def approve(chromium, base_url: str, username: str, conclusion: str | None = None) -> None:
    context, pg = session(chromium, base_url)
    try:
        sign_in(pg, username, PASSWORD)
        pg.get_by_role("link", name="审核任务").click()
        pg.get_by_role("link", name=TITLE).first.click()
        pg.get_by_label("通过", exact=True).check()
        if conclusion:
            pg.get_by_label("保密审查结论").select_option(label=conclusion)
        pg.get_by_label("审核意见").fill("同意发布。")
        shot(pg, f"opinion-response-{username}-decides")
        pg.get_by_role("button", name="提交审核意见").click()
        pg.get_by_text("已提交审核意见。").wait_for()
    finally:
        context.close()


def test_red_warning_claimed_released_reviewed_published_within_5_hours(page, chromium, live_server):
    world = build_world(code="150623", name="鄂托克前旗", prefix="eqq")
    event = make_event(
        title="甲镇学校食堂多名学生身体不适",
        level=WarningLevel.YELLOW,
        regions=[world.town_a_region],
        agencies=[world.town_a],  # the unit the pipeline recognised
    )

    # The county monitor has the dashboard open.
    sign_in(page, "eqq-monitor", PASSWORD)
    page.goto(page.base_url + "/office/opinion/response/")
    page.get_by_role("heading", name="舆情态势", level=1).wait_for()
    assert page.locator("#latest-warnings").get_by_text(event.title).count() == 0

    # A red warning is raised; it appears on the open dashboard within seconds, without a reload.
    raise_to_red(world, event)
    page.locator("#latest-warnings").get_by_text(event.title).wait_for(timeout=12_000)
    page.locator("#live-alert").get_by_text("红色预警").wait_for()
    page.locator("#levels-body tr", has_text="红色预警").get_by_text("1", exact=True).wait_for()  # tables refreshed too
    shot(page, "opinion-response-dashboard-red-warning")

    # The colour alone is not an emergency grade: the monitor grades it 重大突发事件 on the event page,
    # which puts the 5 h / 24 h clocks on it (国办发〔2016〕61号、80号).
    page.goto(page.base_url + f"/office/opinion/response/events/{event.pk}/")
    page.get_by_text("确定突发事件等级").click()
    page.get_by_role("combobox", name="突发事件等级").select_option(label="重大突发事件")
    page.get_by_label("定级理由").fill("多名学生送医，涉及学校食品安全，研判为重大突发事件。")
    page.get_by_role("button", name="确定等级").click()
    page.get_by_text("已确定突发事件等级，回应时限已按等级调整。").wait_for()
    page.locator("#clocks").get_by_text("首次权威发布").first.wait_for()
    shot(page, "opinion-response-graded-major")

    # The township's staff claims the event and drafts a release.
    context, pg = session(chromium, live_server.url)
    try:
        sign_in(pg, "eqq-ta-staff", PASSWORD)
        pg.goto(pg.base_url + f"/office/opinion/response/events/{event.pk}/")
        pg.get_by_role("button", name="认领（甲镇人民政府）").click()
        pg.get_by_text("已认领。请按时限发布回应。").wait_for()
        pg.get_by_role("link", name="起草回应").click()
        pg.get_by_label("回应形式").select_option(label="权威信息发布")
        pg.get_by_label("标题").fill(TITLE)
        pg.get_by_label("正文").fill(
            "3月2日，甲镇中心学校部分学生出现身体不适，已全部送医观察，目前情况稳定。调查正在进行。"
        )
        pg.get_by_label("公开的事件名称").fill("甲镇中心学校学生身体不适")
        shot(pg, "opinion-response-draft")
        pg.get_by_role("button", name="保存草稿").click()
        pg.get_by_text("回应草稿已保存。").wait_for()
        pg.get_by_role("button", name="提交审核").click()
        pg.get_by_text("已提交审核。").wait_for()
        assert pg.locator("#response-status").inner_text() == "审核中"
    finally:
        context.close()

    # Not public before approval.
    page.goto(page.base_url + "/responses/")
    assert page.get_by_text(TITLE).count() == 0

    # The township's administrator, the news office (confidentiality review) and the leader approve.
    approve(chromium, live_server.url, "eqq-ta-admin")
    approve(
        chromium, live_server.url, "eqq-news", conclusion="经保密审查，不涉及国家秘密、工作秘密和个人隐私，可以公开发布"
    )
    approve(chromium, live_server.url, "eqq-leader")
    assert OpinionResponse.objects.get().status == "published"

    # Published in the public responses column, with its unit and time, linked to the event's public name.
    page.goto(page.base_url + "/responses/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    page.get_by_text("甲镇人民政府").first.wait_for()
    page.get_by_role("link", name="甲镇中心学校学生身体不适").first.click()
    page.get_by_text("调查正在进行").wait_for()
    assert page.get_by_text("现场有学生送医，负面声量快速上升").count() == 0  # no monitoring data in public
    shot(page, "opinion-response-public")

    # The event shows the answer within 5 hours.
    page.goto(page.base_url + f"/office/opinion/response/events/{event.pk}/")
    page.locator("#clocks").get_by_text("已在5小时内回应").wait_for()
    shot(page, "opinion-response-event-responded")
