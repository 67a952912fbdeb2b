"""Search page: a word of a real seed paragraph is found, highlighted; facets, pagination, hostile input."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .conftest import SEED_WORD

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# Assertions count the hits shown, not the engine's total: transactional (browser) tests flush
# the document table but leave its rows in the SQLite FTS table, which the engine's count
# includes while the hits (joined to the documents) do not.


def hit_titles(html: str) -> list[str]:
    return [re.sub(r"</?mark>", "", t) for t in re.findall(r'<h3><a href="/catalog/items/\d+/">(.*?)</a></h3>', html)]


def test_empty_query_shows_a_hint(client, published):
    response = client.get("/search")
    assert response.status_code == 200
    html = text(response)
    assert "请输入要检索的词语" in html
    assert '<label for="search-q">检索政府信息</label>' in html
    assert client.get("/search/?q=%20%20").status_code == 200


def test_a_word_from_the_body_of_a_seed_paragraph_finds_the_item_with_a_highlighted_snippet(client, published):
    # given the seed-based item (004 附件1 二(一)5 mentions the “记事本” program)
    assert SEED_WORD not in published.public_title

    # when a citizen searches for that word
    response = client.get("/search", {"q": SEED_WORD})

    # then the item is found, with the word marked in the snippet and the item's public fields
    html = text(response)
    assert response.status_code == 200
    assert hit_titles(html) == [published.public_title]
    assert f"<mark>{SEED_WORD}</mark>" in html
    assert published.index_number in html and "鄂前政办发〔2018〕96号" in html


def test_two_word_query_needs_both_words(client, published, redacted):
    assert hit_titles(text(client.get("/search", {"q": "招生 报名"}))) == [redacted.public_title]
    assert hit_titles(text(client.get("/search", {"q": "记事本 报名"}))) == []
    assert "没有找到包含这些词语的公开信息" in text(client.get("/search", {"q": "记事本 报名"}))


def test_search_facets_filter_by_category_year_and_agency(client, publish, category, other_department):
    # given two items with the word, in different categories and years
    a = publish(title="管理平台通知甲", produced_on=dt.date(2018, 1, 1))
    b = publish(title="管理平台通知乙", category=category("04"), produced_on=dt.date(2026, 1, 1))

    html = text(client.get("/search", {"q": SEED_WORD}))
    assert '>政策文件</a> <span class="count">(1)</span>' in html
    assert '>工作信息</a> <span class="count">(1)</span>' in html
    assert '>2026</a> <span class="count">(1)</span>' in html
    assert f'>{a.agency.name}</a> <span class="count">(2)</span>' in html

    assert hit_titles(text(client.get("/search", {"q": SEED_WORD, "category": "04"}))) == [b.public_title]
    assert hit_titles(text(client.get("/search", {"q": SEED_WORD, "year": "2018"}))) == [a.public_title]
    assert hit_titles(text(client.get("/search", {"q": SEED_WORD, "agency": other_department.pk}))) == []
    assert hit_titles(text(client.get("/search", {"q": SEED_WORD, "sort": "date"}))) == [b.public_title, a.public_title]


def test_search_pagination(client, publish):
    for i in range(12):
        publish(title=f"检索分页通知{i:02d}")
    page1 = text(client.get("/search", {"q": SEED_WORD}))
    assert len(hit_titles(page1)) == 10
    assert "第 1 / 2 页" in page1
    page2 = text(client.get("/search", {"q": SEED_WORD, "page": "2"}))
    assert len(hit_titles(page2)) == 2
    assert set(hit_titles(page1)).isdisjoint(hit_titles(page2))
    # past the end: the last page
    assert len(hit_titles(text(client.get("/search", {"q": SEED_WORD, "page": "50"})))) == 2


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "招" * 300}, "检索词过长"),  # longer than the query limit, within the URI limit
        ({"q": "记事本", "page": "abc"}, "search-hits"),
        ({"q": "记事本", "page": "-5"}, "search-hits"),
        ({"q": "记事本", "page": "9" * 50}, "search-hits"),
        ({"q": "记事本", "year": "xyz"}, "年份须为四位数字"),
        ({"q": "记事本", "category": "'; DROP TABLE x; --"}, "没有该信息分类"),
        ({"q": "记事本", "agency": "abc"}, "没有该发布机构"),
        ({"q": "记事本", "category": "\x00"}, "没有该信息分类"),
        ({"q": "记事本", "sort": "<script>"}, "排序方式无效"),
        ({"q": "\x00记事本\x00"}, "search-hits"),
        ({"q": "\"' OR 1=1 -- ()*:^~"}, "没有找到"),
        ({"q": " ".join(["政府"] * 50)}, "检索词过长"),
        ({"q": "政府 " * 30}, "search-hits"),
    ],
)
def test_hostile_input_never_500s(client, published, params, expected):
    response = client.get("/search", params)
    assert response.status_code == 200
    assert expected in text(response)


def test_query_is_escaped_in_the_page(client, published):
    html = text(client.get("/search", {"q": "<script>alert(1)</script>"}))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
