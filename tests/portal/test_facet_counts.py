"""The maintained facet counts (``catalog.FacetCount``, issue 17) against the items themselves.

The catalogue page reads its facet counts and total from rows the publication services keep;
these tests count the published items directly (``compute_facets``, one GROUP BY over the items)
after every kind of change and require the same numbers, on the page as well.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gongkai.catalog import selectors, services
from gongkai.catalog.models import FacetCount, InformationItem
from gongkai.catalog.services.facet_counts import facet_counts_rebuild
from gongkai.portal.params import CatalogFilters
from gongkai.portal.views_catalog import compute_facets, maintained_facets

from .conftest import through_review

pytestmark = pytest.mark.django_db


def filter_sets(items) -> list[CatalogFilters]:
    """No filter, each single filter value present among the items, and pairs of them."""
    sets = [CatalogFilters()]
    for item in items:
        sets += [
            CatalogFilters(category=item.category.code),
            CatalogFilters(agency=item.agency_id),
            CatalogFilters(year=item.produced_on.year),
            CatalogFilters(five=item.five_disclosure or None),
            CatalogFilters(form=item.attribute),
            CatalogFilters(category=item.category.code, year=item.produced_on.year),
            CatalogFilters(year=item.produced_on.year, five=item.five_disclosure or None),
        ]
    return sets


def assert_counts_match_items() -> None:
    items = list(InformationItem.objects.select_related("category"))
    for filters in filter_sets(items):
        expected = compute_facets(filters.queryset())  # a GROUP BY over the published items
        assert maintained_facets(filters) == expected, filters


def maintained_rows() -> set[tuple]:
    return set(
        FacetCount.objects.filter(n__gt=0).values_list(
            "category_id", "agency_id", "year", "five_disclosure", "attribute", "n"
        )
    )


def category_count(html: str, code: str) -> int | None:
    match = re.search(rf'category={code}[^"]*">[^<]+</a> <span class="count">\((\d+)\)</span>', html)
    return int(match.group(1)) if match else None


def test_counts_follow_publication(client, publish, category):
    # given nothing published: no counts
    assert maintained_facets(CatalogFilters())["category"] == []

    # when three items are published over two categories, two years and two 五公开 tags
    publish(title="计数一", produced_on=dt.date(2018, 1, 5), five_disclosure="decision")
    publish(title="计数二", produced_on=dt.date(2026, 3, 1), five_disclosure="result")
    publish(title="计数三", category=category("01"), produced_on=dt.date(2026, 2, 1), five_disclosure="")

    # then every filter combination counts exactly what the items say
    assert_counts_match_items()
    counts = maintained_facets(CatalogFilters())
    assert counts["category"] == [("01", "机构概况", 1), ("02", "政策文件", 2)]
    assert counts["year"] == [(2026, 2026, 2), (2018, 2018, 1)]
    assert counts["five"] == [("decision", 1), ("result", 1)]
    assert counts["form"] == [("active", 3)]
    # and the page shows them, with the total
    html = client.get("/catalog/").content.decode()
    assert (category_count(html, "01"), category_count(html, "02")) == (1, 2)
    assert "共 3 条信息" in html


def test_counts_follow_withdrawal_and_republication(
    client, publish, unit_admin, author, section_head, office_staff, leader
):
    # given two published items of 2018
    first = publish(title="撤回计数一", produced_on=dt.date(2018, 1, 5))
    publish(title="撤回计数二", produced_on=dt.date(2018, 6, 5))
    assert category_count(client.get("/catalog/?year=2018").content.decode(), "02") == 2

    # when one is withdrawn
    services.item_withdraw(actor=unit_admin, item=first, reason="经复查不宜公开")

    # then it is no longer counted anywhere, on the page either
    assert_counts_match_items()
    html = client.get("/catalog/?year=2018").content.decode()
    assert category_count(html, "02") == 1
    assert "共 1 条信息" in html

    # when it is submitted again and published after a new review
    first.refresh_from_db()
    services.item_submit(actor=author, item=first)
    through_review(first, section_head, office_staff, leader)

    # then it counts again, once
    assert_counts_match_items()
    assert category_count(client.get("/catalog/?year=2018").content.decode(), "02") == 2


def test_a_correction_moves_the_item_between_counts(client, publish, unit_admin, category):
    # given a published policy document of 2018
    item = publish(title="更正计数", produced_on=dt.date(2018, 1, 5), five_disclosure="decision")
    publish(title="不变的一条", produced_on=dt.date(2026, 3, 1), five_disclosure="result")

    # when a correction changes its category, its production date (to another year) and its 五公开 tag
    services.item_correct(
        actor=unit_admin,
        item=item,
        reason="分类与日期有误",
        category=category("01"),
        produced_on=dt.date(2026, 1, 9),
        five_disclosure="result",
    )

    # then the counts moved with it
    assert_counts_match_items()
    counts = maintained_facets(CatalogFilters())
    assert counts["category"] == [("01", "机构概况", 1), ("02", "政策文件", 1)]
    assert counts["year"] == [(2026, 2026, 2)]
    assert counts["five"] == [("result", 2)]
    # and the year filter of the page lists it under its new year only
    assert "更正计数" in client.get("/catalog/?year=2026").content.decode()
    html = client.get("/catalog/?year=2018").content.decode()
    assert "更正计数" not in html
    assert "共 0 条信息" in html

    # when a correction changes nothing the counts hold, then the counts stay as they are
    before = maintained_rows()
    services.item_correct(actor=unit_admin, item=item, reason="错字", description="新的描述")
    assert maintained_rows() == before


def test_rebuild_recounts_the_same_rows(publish, unit_admin, category):
    # given published, corrected and withdrawn items counted by the services
    a = publish(title="重建一", produced_on=dt.date(2018, 1, 5), five_disclosure="decision")
    b = publish(title="重建二", produced_on=dt.date(2026, 3, 1))
    publish(title="重建三", category=category("01"), produced_on=dt.date(2026, 2, 1), five_disclosure="result")
    services.item_correct(actor=unit_admin, item=a, reason="日期有误", produced_on=dt.date(2020, 5, 5))
    services.item_withdraw(actor=unit_admin, item=b, reason="经复查不宜公开")
    kept = maintained_rows()

    # when the counts are rebuilt from the items
    facet_counts_rebuild()

    # then they are the rows the services kept
    assert maintained_rows() == kept
    assert sum(row[-1] for row in kept) == 2


def test_produced_year_follows_produced_on(publish):
    # given a published item
    item = publish(title="年份", produced_on=dt.date(2019, 12, 31))

    # then its stored year is that of produced_on, and the year filter finds it by that year
    item.refresh_from_db()
    assert item.produced_year == 2019
    assert [i.pk for i in selectors.public_item_list(year=2019)] == [item.pk]
    assert list(selectors.public_item_list(year=2020)) == []
