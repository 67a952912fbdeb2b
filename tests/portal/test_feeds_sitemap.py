"""RSS/Atom feeds per agency and per category, and the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_agency_rss_and_atom(client, publish, department, other_department):
    first = publish(title="机构订阅测试一")
    second = publish(title="机构订阅测试二")

    response = client.get(f"/feeds/agencies/{department.pk}/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == [second.public_title, first.public_title]
    root = ET.fromstring(response.content)
    assert root.find("channel").findtext("title") == f"{department.name}政府信息公开目录"
    item = root.find("channel").find("item")
    assert item.findtext("link").endswith(f"/catalog/items/{second.pk}/")
    assert item.findtext("guid") == second.index_number
    assert "政府信息公开目录的信息类型和电子文档要求。" in item.findtext("description")

    response = client.get(f"/feeds/agencies/{department.pk}/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom_titles(response) == [second.public_title, first.public_title]

    assert rss_titles(client.get(f"/feeds/agencies/{other_department.pk}/rss/")) == []


def test_category_feeds(client, publish, category):
    policy = publish(title="分类订阅政策文件")
    publish(title="分类订阅机构概况", category=category("01"))
    assert rss_titles(client.get("/feeds/categories/02/rss/")) == [policy.public_title]
    assert atom_titles(client.get("/feeds/categories/02/atom/")) == [policy.public_title]
    assert len(rss_titles(client.get("/feeds/latest/rss/"))) == 2


@pytest.mark.parametrize(
    "url", ["/feeds/agencies/999999/rss/", "/feeds/categories/xx/atom/", "/feeds/agencies/99999999999999999999999/rss/"]
)
def test_unknown_feed_is_404(client, url):
    assert client.get(url).status_code == 404


def test_sitemap_lists_items_categories_and_guides(client, published, department):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = {
        loc.text for loc in ET.fromstring(index.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert {
        "http://testserver/sitemap-items.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-guides.xml",
    } <= sections

    def locs(section: str) -> set[str]:
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        return {
            e.text for e in ET.fromstring(response.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        }

    assert locs("items") == {f"http://testserver/catalog/items/{published.pk}/"}
    assert "http://testserver/catalog/categories/09/" in locs("categories")
    assert f"http://testserver/guide/{department.pk}/" in locs("guides")
    assert "http://testserver/catalog/" in locs("pages")
    assert client.get("/sitemap-nothing.xml").status_code == 404
