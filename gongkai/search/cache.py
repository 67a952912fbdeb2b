"""Cached search results: ``cached_search`` is ``selectors.search`` behind Django's cache.

The key is made of the parsed query (its normalised terms: 輿情 and 舆情, or extra spaces, share
an entry), the kinds, the filters, the sort, the page, the page size and the version token of
every kind searched (``models.IndexVersion``). ``services`` replaces the token of a kind in the
same transaction as any change of its documents (index, re-index, removal, rebuild), so from
the commit of a withdrawal on, no process can reach a result computed before it: entries of
the old token are simply never read again and expire. The token is read from the database on
every call (one primary-key read), so several web processes agree without talking to each
other; the cache itself may be per process (local memory) or shared (Redis).

Only the search result is cached — titles, snippets, facet counts, keys. Callers still load
the objects themselves through their public selectors on every request, so a cached hit whose
object is no longer public is dropped there as before (a second guard).

``settings.SEARCH_CACHE_SECONDS`` (environment ``SEARCH_CACHE_SECONDS``) is how long an entry
lives; 0 turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import caches

from .models import IndexVersion
from .selectors import SORTS, SearchResult, _parse, search

CACHE_ALIAS = "default"
KEY_PREFIX = "search:v1:"


def cache_seconds() -> int:
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", 0) or 0)


def versions(kinds: Iterable[str], *, using: str = "default") -> dict[str, str]:
    """The current version token of each kind ("0" for a kind never written)."""
    kinds = sorted(set(kinds))
    found = dict(IndexVersion.objects.using(using).filter(kind__in=kinds).values_list("kind", "token"))
    return {kind: found.get(kind, "0") for kind in kinds}


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return sorted((_plain(v) for v in value), key=repr)
    return value


def cache_key(
    q: Any,
    *,
    kinds: Iterable[str],
    filters: Mapping[str, Any] | None,
    sort: str,
    page: Any,
    page_size: Any,
    using: str = "default",
) -> str:
    """The key of one search; raises ``ValidationFailed`` for a query ``search`` would refuse."""
    terms = [repr(term) for term in _parse(q)]
    kinds = sorted(set(kinds))
    data = {
        "q": terms,
        "kinds": kinds,
        "filters": sorted(
            ((str(k), _plain(v)) for k, v in (filters or {}).items() if v is not None and v != ""), key=repr
        ),
        "sort": sort,
        "page": str(page),
        "size": str(page_size),
        "versions": versions(kinds, using=using),
        "db": using,
    }
    digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()
    return KEY_PREFIX + digest


def cached_search(
    q: Any,
    *,
    kinds: Iterable[str],
    filters: Mapping[str, Any] | None = None,
    sort: str = "relevance",
    page: Any = 1,
    page_size: Any = 20,
    using: str = "default",
    key: str | None = None,
) -> SearchResult:
    """``search`` of ``kinds``, answered from the cache when the same search ran on the same
    version of those kinds' documents. Errors (bad query, sort, page) are never cached.
    ``key``: the ``cache_key`` of these same arguments when the caller has just computed it
    (it reads the version tokens: one query saved)."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    seconds = cache_seconds()
    if seconds <= 0 or not kinds or sort not in SORTS:
        return search(q, kinds=kinds, filters=filters, sort=sort, page=page, page_size=page_size, using=using)
    if key is None:
        key = cache_key(q, kinds=kinds, filters=filters, sort=sort, page=page, page_size=page_size, using=using)
    cache = caches[CACHE_ALIAS]
    result = cache.get(key)
    if result is None:
        result = search(q, kinds=kinds, filters=filters, sort=sort, page=page, page_size=page_size, using=using)
        cache.set(key, result, seconds)
    return result
