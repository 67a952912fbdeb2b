"""A citizen on the public portal: search a word from a published item's body, open the item,
read its catalogue fields, open the print view; the pages stay usable at 200% zoom and by keyboard."""

from __future__ import annotations

import pytest

from ..portal import conftest as portal
from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Fixtures of the portal tests (the catalogue's people and item fields are in tests/conftest.py).
seed_fields = portal.seed_fields
publish = portal.publish
redacted = portal.redacted


@pytest.fixture(autouse=True)
def _leave_no_index_rows(transactional_db):
    """Empty the catalogue's search documents before the test database is flushed: a flush
    empties the document table but not the engine's own index table, whose left-over rows
    would count in later tests' totals."""
    yield
    from gongkai.catalog.services import SEARCH_KIND
    from gongkai.search.services import rebuild

    rebuild(SEARCH_KIND, [])


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def test_citizen_finds_an_item_by_a_word_of_its_body_and_prints_it(page, publish, redacted):
    # given the seed-based item (004 附件1 二(一)4–5) is published, beside a partially disclosed one
    item = publish()

    # when a citizen opens the portal and searches a word that is only in its body
    page.goto(page.base_url + "/")
    page.get_by_role("heading", name="政府信息公开", level=1).wait_for()
    assert page.get_by_role("link", name="申请政府信息公开").get_attribute("href") == "/apply/"
    shot(page, "portal-home")
    page.get_by_role("searchbox", name="检索政府信息").fill(portal.SEED_WORD)
    page.get_by_role("searchbox", name="检索政府信息").press("Enter")

    # then the result list shows the item with the word highlighted
    # (the total is not asserted: transactional tests leave rows of flushed documents in the
    # SQLite FTS table, which the engine's count includes until they are overwritten)
    page.get_by_role("link", name=item.public_title).wait_for()
    assert page.locator(".search-hits > li").count() == 1
    assert page.locator(".snippet mark").first.inner_text() == portal.SEED_WORD
    shot(page, "portal-search-results")

    # when they open it
    page.get_by_role("link", name=item.public_title).click()

    # then they see the catalogue fields and the body
    page.get_by_role("heading", name=item.public_title, level=1).wait_for()
    fields = page.locator("table.item-fields")
    assert fields.get_by_role("rowheader", name="索引号").is_visible()
    assert page.locator('td[data-field="index_number"]').inner_text() == item.index_number
    assert page.locator('td[data-field="document_number"]').inner_text() == "鄂前政办发〔2018〕96号"
    assert page.locator('td[data-field="produced_on"]').inner_text() == "2018-11-05"
    assert page.locator('td[data-field="form"]').inner_text() == "主动公开"
    assert page.locator('td[data-field="time_limit"]').inner_text() == "长期公开"
    assert page.locator('td[data-field="section"]').inner_text() == "办公室"
    assert portal.SEED_WORD in page.locator(".item-body").inner_text()
    shot(page, "portal-item")

    # when they open the print view
    page.get_by_role("link", name="打印本页").click()
    page.wait_for_url(f"**/catalog/items/{item.pk}/print/")
    # then the page has the fields and the body without the site navigation
    assert page.locator(".portal-nav").count() == 0
    assert page.locator('td[data-field="index_number"]').inner_text() == item.index_number
    page.emulate_media(media="print")
    assert not page.locator(".print-actions").is_visible()
    shot(page, "portal-item-print")
    page.emulate_media(media="screen")


def test_partially_disclosed_item_in_the_browser(page, redacted):
    page.goto(page.base_url + f"/catalog/items/{redacted.pk}/")
    note = page.get_by_role("note")
    assert "理由：涉及个人隐私" in note.inner_text()
    body = page.locator(".item-body").inner_text()
    assert portal.SECRET_DIGITS not in body and "［此处内容涉及个人隐私，依法不予公开］" in body
    shot(page, "portal-item-partial")


def test_portal_pages_at_200_percent_zoom_and_by_keyboard(page, publish):
    item = publish()
    # 200% zoom of a 1280-pixel window: the layout of a 640-pixel one, at twice the scale
    page.set_viewport_size({"width": 640, "height": 900})
    for path in ("/", "/catalog/", f"/catalog/items/{item.pk}/", "/search?q=记事本", f"/guide/{item.agency_id}/"):
        page.goto(page.base_url + path)
        page.evaluate("document.body.style.zoom = '1'")
        assert no_horizontal_scroll(page), path
    shot(page, "portal-guide-narrow")

    # keyboard: the first Tab reaches the skip link, which moves focus to the main content
    page.goto(page.base_url + "/catalog/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # the sort control is a labelled form field that works without a mouse
    page.get_by_label("排序方式").select_option("title")
    page.get_by_label("排序方式").press("Enter")
    page.get_by_role("button", name="排序").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/catalog/?sort=title")
    shot(page, "portal-catalog-sorted")
