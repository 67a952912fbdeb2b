"""R3.1 on the public side: a draft, an item in review, an item reviewed as not public and a
withdrawn item appear on no public path (home, catalogue, item and print pages, search, feeds,
sitemap, export, JSON API); a published item does."""

from __future__ import annotations

import json

import pytest

from ..portal import conftest as portal

pytestmark = pytest.mark.django_db


def readable(response) -> str:
    """The response as text; JSON with its Chinese characters unescaped."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


client = portal.client
publish = portal.publish
published = portal.published
hidden_items = portal.hidden_items
seed_fields = portal.seed_fields
STATES = ["draft", "in_review", "not_public", "withdrawn"]


@pytest.fixture
def world(published, hidden_items):
    assert {k: v.status for k, v in hidden_items.items()} == {s: s for s in STATES}
    return published, hidden_items


def listing_paths(item) -> list[str]:
    return [
        "/",
        "/catalog/",
        "/catalog/?sort=title",
        "/catalog/categories/02/",
        f"/catalog/agencies/{item.agency_id}/",
        "/search?q=招生",
        "/search?q=隐藏核对",
        "/feeds/latest/rss/",
        "/feeds/latest/atom/",
        f"/feeds/agencies/{item.agency_id}/rss/",
        f"/feeds/agencies/{item.agency_id}/atom/",
        "/feeds/categories/02/rss/",
        "/feeds/categories/02/atom/",
        "/sitemap-items.xml",
        "/api/v1/catalog/items",
        "/api/v1/catalog/items?q=招生",
        "/api/v1/catalog/search?q=招生",
        "/api/v1/catalog/search?q=隐藏核对",
    ]


def test_the_published_control_item_is_on_the_listing_paths(client, world):
    published, _hidden = world
    for path in listing_paths(published):
        if "q=" in path:
            continue  # the control item's body has neither word
        content = readable(client.get(path))
        assert (published.public_title in content) or (f"/catalog/items/{published.pk}/" in content), path


@pytest.mark.parametrize("state", STATES)
def test_hidden_item_is_on_no_listing_path(client, world, state):
    published, hidden = world
    item = hidden[state]
    for path in listing_paths(published):
        response = client.get(path)
        assert response.status_code == 200, path
        content = readable(response)
        assert item.title not in content, path
        assert f"/catalog/items/{item.pk}/" not in content, path
        assert "隐藏核对" not in content.replace("q=隐藏核对", "").replace('value="隐藏核对"', "").replace(
            "检索：隐藏核对", ""
        ).replace('"q": "隐藏核对"', ""), path
    export = portal.xlsx_text(client.get("/catalog/export.xlsx").content)
    assert item.title not in export


@pytest.mark.parametrize("state", STATES)
def test_hidden_item_pages_are_404(client, world, state):
    item = world[1][state]
    for path in (
        f"/catalog/items/{item.pk}/",
        f"/catalog/items/{item.pk}/print/",
        f"/catalog/items/{item.pk}/?print=1",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "页面不存在" in response.content.decode()
        assert item.title not in response.content.decode()
    response = client.get(f"/api/v1/catalog/items/{item.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_search_counts_only_the_published(client, world):
    assert client.get("/api/v1/catalog/search", {"q": "隐藏核对"}).json()["hits"] == []
    assert client.get("/api/v1/catalog/items").json()["count"] == 1
    assert client.get("/api/v1/catalog/categories").json()[1]["count"] == 1
