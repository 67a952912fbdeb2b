"""The catalogue list's table and pager are cached as HTML under the index version held in the
database: a withdrawal removes the item from every process's next page, even one whose local
cache never saw the portal's catalogue version change."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from gongkai.catalog import services
from gongkai.portal import cache as portal_cache
from gongkai.portal import views_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PORTAL_COUNT_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def row_renders(monkeypatch):
    calls = []
    real = views_catalog._rows

    def counting(page):
        calls.append(page.number)
        return real(page)

    monkeypatch.setattr(views_catalog, "_rows", counting)
    return calls


def test_the_table_is_rendered_once_per_page_and_version(client, published, row_renders):
    first = client.get("/catalog/").content.decode()
    second = client.get("/catalog/").content.decode()
    assert f"/catalog/items/{published.pk}/" in first and first == second
    assert row_renders == [1]
    client.get("/catalog/", {"sort": "old"})  # another view of the list: its own entry
    assert len(row_renders) == 2


def test_a_withdrawn_item_leaves_the_list_in_every_process(client, published, unit_admin, row_renders):
    url = f"/catalog/items/{published.pk}/"
    agency_list = f"/catalog/agencies/{published.agency_id}/"
    assert url in client.get("/catalog/").content.decode()
    assert url in client.get(agency_list).content.decode()
    stale_version = portal_cache.catalog_version()

    services.item_withdraw(actor=unit_admin, item=published, reason="经复查涉及内部事务")
    # Another gunicorn process: its local cache still holds the old portal version and the
    # rendered table, but not the index version, which it reads from the database.
    cache.set(portal_cache.VERSION_KEY, stale_version, None)

    assert url not in client.get("/catalog/").content.decode()
    page = client.get(agency_list)
    assert page.status_code == 200 and url not in page.content.decode()


def test_a_published_item_is_listed_at_once(client, publish, published, row_renders):
    assert f"/catalog/items/{published.pk}/" in client.get("/catalog/").content.decode()
    stale_version = portal_cache.catalog_version()
    item = publish(title="鄂托克前旗林业局关于沙棘种植补贴的通知")
    cache.set(portal_cache.VERSION_KEY, stale_version, None)
    assert f"/catalog/items/{item.pk}/" in client.get("/catalog/").content.decode()
