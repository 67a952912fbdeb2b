import pytest

from gongkai.orgs.enums import Role

from ..factories import UserFactory, grant
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_and_repeated_failures_are_throttled(page, department, settings):
    # given a unit administrator
    user = UserFactory(username="wang", full_name="王科长")
    grant(user, Role.UNIT_ADMIN, department)

    # when they sign in with the right password
    sign_in(page, "wang", "Passw0rd!gk")
    # then the back office shows their role in their unit
    page.get_by_role("heading", name="工作台", level=1).wait_for()
    assert "编制单位管理员" in page.content() and department.name in page.content()
    shot(page, "sign-in-office-home")

    # when someone else then tries the account with wrong passwords until the throttle threshold
    page.get_by_role("button", name="退出").click()
    for _ in range(settings.LOGIN_THROTTLE_THRESHOLD):
        sign_in(page, "wang", "wrong-password")
    # then the page asks that address to wait, and even the right password is refused from it
    assert "登录失败次数过多" in page.get_by_role("alert").inner_text()
    sign_in(page, "wang", "Passw0rd!gk")
    assert "登录失败次数过多" in page.get_by_role("alert").inner_text()
    shot(page, "sign-in-throttled")
    # but the account itself is not locked: a stranger cannot shut its owner out
    user.refresh_from_db()
    assert user.locked_until is None
