"""Portal pages: home, guides, catalogue browsing (facets, sorting, pagination), item and print pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalog import services
from gongkai.catalog.models import Attachment, Topic

from .conftest import SEED_PARAGRAPHS

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def rows_of(html: str) -> list[str]:
    """Titles of the catalogue table rows, in order."""
    return re.findall(r'<td><a href="/catalog/items/\d+/">([^<]+)</a></td>', html)


# --- Home and guides ----------------------------------------------------------------------------


def test_home_shows_latest_items_categories_topics_agencies_and_the_apply_link(client, published, department):
    # given a published item and a topic
    Topic.objects.create(slug="zhengwu-gongkai", name="政务公开专题")

    # when a citizen opens the portal
    response = client.get("/")

    # then the page has the latest item, the nine categories with counts, topics, agencies, search, apply
    assert response.status_code == 200
    html = text(response)
    assert f'<a href="/catalog/items/{published.pk}/">{published.public_title}</a>' in html
    for name in (
        "机构概况",
        "政策文件",
        "政府决策",
        "工作信息",
        "人事信息",
        "行政执法",
        "财政信息",
        "公共服务",
        "社会监督",
    ):
        assert f">{name}</a>" in html
    assert (
        '<a href="/catalog/categories/02/">政策文件</a>\n      <span class="badge" aria-label="1 条">1</span>' in html
    )
    assert '<a href="/catalog/topics/zhengwu-gongkai/">政务公开专题</a>' in html
    assert f'<a href="/guide/{department.pk}/"' in html
    assert 'href="/apply/"' in html
    assert '<label for="home-q">检索政府信息</label>' in html
    assert "<h1>政府信息公开</h1>" in html


def test_guide_page_shows_the_filled_guide(client, unit_admin, department):
    # given the unit administrator filled in the guide
    services.guide_save(
        actor=unit_admin,
        agency=department,
        how_to_obtain="主动公开的信息通过政府网站公开目录查阅。",
        office_name="鄂托克前旗教育局办公室",
        address="鄂托克前旗敖勒召其镇",
        hours="工作日 8:30-12:00 14:30-18:00",
        phone="0477-7621234",
        fax="0477-7621235",
        online="jyj@example.gov.cn",
    )

    # when a citizen opens it
    response = client.get(f"/guide/{department.pk}/")

    # then every part of R2.8 is there and there is no "not filled in" note
    html = text(response)
    assert response.status_code == 200
    assert f"<h1>{department.name}政府信息公开指南</h1>" in html
    for value in (
        "鄂托克前旗教育局办公室",
        "鄂托克前旗敖勒召其镇",
        "工作日 8:30-12:00 14:30-18:00",
        "0477-7621234",
        "0477-7621235",
        "jyj@example.gov.cn",
        "主动公开的信息通过政府网站公开目录查阅。",
    ):
        assert value in html
    for label in ("办理机构名称", "办公地址", "办公时间", "联系电话", "传真", "网上联系方式"):
        assert f"<dt>{label}</dt>" in html
    assert "社会监督" in html  # the categories
    assert "尚未填写公开指南" not in html


def test_guide_page_says_when_the_agency_has_not_filled_it_in(client, other_department):
    response = client.get(f"/guide/{other_department.pk}/")
    assert response.status_code == 200
    assert "该机构尚未填写公开指南" in text(response)


@pytest.mark.parametrize("url", ["/guide/999999/", "/guide/99999999999999999999999/"])
def test_unknown_guide_is_a_chinese_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in text(response)


# --- Catalogue browsing ----------------------------------------------------------------------------


def test_catalogue_row_has_index_number_title_document_number_date_and_agency(client, published):
    response = client.get("/catalog/")
    html = text(response)
    assert response.status_code == 200
    assert f'<td class="nowrap">{published.index_number}</td>' in html
    assert f'<a href="/catalog/items/{published.pk}/">{published.public_title}</a>' in html
    assert "<td>鄂前政办发〔2018〕96号</td>" in html
    assert '<time datetime="2018-11-05">2018-11-05</time>' in html
    assert f"<td>{published.agency.name}</td>" in html
    assert "共 1 条信息" in html


def test_facets_count_and_filter(client, publish, category, other_department):
    # given three items: two policy documents of 2018 and 2026, one organisation item of 2026
    a = publish(title="政策文件甲", produced_on=dt.date(2018, 1, 5), five_disclosure="decision")
    b = publish(title="政策文件乙", produced_on=dt.date(2026, 3, 1), five_disclosure="result")
    c = publish(title="机构概况丙", category=category("01"), produced_on=dt.date(2026, 2, 1), five_disclosure="result")

    # when the catalogue is opened without filters
    html = text(client.get("/catalog/"))
    # then each facet shows its counts
    assert 'href="/catalog/?category=02">政策文件</a> <span class="count">(2)</span>' in html
    assert 'href="/catalog/?category=01">机构概况</a> <span class="count">(1)</span>' in html
    assert 'href="/catalog/?year=2026">2026</a> <span class="count">(2)</span>' in html
    assert 'href="/catalog/?year=2018">2018</a> <span class="count">(1)</span>' in html
    assert 'href="/catalog/?five=result">结果公开</a> <span class="count">(2)</span>' in html
    assert 'href="/catalog/?form=active">主动公开</a> <span class="count">(3)</span>' in html
    assert f'href="/catalog/?agency={a.agency_id}">{a.agency.name}</a> <span class="count">(3)</span>' in html

    # when filtered by category and year
    html = text(client.get("/catalog/?category=02&year=2026"))
    # then only the matching item is listed, the selection is marked and can be cleared
    assert rows_of(html) == [b.public_title]
    assert '<strong aria-current="true">政策文件</strong>' in html
    assert 'href="/catalog/?year=2026">取消“信息分类”条件</a>' in html
    assert c.public_title not in rows_of(html)

    # and by five-disclosure tag and agency
    assert rows_of(text(client.get("/catalog/?five=decision"))) == [a.public_title]
    assert rows_of(text(client.get(f"/catalog/?agency={other_department.pk}"))) == []


def test_sorting(client, publish):
    # given items published in this order, with different produced dates and titles
    first = publish(title="乙通知", produced_on=dt.date(2020, 1, 1))
    second = publish(title="甲通知", produced_on=dt.date(2025, 1, 1))
    third = publish(title="丙通知", produced_on=dt.date(2019, 1, 1))
    titles = [first.public_title, second.public_title, third.public_title]

    assert rows_of(text(client.get("/catalog/"))) == titles[::-1]  # newest first
    assert rows_of(text(client.get("/catalog/?sort=old"))) == titles
    assert rows_of(text(client.get("/catalog/?sort=produced"))) == ["甲通知", "乙通知", "丙通知"]
    assert rows_of(text(client.get("/catalog/?sort=title"))) == sorted(titles)
    # and the sort form keeps the filters and marks the current order
    html = text(client.get("/catalog/?sort=title&year=2020"))
    assert '<input type="hidden" name="year" value="2020">' in html
    assert '<option value="title" selected>' in html


def test_pagination_survives_bad_page_numbers(client, publish, settings):
    # given 23 items (two pages of 20)
    for i in range(23):
        publish(title=f"分页测试通知{i:02d}")

    page1 = text(client.get("/catalog/"))
    assert len(rows_of(page1)) == 20
    assert "第 1 / 2 页" in page1
    assert 'href="?page=2" rel="next"' in page1
    page2 = rows_of(text(client.get("/catalog/?page=2")))
    assert len(page2) == 3

    # bad page numbers: page 1 or the last page, never a 500
    for bad, expected in [("abc", 1), ("-1", 2), ("0", 2), ("999999", 2), ("9" * 40, 2), ("1.5", 1), ("", 1)]:
        response = client.get(f"/catalog/?page={bad}")
        assert response.status_code == 200, bad
        assert f"第 {expected} / 2 页" in text(response), bad


@pytest.mark.parametrize(
    "query, message",
    [
        ("year=xyz", "年份须为四位数字"),
        ("year=99999", "年份须为四位数字"),
        ("category=zz", "没有该信息分类"),
        ("category=" + "x" * 500, "没有该信息分类"),
        ("agency=abc", "没有该发布机构"),
        ("agency=99999999999999999999999", "没有该发布机构"),
        ("five=nope", "五公开类别无效"),
        ("form=secret", "公开形式无效"),
        ("sort=drop table", "排序方式无效"),
        ("topic=none", "没有该专题"),
        ("category=%00", "没有该信息分类"),
        ("topic=a%00b", "没有该专题"),
        ("year=%00", "年份须为四位数字"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_chinese_message(client, published, query, message):
    response = client.get(f"/catalog/?{query}")
    assert response.status_code == 200
    html = text(response)
    assert message in html
    assert rows_of(html) == [published.public_title]  # the filter was ignored


def test_category_agency_and_topic_pages(client, publish, category, department):
    topic = Topic.objects.create(slug="zhaosheng", name="招生专题", description="秋季招生信息汇总")
    policy = publish(title="政策文件专题通知", topics=[topic])
    organisation = publish(title="机构概况通知", category=category("01"))

    html = text(client.get("/catalog/categories/02/"))
    assert "<h1>政策文件</h1>" in html
    assert rows_of(html) == [policy.public_title]
    assert 'href="/feeds/categories/02/rss/"' in html
    assert 'id="facet-category"' not in html  # the page's own dimension is not a facet

    html = text(client.get(f"/catalog/agencies/{department.pk}/?category=01"))
    assert f"<h1>{department.name}</h1>" in html
    assert rows_of(html) == [organisation.public_title]
    assert f'href="/guide/{department.pk}/"' in html

    html = text(client.get("/catalog/topics/zhaosheng/"))
    assert "<h1>专题：招生专题</h1>" in html and "秋季招生信息汇总" in html
    assert rows_of(html) == [policy.public_title]
    assert '<a href="/catalog/topics/zhaosheng/">招生专题</a>' in text(client.get("/catalog/topics/"))


@pytest.mark.parametrize(
    "url", ["/catalog/categories/99/", "/catalog/agencies/999999/", "/catalog/topics/nothing/", "/catalog/items/0/"]
)
def test_unknown_scopes_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in text(response)


def test_inactive_topic_is_404(client, published):
    Topic.objects.create(slug="old", name="旧专题", is_active=False)
    assert client.get("/catalog/topics/old/").status_code == 404


# --- Item page ---------------------------------------------------------------------------------


def test_item_page_shows_the_nine_fields_and_the_body(client, published):
    response = client.get(f"/catalog/items/{published.pk}/")
    assert response.status_code == 200
    html = text(response)
    fields = dict(re.findall(r'<th scope="row">([^<]+)</th><td data-field="[a-z_]+">([^<]*)<', html))
    assert fields["索引号"] == published.index_number
    assert fields["信息名称"] == "鄂托克前旗人民政府信息公开目录编制规范（信息类型和电子文档要求）"
    assert fields["文件编号"] == "鄂前政办发〔2018〕96号"
    assert fields["产生时间"] == "2018-11-05"
    assert fields["公开形式"] == "主动公开"
    assert fields["内容描述"] == "政府信息公开目录的信息类型和电子文档要求。"
    assert fields["公开时限"] == "长期公开"
    assert fields["审核程序"].startswith("科室拟定公开属性（")
    assert fields["责任部门（科室）"] == "办公室"
    assert fields["信息分类"] == "政策文件"
    assert fields["关键词"] == "公开目录 电子文档"
    assert fields["发布机构"] == published.agency.name
    assert fields["五公开"] == "服务公开"
    # the body is the clean public HTML, not escaped
    assert f"<p>{SEED_PARAGRAPHS[0]}</p>" in html
    assert "redaction-note" not in html
    assert f'href="/catalog/items/{published.pk}/print/"' in html


def test_print_view_in_both_forms(client, published):
    for url in (f"/catalog/items/{published.pk}/print/", f"/catalog/items/{published.pk}/?print=1"):
        response = client.get(url)
        html = text(response)
        assert response.status_code == 200
        assert 'class="portal print-view"' in html
        assert "portal-nav" not in html  # no site navigation on paper
        assert f"<p>{SEED_PARAGRAPHS[1]}</p>" in html
        assert published.index_number in html
        assert "@media print" not in html and 'href="/static/css/gongkai.css"' in html


def test_limited_time_item_shows_its_end_date(client, publish):
    item = publish(time_limit="limited", time_limit_end=dt.date(2026, 12, 31))
    assert "限时公开（至 2026-12-31）" in text(client.get(f"/catalog/items/{item.pk}/"))


def test_public_attachments_are_listed_and_downloadable_the_others_are_not(client, published, settings, tmp_path):
    # given one public and one internal attachment
    settings.MEDIA_ROOT = tmp_path
    public = Attachment.objects.create(
        item=published, name="招生计划表.xlsx", file=SimpleUploadedFile("plan.xlsx", b"PLAN"), size=4
    )
    internal = Attachment.objects.create(
        item=published, name="内部审签单.pdf", file=SimpleUploadedFile("sign.pdf", b"SIGN"), size=4, is_public=False
    )

    html = text(client.get(f"/catalog/items/{published.pk}/"))
    assert f'<a href="/catalog/items/{published.pk}/attachments/{public.pk}/">招生计划表.xlsx</a>' in html
    assert "内部审签单" not in html

    response = client.get(f"/catalog/items/{published.pk}/attachments/{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PLAN"
    assert client.get(f"/catalog/items/{published.pk}/attachments/{internal.pk}/").status_code == 404


def test_corrected_item_shows_the_new_version(client, published, unit_admin):
    services.item_correct(actor=unit_admin, item=published, reason="更正标题", title="更正后的标题：公开目录编制规范")
    html = text(client.get(f"/catalog/items/{published.pk}/"))
    assert '<h1 id="item-title">更正后的标题：公开目录编制规范</h1>' in html


def test_pages_refuse_writes(client, published):
    assert client.post("/catalog/").status_code == 405
    assert client.post(f"/catalog/items/{published.pk}/").status_code == 405


def test_cached_counts_follow_publication_and_withdrawal(client, publish, unit_admin):
    # given the counts were computed (and cached) with one item
    first = publish(title="计数缓存测试一")
    assert 'href="/catalog/?category=02">政策文件</a> <span class="count">(1)</span>' in text(client.get("/catalog/"))
    assert 'aria-label="1 条">1</span>' in text(client.get("/"))

    # when a second item is published, the counts change at once
    publish(title="计数缓存测试二")
    assert 'href="/catalog/?category=02">政策文件</a> <span class="count">(2)</span>' in text(client.get("/catalog/"))
    assert 'aria-label="2 条">2</span>' in text(client.get("/"))

    # and when one is withdrawn
    services.item_withdraw(actor=unit_admin, item=first, reason="经复查不宜公开")
    assert 'href="/catalog/?category=02">政策文件</a> <span class="count">(1)</span>' in text(client.get("/catalog/"))
    assert 'aria-label="1 条">1</span>' in text(client.get("/"))


@pytest.mark.parametrize(
    "url", ["/catalog/categories/%00/", "/feeds/categories/%00/rss/", "/catalog/topics/%00/", "/catalog/items/%00/"]
)
def test_nul_bytes_in_paths_are_404(client, url):
    assert client.get(url).status_code == 404


def test_one_pass_facet_counts_equal_the_selector_counts(publish, category, other_department):
    # given items over two categories, two years and three five-disclosure tags
    from gongkai.catalog import selectors
    from gongkai.portal.views_catalog import compute_facets

    publish(title="计数一", produced_on=dt.date(2018, 1, 5), five_disclosure="decision")
    publish(title="计数二", produced_on=dt.date(2026, 3, 1), five_disclosure="result")
    publish(title="计数三", category=category("01"), produced_on=dt.date(2026, 2, 1), five_disclosure="")
    for qs in (selectors.public_item_list(), selectors.public_item_list(year=2026)):
        expected = selectors.public_catalog_facets(qs)
        got = compute_facets(qs)
        assert got["category"] == expected["category"]
        assert got["agency"] == expected["agency"]
        assert got["year"] == expected["year"]
        assert sorted(got["five"]) == sorted(expected["five"])
        assert got["form"] == expected["form"]
