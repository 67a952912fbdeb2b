"""A citizen writes to the county mailbox; the mailbox office routes the letter to a township; the
township claims it and replies after its head approves the reply; the citizen rates it dissatisfied;
the supervising office reviews and has it redone; the second reply satisfies the citizen."""

import pytest

from gongkai.interaction.enums import Status
from gongkai.interaction.models import Letter
from gongkai.orgs.enums import AgencyKind, RegionLevel, Role
from tests.rule_defaults import ensure_rule_defaults

from ..factories import AgencyFactory, RegionFactory, UserFactory, grant
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


def act(pg, label, **fields):
    pg.get_by_label("操作", exact=True).select_option(label=label)
    for name, value in fields.items():
        if name == "agency":
            pg.get_by_label("承办单位（交办、转办）").select_option(label=value)
        elif name == "reply":
            pg.get_by_label("答复内容（拟写答复时）").fill(value)
        elif name == "reason":
            pg.get_by_label("理由或意见（退回、转办、延期、不予受理、复核时）").fill(value)
    pg.locator("#act-form button[type=submit]").click()


def approve(chromium, base_url, letter_pk):
    head = staff_page(chromium, base_url, "town-head")
    head.goto(base_url + f"/office/interaction/{letter_pk}/")
    head.locator("#review-link").click()
    head.get_by_role("radio", name="通过", exact=True).check()
    head.get_by_role("button", name="提交审核意见").click()
    head.context.close()


def rate(citizen, rating, reason=""):
    citizen.get_by_role("radio", name=rating, exact=True).check()
    if reason:
        citizen.get_by_label("理由（不满意时必填）").fill(reason)
    citizen.get_by_role("button", name="提交评价").click()


def test_letter_routed_answered_rated_reviewed_and_answered_again(
    page, chromium, live_server, county, county_gov, settings
):
    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    ensure_rule_defaults("interaction")
    region = RegionFactory(code="150623100", name="敖勒召其镇", level=RegionLevel.TOWNSHIP, parent=county)
    township = AgencyFactory(name="敖勒召其镇人民政府", kind=AgencyKind.TOWNSHIP, region=region, parent=county_gov)
    for username, role, agency in [
        ("mailbox-clerk", Role.DISCLOSURE_OFFICE_STAFF, county_gov),
        ("town-liaison", Role.LIAISON, township),
        ("town-head", Role.UNIT_ADMIN, township),
    ]:
        grant(UserFactory(username=username), role, agency)
    citizen = page

    # a citizen writes to the county government's mailbox
    citizen.goto(citizen.base_url + "/")
    citizen.get_by_role("link", name="领导信箱").first.click()
    citizen.get_by_role("link", name="我要写信").click()
    citizen.get_by_label("信箱", exact=True).select_option(label=county_gov.name)
    citizen.get_by_label("类型", exact=True).select_option(label="投诉")
    citizen.get_by_label("标题", exact=True).fill("村道路灯长期不亮")
    citizen.get_by_label("内容", exact=True).fill("敖勒召其镇幸福村村道的路灯坏了三个月，晚上出行很不安全。")
    citizen.get_by_label("姓名", exact=True).fill("王小明")
    citizen.get_by_label("联系电话", exact=True).fill("13912345678")
    citizen.get_by_role("button", name="提交").click()
    public_id = citizen.locator("#r-public-id").inner_text()
    code = citizen.locator("#r-code").inner_text()
    shot(citizen, "interaction-1-written")
    letter = Letter.objects.get(public_id=public_id)

    # the mailbox office routes it to the township
    clerk = staff_page(chromium, citizen.base_url, "mailbox-clerk")
    clerk.get_by_role("link", name="来信办理").click()
    clerk.get_by_role("link", name=letter.tracking_number).click()
    assert "王小明" not in clerk.content() and "13912345678" not in clerk.content()
    act(clerk, "交办", agency=township.name)
    assert "待认领" in clerk.locator("#letter-status").inner_text()

    # the township claims it, drafts a reply and submits it; its head approves
    town = staff_page(chromium, citizen.base_url, "town-liaison")
    town.goto(town.base_url + f"/office/interaction/{letter.pk}/")
    act(town, "认领")
    act(town, "拟写答复", reply="经核实，已安排电工检修，本周内恢复照明。")
    act(town, "送审")
    assert "答复审核中" in town.locator("#letter-status").inner_text()
    approve(chromium, citizen.base_url, letter.pk)
    assert Letter.objects.get(pk=letter.pk).status == Status.REPLIED

    # the citizen reads the reply and is dissatisfied
    citizen.goto(citizen.base_url + "/mailbox/query/")
    citizen.get_by_label("查询编号（见来信回执）").fill(public_id)
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_role("button", name="查询").click()
    assert "本周内恢复照明" in citizen.locator("#letter-reply").inner_text()
    rate(citizen, "不满意", "过了两周路灯还是不亮。")
    assert "不满意复核中" in citizen.locator("#letter-status").inner_text()
    shot(citizen, "interaction-2-dissatisfied")

    # the supervising office reviews it and has it redone
    clerk.reload()
    act(clerk, "复核重办", reason="请现场核实并说明维修完成时间。")
    assert "办理中" in clerk.locator("#letter-status").inner_text()

    # the township answers again after review, and the citizen is satisfied
    town.reload()
    act(town, "拟写答复", reply="经现场核实，已更换损坏的灯具和线路，现已恢复照明，并请村委会每周巡查。")
    act(town, "送审")
    approve(chromium, citizen.base_url, letter.pk)
    citizen.reload()
    assert "已更换损坏的灯具" in citizen.locator("#letter-reply").inner_text()
    rate(citizen, "满意")
    assert "已办结" in citizen.locator("#letter-status").inner_text()
    shot(citizen, "interaction-3-satisfied")
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.rounds, letter.rating, letter.status) == (2, "satisfied", Status.CLOSED)
