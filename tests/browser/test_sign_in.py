import pytest

from gongkai.orgs.enums import Role

from ..factories import UserFactory, grant
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_and_is_locked_out_after_repeated_failures(page, department, settings):
    # given a unit administrator
    user = UserFactory(username="wang", full_name="王科长")
    grant(user, Role.UNIT_ADMIN, department)

    # when they sign in with the right password
    sign_in(page, "wang", "Passw0rd!gk")
    # then the back office shows their role in their unit
    page.get_by_role("heading", name="工作台", level=1).wait_for()
    assert "编制单位管理员" in page.content() and department.name in page.content()
    shot(page, "sign-in-office-home")

    # when someone else then tries the account with wrong passwords until the lockout threshold
    page.get_by_role("button", name="退出").click()
    for _ in range(settings.LOGIN_LOCKOUT_THRESHOLD):
        sign_in(page, "wang", "wrong-password")
    # then the page says the account is locked, and even the right password is refused
    assert "已被锁定" in page.get_by_role("alert").inner_text()
    sign_in(page, "wang", "Passw0rd!gk")
    assert "已被锁定" in page.get_by_role("alert").inner_text()
    shot(page, "sign-in-locked")
    user.refresh_from_db()
    assert user.locked_until is not None
