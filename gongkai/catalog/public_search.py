"""Full-text search of the public catalogue, shared by the portal's search page and the API.

Only published items are returned, and only their public copy (``selectors.public_items``): a
hit whose item is no longer public is left out by the callers (it is absent from ``items``).

Results come through the search cache (``gongkai.search.cache``, issue 17): the cache key holds
the version token of the catalogue's index kind, replaced by every publish, correction and
withdrawal (they all go through ``services.publication._index``/``_unindex``), and the items
themselves are loaded here on every call from ``selectors.public_items()``.
"""

from __future__ import annotations

from gongkai.core.db_router import read_alias
from gongkai.search.cache import cache_key, versions
from gongkai.search.cache import cached_search as search
from gongkai.search.selectors import SearchResult

from . import selectors
from .models import InformationItem
from .public_params import parse_id
from .services.publication import SEARCH_KIND

PAGE_SIZE = 10


def public_item_search(
    q: str, *, category=None, year=None, agency=None, sort="relevance", page=1, page_size=PAGE_SIZE, key=None
) -> tuple[SearchResult, dict[int, InformationItem]]:
    """Search the public catalogue; return ``(result, items by id)`` with hits of public items only.

    A page beyond the last one gives the last page. ``key``: ``public_search_key`` of the same
    arguments, when the caller already has it.
    """
    filters = _filters(category, year, agency)
    using = read_alias()  # the read replica inside a public read (core.db_router), else default
    result = search(
        q, kinds=[SEARCH_KIND], filters=filters, sort=sort, page=page, page_size=page_size, using=using, key=key
    )
    if result.pages and page > result.pages:
        result = search(
            q, kinds=[SEARCH_KIND], filters=filters, sort=sort, page=result.pages, page_size=page_size, using=using
        )
    ids = [parse_id(hit.object_id) for hit in result.hits]
    items = {item.pk: item for item in selectors.public_items().filter(pk__in=[i for i in ids if i])}
    return result, items


def _filters(category, year, agency) -> dict:
    return {"category": category, "year": year, "agency_id": agency}


def index_version() -> str:
    """The version token of the catalogue's search index, read from the database: replaced in the
    transaction of every publish, correction and withdrawal, so a cache key holding it can never
    reach a page of items computed before one, whichever process or cache backend serves it."""
    return versions([SEARCH_KIND], using=read_alias())[SEARCH_KIND]


def public_search_key(q: str, *, category=None, year=None, agency=None, sort="relevance", page=1) -> str:
    """The search cache's key of ``public_item_search`` with these arguments: it holds the index
    version of the catalogue, so it changes with every publish, correction and withdrawal.
    Raises ``ValidationFailed`` for a query the search would refuse."""
    filters = _filters(category, year, agency)
    return cache_key(
        q, kinds=[SEARCH_KIND], filters=filters, sort=sort, page=page, page_size=PAGE_SIZE, using=read_alias()
    )
