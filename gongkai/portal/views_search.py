"""Full-text search of the public catalogue (``/search?q=...``)."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.catalog import presenters, selectors
from gongkai.catalog.public_search import public_item_search, public_search_key
from gongkai.core.errors import ValidationFailed
from gongkai.search.cache import cache_seconds
from gongkai.search.selectors import MAX_QUERY_LENGTH

from . import cache as portal_cache
from .params import category_get, parse_id, parse_year

SORTS = {"relevance": "相关度", "date": "最新公开"}
MAX_PAGE = 1000


def _page_number(value) -> int:
    text = str(value or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 6:
        return min(max(1, int(text)), MAX_PAGE)
    return 1


@require_safe
def search_page(request):
    q = (request.GET.get("q") or "").strip()
    messages: list[str] = []
    shown_q = q[:MAX_QUERY_LENGTH]  # what the page echoes back (the search itself checks the length)
    category = (request.GET.get("category") or "").strip() or None
    if category and category_get(category) is None:
        messages.append(_("没有该信息分类，已忽略分类条件。"))
        category = None
    year_raw = (request.GET.get("year") or "").strip()
    year = parse_year(year_raw) if year_raw else None
    if year_raw and year is None:
        messages.append(_("年份须为四位数字（如 2018），已忽略年份条件。"))
    agency_raw = (request.GET.get("agency") or "").strip()
    agency = parse_id(agency_raw) if agency_raw else None
    if agency_raw and (agency is None or selectors.public_agency_get(agency) is None):
        messages.append(_("没有该发布机构，已忽略机构条件。"))
        agency = None
    sort = request.GET.get("sort") or "relevance"
    if sort not in SORTS:
        messages.append(_("排序方式无效，已按相关度排序。"))
        sort = "relevance"
    page = _page_number(request.GET.get("page"))

    params = {
        "q": q,
        "category": category,
        "year": year,
        "agency": agency,
        "sort": None if sort == "relevance" else sort,
    }

    base = reverse("portal:search")  # once: the facets build dozens of links (issue 17 profile)

    def url(**override) -> str:
        values = {**params, **override}
        return base + "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})

    context = {
        "q": shown_q,
        "messages_list": messages,
        "error": None,
    }
    if not q:
        return render(request, "portal/search.html", context)
    search = {"category": category, "year": year, "agency": agency, "sort": sort, "page": page}
    try:
        context["results_html"] = _results_html(request, q, shown_q, search, url)
    except ValidationFailed as exc:
        context["error"] = exc.message
    return render(request, "portal/search.html", context)


FRAGMENT_PREFIX = "portal:search-html:v1:"


def _results_html(request, q: str, shown_q: str, search: dict, url) -> str:
    """The result block (facets, hits, pager) as HTML, from the cache when the same search was
    shown on the same versions: the key holds the search cache's key (the catalogue's index
    version, replaced in the transaction of every publish, correction and withdrawal), the
    portal's catalogue version (bumped by any save of an item, category or agency, which renames
    reach), the query as typed (echoed in the links) and the language. The block holds nothing
    of the user or the request (no CSRF token, no messages): the page around it is rendered for
    each request. Raises ``ValidationFailed`` for a query the search refuses.

    Entries live ``SEARCH_CACHE_SECONDS``. Everything an item shows here changes only by a
    correction or withdrawal, i.e. with the index version; an agency or category rename reaches a
    per-process cache's other processes when the entry expires (at once with a shared Redis)."""
    seconds = cache_seconds()
    key = search_key = None
    if seconds > 0:
        search_key = public_search_key(q, **search)
        parts = [search_key, shown_q, get_language(), portal_cache.catalog_version()]
        key = FRAGMENT_PREFIX + hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()
        html = cache.get(key)
        if html is not None:
            return mark_safe(html)  # our own template's autoescaped output, below
    result, items = public_item_search(q, **search, key=search_key)
    hits = []
    for hit in result.hits:
        item = items.get(parse_id(hit.object_id))
        if item is None:  # not public any more: never shown
            continue
        hits.append(
            {
                "item": item,
                "url": presenters.item_url(item),
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                "document_number": presenters.document_number(item),
            }
        )
    category, year, agency = search["category"], search["year"], search["agency"]
    fragment = {
        "q": shown_q,
        "result": result,
        "hits": hits,
        "facet_groups": _facets(result, category, year, agency, url),
        "pager": _pager(result, url),
        "sorts": [{"value": k, "label": v, "selected": k == search["sort"]} for k, v in SORTS.items()],
        "category": category,
        "year": year,
        "agency": agency,
    }
    html = render_to_string("portal/_search_results.html", fragment)
    if key is not None:
        cache.set(key, html, seconds)
    return mark_safe(html)


def _facets(result, category, year, agency, url) -> list[dict]:
    counts = result.facet_counts
    names = portal_cache.cached("search-facet-names", "", _facet_names)
    categories, agencies = names["categories"], names["agencies"]
    groups = []

    cat_items = [
        {"label": categories[code], "count": n, "selected": code == category, "url": url(category=code, page=None)}
        for code, n in sorted(counts.get("category", {}).items())
        if code in categories
    ]
    groups.append(
        {"label": _("信息分类"), "items": cat_items, "clear_url": url(category=None, page=None) if category else None}
    )
    year_items = [
        {"label": y, "count": n, "selected": str(year) == y, "url": url(year=y, page=None)}
        for y, n in sorted(counts.get("year", {}).items(), reverse=True)
    ]
    groups.append(
        {"label": _("产生年份"), "items": year_items, "clear_url": url(year=None, page=None) if year else None}
    )
    agency_items = [
        {"label": agencies[int(k)], "count": n, "selected": int(k) == agency, "url": url(agency=k, page=None)}
        for k, n in counts.get("agency_id", {}).items()
        if parse_id(k) in agencies
    ]
    groups.append(
        {"label": _("发布机构"), "items": agency_items, "clear_url": url(agency=None, page=None) if agency else None}
    )
    return groups


def _facet_names() -> dict:
    """Names of the active categories and agencies (cached under the catalogue version, which
    any save of a category or agency bumps)."""
    return {
        "categories": {c.code: c.name for c in selectors.category_list()},
        "agencies": dict(selectors.public_agency_list().values_list("pk", "name")),
    }


def _pager(result, url) -> dict | None:
    pages = min(result.pages, MAX_PAGE)
    if pages <= 1:
        return None
    return {
        "number": result.page,
        "pages": pages,
        "previous": url(page=result.page - 1) if result.page > 1 else None,
        "next": url(page=result.page + 1) if result.page < pages else None,
    }
