"""A citizen applies online; staff ask for 补正; the citizen supplements online; the head of the
disclosure office extends; the reply (partial disclosure) passes the confidentiality review and is
sent; the citizen reads the letter."""

import pytest

from gongkai.foi.enums import Status
from gongkai.foi.models import Application
from gongkai.orgs.enums import Role
from tests.rule_defaults import ensure_rule_defaults

from ..factories import UserFactory, grant
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Passw0rd!gk"


def staff_page(chromium, base_url, username):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.base_url = base_url
    sign_in(pg, username, PASSWORD)
    return pg


def act(pg, action):
    pg.locator(f"form[aria-labelledby='act-{action}'] button[type=submit]").click()


def test_citizen_applies_staff_handle_citizen_reads_the_letter(page, chromium, live_server, department, settings):
    # given the receiving agency's staff
    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    ensure_rule_defaults("foi")
    for username, role, name in [
        ("foi-handler", Role.SUB_USER, "经办人甲"),
        ("foi-head", Role.DISCLOSURE_OFFICE_HEAD, "负责人乙"),
        ("foi-reviewer", Role.CONFIDENTIALITY_REVIEWER, "保密员丙"),
        ("foi-signer", Role.UNIT_ADMIN, "管理员丁"),
    ]:
        grant(UserFactory(username=username, full_name=name), role, department)
    citizen = page

    # when a citizen applies online
    citizen.goto(citizen.base_url + "/apply/")
    citizen.get_by_label("向哪个机关申请").select_option(label=department.name)
    citizen.get_by_label("姓名或名称").fill("张三")
    citizen.get_by_label("证件号码").fill("150102199003070016")  # wrong check digit first
    citizen.get_by_label("联系电话").fill("13912345678")
    citizen.get_by_label("电子邮箱").fill("zhangsan@example.cn")
    citizen.get_by_label("第 1 项 信息名称").fill("学校布局调整方案")
    citizen.get_by_label("第 1 项 所需信息的内容描述").fill("义务教育阶段学校布局调整方案")
    citizen.get_by_label("获取信息的方式").select_option("email")
    citizen.get_by_label("获取信息的途径").select_option("email")
    citizen.get_by_role("button", name="提交申请").click()
    # then the bad identity number is refused in Chinese, the rest is kept
    assert "居民身份证号码校验位不正确" in citizen.locator("ul#id_id_number_error").inner_text()
    assert citizen.get_by_label("姓名或名称").input_value() == "张三"
    citizen.get_by_label("证件号码").fill("150102199003070015")
    citizen.get_by_role("button", name="提交申请").click()
    number = citizen.locator("#tracking-number").inner_text()
    public_id = citizen.locator("#public-id").inner_text()
    code = citizen.locator("#query-code").inner_text()
    shot(citizen, "foi-1-applied")
    app = Application.objects.get(tracking_number=number, public_id=public_id)
    assert app.status == Status.RECEIVED

    # when the handler asks for 补正
    handler = staff_page(chromium, citizen.base_url, "foi-handler")
    handler.get_by_role("link", name="申请办理").click()
    handler.get_by_role("link", name=number).click()
    assert "1501**********0015" in handler.locator("#id-number").inner_text()
    handler.get_by_label("需要补正的事项").fill("请写明所需方案的年份")
    act(handler, "request_supplement")
    assert "待申请人补正" in handler.locator("h1").inner_text()

    # and the citizen supplements online
    citizen.goto(citizen.base_url + "/apply/status/")
    citizen.get_by_label("查询编号").fill(public_id)
    citizen.get_by_label("查询码").fill("WRONGCODE9")
    citizen.get_by_role("button", name="查询").click()
    assert "查询编号或查询码不正确" in citizen.locator("#query-error").inner_text()
    citizen.get_by_label("查询编号").fill(public_id)
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_role("button", name="查询").click()
    assert "请写明所需方案的年份" in citizen.locator("main").inner_text()
    citizen.get_by_label("补正内容").fill("所需为2025年度的调整方案")
    citizen.get_by_role("button", name="提交补正").click()
    assert "办理中" in citizen.locator("#stage").inner_text()
    shot(citizen, "foi-2-supplemented")

    # when the handler asks for an extension and the head approves it
    handler.reload()
    handler.get_by_label("延期理由").fill("需调取多个学校的档案")
    handler.get_by_role("button", name="申请延期").click()
    head = staff_page(chromium, citizen.base_url, "foi-head")
    head.goto(head.base_url + f"/office/foi/{app.pk}/")
    act(head, "extend")
    assert "已延长" in head.locator("#clock-h + p").inner_text()
    head.get_by_role("link", name="期限是怎样计算的").click()
    assert "延长" in head.locator("main").inner_text()
    shot(head, "foi-3-extended")

    # and the handler drafts a partial disclosure and submits it for review
    handler.reload()
    handler.get_by_role("link", name="逐项拟定答复").click()
    handler.get_by_label("答复类型").select_option("partial")
    handler.get_by_label("理由或说明").fill("方案中涉及个人信息的内容已作区分处理")
    handler.get_by_role("button", name="保存拟稿").click()
    act(handler, "submit_review")
    assert "答复保密审查中" in handler.locator("h1").inner_text()

    # the confidentiality reviewer and the signer approve
    for username, conclusion in (("foi-reviewer", "redacted"), ("foi-signer", None)):
        reviewer = staff_page(chromium, citizen.base_url, username)
        reviewer.goto(reviewer.base_url + f"/office/foi/{app.pk}/")
        reviewer.locator("a", has_text="审核中").click()
        reviewer.get_by_role("radio", name="通过", exact=True).check()
        if conclusion:
            reviewer.get_by_label("保密审查结论").select_option(conclusion)
        reviewer.get_by_role("button", name="提交审核意见").click()
    # and the handler sends the reply
    handler.reload()
    assert "审查通过，待发出" in handler.locator("h1").inner_text()
    act(handler, "send")
    assert "已答复" in handler.locator("h1").inner_text()
    shot(handler, "foi-4-sent")

    # then the citizen sees the reply and downloads the letter
    citizen.goto(citizen.base_url + f"/apply/status/{public_id}/")
    text = citizen.locator("main").inner_text()
    assert "告知书文号" in text and "依申复〔" in text
    with citizen.expect_download() as download:
        citizen.locator("#letter-link").click()
    assert download.value.suggested_filename.endswith(".docx")
    shot(citizen, "foi-5-letter")
    app.refresh_from_db()
    assert (app.status, app.outcome) == (Status.SENT, "partial")
