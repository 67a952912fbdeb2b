"""In a real browser: the Content-Security-Policy breaks nothing (API docs, back office, portal), and
the back-office menu folds on a phone without script."""

import pytest

from gongkai.orgs.enums import Role

from ..factories import UserFactory, grant
from .conftest import shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_policy(page) -> list[str]:
    """Collects the browser's Content-Security-Policy violation reports and script errors."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def test_api_docs_render_from_local_assets_under_the_policy(page):
    problems = _watch_policy(page)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(page.base_url) else None)
    page.goto(page.base_url + "/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Gongkai" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock").first.wait_for()
    shot(page, "api-docs-under-csp")
    assert problems == []
    assert [u for u in outside if not u.startswith("data:")] == []


def test_pages_raise_no_policy_violations(page, department):
    user = UserFactory(username="wang", full_name="王科长")
    grant(user, Role.SYSTEM_ADMIN)
    problems = _watch_policy(page)
    for url in ["/", "/catalog/", "/apply/", "/account/login/"]:
        page.goto(page.base_url + url)
    sign_in(page, "wang", "Passw0rd!gk")
    page.get_by_role("heading", name="工作台", level=1).wait_for()
    for url in ["/office/", "/office/orgs/regions/", "/office/opinion/response/", "/office/foi/statistics/", "/admin/"]:
        page.goto(page.base_url + url)
    assert problems == []


def test_back_office_menu_folds_on_a_phone(chromium, live_server, department):
    user = UserFactory(username="wang", full_name="王科长")
    grant(user, Role.UNIT_ADMIN, department)
    context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        sign_in(page, "wang", "Passw0rd!gk")
        heading = page.get_by_role("heading", name="工作台", level=1)
        heading.wait_for()
        # then the menu is folded behind one line and the page's heading is on the first screen
        menu = page.get_by_role("navigation", name="后台菜单")
        toggle = menu.get_by_text("菜单", exact=True)
        assert toggle.is_visible()
        assert not menu.locator(".menu-groups a").first.is_visible()
        assert heading.bounding_box()["y"] + heading.bounding_box()["height"] < 844 / 2
        shot(page, "office-phone-menu-folded")
        # when the menu is opened (no script: JavaScript is off in this browser)
        toggle.click()
        # then its links show
        assert menu.locator(".menu-groups a").first.is_visible()
        shot(page, "office-phone-menu-open")
    finally:
        context.close()


def test_back_office_menu_is_open_on_a_wide_screen(page, department):
    user = UserFactory(username="wang", full_name="王科长")
    grant(user, Role.UNIT_ADMIN, department)
    sign_in(page, "wang", "Passw0rd!gk")
    menu = page.get_by_role("navigation", name="后台菜单")
    menu.locator(".menu-groups a").first.wait_for()
    assert menu.locator(".menu-groups a").first.is_visible()
    assert not menu.get_by_text("菜单", exact=True).is_visible()
