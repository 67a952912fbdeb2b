"""Partial disclosure on the public side (SPEC R3.7): a passage withheld through
``services.redaction_add`` before approval is on none of the public paths — the item page, the
print view, the API list and detail, the RSS/Atom feeds, search (page and API, results and
snippets) and the Excel export — while the rest of the item is."""

from __future__ import annotations

import json

import pytest

from gongkai.catalog.models import InformationItem

from ..portal import conftest as portal

pytestmark = pytest.mark.django_db


def readable(response) -> str:
    """The response as text; JSON with its Chinese characters unescaped."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


client = portal.client
publish = portal.publish
redacted = portal.redacted
seed_fields = portal.seed_fields
SECRET, SECRET_DIGITS = portal.SECRET, portal.SECRET_DIGITS
NOTE = "［此处内容涉及个人隐私，依法不予公开］"
KEPT = "电话0477-7621234"  # the visible rest of the same paragraph


def assert_withheld(content: str, *, note_expected: bool = True) -> None:
    assert SECRET not in content
    assert SECRET_DIGITS not in content
    assert "张三" not in content
    if note_expected:
        assert NOTE in content


@pytest.fixture
def item(redacted):
    # the working copy (staff only) still holds the passage; the public copy does not
    assert SECRET in InformationItem.objects.get(pk=redacted.pk).body_text
    return redacted


def test_item_page(client, item):
    html = client.get(f"/catalog/items/{item.pk}/").content.decode()
    assert_withheld(html)
    assert KEPT in html
    assert "本信息部分公开（区分处理）" in html and "理由：涉及个人隐私" in html


@pytest.mark.parametrize("suffix", ["print/", "?print=1"])
def test_print_view(client, item, suffix):
    html = client.get(f"/catalog/items/{item.pk}/{suffix}").content.decode()
    assert_withheld(html)
    assert KEPT in html and "理由：涉及个人隐私" in html


def test_api_list_and_detail(client, item):
    listing = readable(client.get("/api/v1/catalog/items"))
    assert item.public_title in listing
    assert_withheld(listing, note_expected=False)
    assert client.get("/api/v1/catalog/items").json()["results"][0]["redactions"] == ["涉及个人隐私"]
    detail = client.get(f"/api/v1/catalog/items/{item.pk}")
    assert_withheld(readable(detail))
    assert KEPT in detail.json()["body_text"]
    assert NOTE in detail.json()["body_html"]


@pytest.mark.parametrize(
    "url", ["/feeds/latest/rss/", "/feeds/latest/atom/", "/feeds/categories/02/rss/", "/feeds/categories/02/atom/"]
)
def test_feeds(client, item, url):
    # the item's description is empty so the feed shows the start of the public body
    InformationItem.objects.filter(pk=item.pk).update(public_meta={**item.public_meta, "description": ""})
    content = client.get(url).content.decode()
    assert item.public_title in content
    assert "招生咨询工作由教育股负责" in content  # the body is in the feed ...
    assert_withheld(content)  # ... without the passage


def test_agency_feeds(client, item):
    for kind in ("rss", "atom"):
        content = client.get(f"/feeds/agencies/{item.agency_id}/{kind}/").content.decode()
        assert item.public_title in content
        assert_withheld(content, note_expected=False)


def test_search_page(client, item):
    # the withheld words find nothing
    for q in (SECRET_DIGITS, "张三"):
        html = client.get("/search", {"q": q}).content.decode()
        assert "找到 0 条信息" in html or "没有找到" in html
        assert_withheld(html.replace(f'value="{q}"', "").replace(f"检索：{q}", ""), note_expected=False)
    # a word of the same paragraph finds the item; its snippet has the note, not the passage
    html = client.get("/search", {"q": "教育股"}).content.decode()
    assert 'class="search-hits"' in html
    assert item.public_title in html.replace("<mark>", "").replace("</mark>", "")
    assert_withheld(html)


def test_search_api(client, item):
    assert client.get("/api/v1/catalog/search", {"q": SECRET_DIGITS}).json()["hits"] == []
    assert client.get("/api/v1/catalog/items", {"q": "张三"}).json()["results"] == []
    response = client.get("/api/v1/catalog/search", {"q": "教育股"})
    assert len(response.json()["hits"]) == 1
    assert_withheld(response.json()["hits"][0]["snippet_html"])
    assert_withheld(readable(response))


def test_excel_export(client, item):
    content = portal.xlsx_text(client.get("/catalog/export.xlsx").content)
    assert item.public_title in content
    assert KEPT in content
    assert_withheld(content)
