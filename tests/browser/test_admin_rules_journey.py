"""The system administrator's journey through rules, the calendar, deadlines and the audit log."""

import datetime as dt

import pytest

from gongkai.orgs.enums import Role
from gongkai.rules.models import CalendarYear
from gongkai.rules.services import deadline_start

from ..factories import UserFactory, grant
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_computes_deadlines_enters_2027_and_reads_the_audit_log(page, department):
    # given a system administrator and an open 20-working-day clock that runs into 2027
    admin = UserFactory(username="root-admin", full_name="系统管理员甲")
    grant(admin, Role.SYSTEM_ADMIN)
    CalendarYear.objects.filter(year=2027).delete()
    clock = deadline_start(
        actor=None,
        agency=department,
        rule_key="foi.answer_period",
        start=dt.date(2026, 12, 21),
        handler=admin,
        title="跨年申请",
    )
    assert clock.provisional is True
    assert clock.due_date == dt.date(2027, 1, 19)

    sign_in(page, "root-admin", "Passw0rd!gk")

    # when they ask the calculator for the SPEC example with the FOI rule
    page.get_by_role("link", name="期限计算").click()
    page.get_by_label("起算日期").fill("2026-11-23")
    page.get_by_label("适用区划").select_option(label="150623 内蒙古自治区鄂尔多斯市鄂托克前旗")
    page.get_by_label("规则（可选）").select_option("foi.answer_period")
    page.get_by_role("button", name="计算").click()
    # then the due date, its status and the citation of 条例 art. 33 are shown
    result = page.locator("main").inner_text()
    assert "到期：2026-12-21" in result
    assert "正式" in result
    assert "第三十三条" in result
    shot(page, "admin-calculator")

    # when they enter the 2027 schedule (with a make-up working day) on the calendar page
    page.get_by_role("link", name="节假日日历").click()
    page.get_by_role("link", name="2027 （推算）").click()
    assert "2027年尚未录入" in page.locator("main").inner_text()
    page.get_by_role("link", name="录入2027年放假安排").click()
    page.get_by_label("依据").fill("国办发明电〔2026〕测试号")
    page.get_by_label("放假与调休安排").fill("2027-01-01 元旦\n2027-01-09 元旦调休上班")
    page.get_by_role("button", name="提交").click()
    shot(page, "admin-calendar-2027")

    # then the open clock was recomputed: official now, one day earlier because of the make-up day
    clock.refresh_from_db()
    assert clock.provisional is False
    assert clock.due_date == dt.date(2027, 1, 18)
    # and the handler was told, in the back office
    page.get_by_role("link", name="我的通知").click()
    assert "跨年申请" in page.locator("main").inner_text()

    # and the audit log shows who changed the calendar, and the chain verifies
    page.get_by_role("link", name="审计日志").click()
    log = page.locator("main").inner_text()
    assert "root-admin" in log
    page.get_by_role("link", name="校验审计链").click()
    page.get_by_role("button", name="开始校验").click()
    assert "完好" in page.locator("main").inner_text()
    shot(page, "admin-audit-verified")
