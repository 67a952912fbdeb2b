"""Reading the catalogue filters of a public request.

A value the portal cannot use (``year=xyz``, an unknown category, a page number that is not
a number) is ignored with a Chinese message; it never becomes a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from gongkai.catalog import selectors
from gongkai.catalog.enums import Attribute, FiveDisclosure

# The checks shared with the API live below both edges; the portal's modules import them from here.
from gongkai.catalog.public_params import category_get, parse_id, topic_get

MIN_YEAR, MAX_YEAR = 1949, 2100
SORTS = {
    "new": ("-published_at", "最新公开"),
    "old": ("published_at", "最早公开"),
    "produced": ("-produced_on", "产生时间"),
    "title": ("title", "标题"),
}
DEFAULT_SORT = "new"
FILTER_NAMES = ("category", "agency", "year", "five", "form")


def parse_year(value) -> int | None:
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


@dataclass
class CatalogFilters:
    category: str | None = None
    agency: int | None = None
    year: int | None = None
    five: str | None = None
    form: str | None = None
    topic: str | None = None
    sort: str = DEFAULT_SORT
    messages: list[str] = field(default_factory=list)
    scope: tuple[str, ...] = ()  # filters fixed by the page (a category page): not in its links

    def queryset(self):
        qs = selectors.public_item_list(
            category=self.category,
            agency=self.agency,
            year=self.year,
            five=self.five,
            topic=self.topic,
            sort=SORTS[self.sort][0],
        )
        if self.form:
            qs = qs.filter(attribute=self.form)
        return qs

    def params(self, *, include_scope: bool = False, **override) -> dict[str, str]:
        """The query parameters of this view (without the page), with ``override`` applied."""
        values = {name: getattr(self, name) for name in (*FILTER_NAMES, "topic")}
        values["sort"] = self.sort if self.sort != DEFAULT_SORT else None
        values.update(override)
        return {k: str(v) for k, v in values.items() if v not in (None, "") and (include_scope or k not in self.scope)}

    def querystring(self, *, include_scope: bool = False, **override) -> str:
        return urlencode(self.params(include_scope=include_scope, **override))

    def with_scope(self, **scope) -> CatalogFilters:
        """Fix some filters (the category of a category page); the request cannot change them."""
        return replace(self, scope=tuple(scope), **scope)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in (*FILTER_NAMES, "topic") if name not in self.scope)


def parse_filters(get: Mapping[str, str]) -> CatalogFilters:
    filters = CatalogFilters()
    messages = filters.messages

    category = (get.get("category") or "").strip()
    if category:
        if category_get(category) is not None:
            filters.category = category
        else:
            messages.append(_("没有该信息分类，已忽略分类条件。"))
    agency = (get.get("agency") or "").strip()
    if agency:
        agency_id = parse_id(agency)
        if agency_id is not None and selectors.public_agency_get(agency_id) is not None:
            filters.agency = agency_id
        else:
            messages.append(_("没有该发布机构，已忽略机构条件。"))
    year = (get.get("year") or "").strip()
    if year:
        filters.year = parse_year(year)
        if filters.year is None:
            messages.append(_("年份须为四位数字（如 2018），已忽略年份条件。"))
    five = (get.get("five") or "").strip()
    if five:
        if five in FiveDisclosure.values:
            filters.five = five
        else:
            messages.append(_("五公开类别无效，已忽略该条件。"))
    form = (get.get("form") or "").strip()
    if form:
        if form in Attribute.values:
            filters.form = form
        else:
            messages.append(_("公开形式无效，已忽略该条件。"))
    topic = (get.get("topic") or "").strip()
    if topic:
        if topic_get(topic) is not None:
            filters.topic = topic
        else:
            messages.append(_("没有该专题，已忽略专题条件。"))
    sort = (get.get("sort") or "").strip()
    if sort:
        if sort in SORTS:
            filters.sort = sort
        else:
            messages.append(_("排序方式无效，已按最新公开排序。"))
    return filters
