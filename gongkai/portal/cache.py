"""Short-lived cache of the catalogue's aggregate counts (facets — whose category counts also
give the total of a view —, category counts of the home and guide pages).

Counting the facets of a large catalogue means grouping every public row, five times per page;
the counts change only when an item is published, corrected or withdrawn. They are cached per
filter combination under a *catalogue version* that any save of an item, category, topic link
or agency bumps (signals connected in ``apps.py``), and for at most ``PORTAL_COUNT_CACHE_SECONDS``
(default 60): with a per-process cache (the embedded default) another worker's counts may lag by
that much. The item lists' rendered table (``views_catalog``) is cached here too, but its key also
holds the search index's version, read from the database and replaced by every publish, correction
and withdrawal, so a published item is listed, and a withdrawn one gone, at once in every process.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "portal:catalog-version"


def ttl() -> int:
    return int(getattr(settings, "PORTAL_COUNT_CACHE_SECONDS", 60))


def catalog_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY) or time.time_ns()
    return version


def bump(**_kwargs: Any) -> None:
    """A signal receiver: the public catalogue may have changed."""
    cache.set(VERSION_KEY, time.time_ns(), None)


def cached(name: str, key: str, compute: Callable[[], Any]) -> Any:
    if ttl() <= 0:
        return compute()
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    full_key = f"portal:{name}:{catalog_version()}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, ttl())
    return value
