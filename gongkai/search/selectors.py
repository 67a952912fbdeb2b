"""Reading the search index: ``search()``.

How a query runs (the same on SQLite and PostgreSQL; only the match itself is engine SQL):

1. The query is normalised like the documents and cut into blocks (``text.query_terms``);
   every block must occur in the title or the body (as a substring: Chinese has no spaces).
   Filters (kinds, agencies, facet values) are index tags, so the engine
   intersects them with the words instead of filtering rows afterwards.
2. The engine returns the newest ``RANK_WINDOW`` matches (walking its index in sortkey
   order and stopping there where it can, so that the cost hardly grows with the number
   of matches) and the total: SQLite counts exactly up to ``COUNT_CAP``; PostgreSQL counts
   exactly when the matches are few and estimates otherwise (see backends/postgres.py).
   ``total_exact`` is False for a capped or estimated total ("about"). If there are at
   most ``RANK_WINDOW`` matches, the window is the whole result set.
3. Relevance is scored in Python over the window: a term in the title weighs more than any
   number of occurrences in the body, then term frequency in the body (saturating), then
   recency. Beyond the window, hits continue newest first. ``sort="date"`` is newest first.
4. Facet counts are over the window: exact when the result set fits in it
   (``facets_exact``), otherwise over the newest ``RANK_WINDOW`` matches.
5. Snippets and highlighted titles are built in Python (``highlight``) for the page only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.core.errors import ValidationFailed

from .backends import Query, get_backend
from .highlight import highlight, snippet
from .models import SearchDocument
from .services import agency_tag, facet_tag, facet_value, kind_tag
from .text import Term, normalise, normalise_many, query_terms

MAX_QUERY_LENGTH = getattr(settings, "SEARCH_MAX_QUERY_LENGTH", 100)
MAX_TERMS = getattr(settings, "SEARCH_MAX_TERMS", 20)
MAX_PAGE_SIZE = 100
RANK_WINDOW = getattr(settings, "SEARCH_RANK_WINDOW", 1000)
COUNT_CAP = getattr(settings, "SEARCH_COUNT_CAP", 100_000)
TITLE_WEIGHT = 3.0  # per term; the body adds at most 1 per term, so a title hit always wins
TF_SATURATION = 1.5
SORTS = ("relevance", "date")
AGENCY = "agency_id"


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: str
    title: str
    title_html: str
    snippet_html: str
    score: float
    published_at: datetime | None
    url: str
    facets: dict
    agency_id: int | None


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit] = field(default_factory=list)
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    sort: str = "relevance"
    total_exact: bool = True
    facets_exact: bool = True
    terms: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return (self.total + self.page_size - 1) // self.page_size if self.total else 0


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ValidationFailed(_("%(what)s无效。") % {"what": what})
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(_("%(what)s无效。") % {"what": what}) from None


def _values(value: Any) -> list:
    return list(value) if isinstance(value, list | tuple | set | frozenset) else [value]


def _tag_groups(kinds: Iterable[str] | None, filters: Mapping[str, Any] | None) -> tuple[tuple[str, ...], ...] | None:
    """Tag groups for the filters; None if a filter can match nothing (an empty list)."""
    groups: list[tuple[str, ...]] = []
    if kinds is not None:
        kinds = _values(kinds) if not isinstance(kinds, str) else [kinds]
        if not kinds:
            return None
        groups.append(tuple(kind_tag(str(k)) for k in kinds))
    for name, value in (filters or {}).items():
        if isinstance(value, list | tuple | set | frozenset):
            if not value:
                return None  # an empty list allows nothing (e.g. a scope without agencies)
            values = [v for v in value if v is not None and v != ""]
        else:
            values = [] if value is None or value == "" else [value]
        if not values:
            continue  # a blank filter does not filter
        if name == AGENCY:
            groups.append(tuple(agency_tag(_int(v, _("单位编号"))) for v in values))
        else:
            if not isinstance(name, str) or not all(isinstance(v, str | int | bool) for v in values):
                raise ValidationFailed(_("筛选条件无效。"), detail={"filter": str(name)})
            groups.append(tuple(facet_tag(name, v) for v in values))
    return tuple(groups)


def _parse(q: Any) -> list[Term]:
    q = "" if q is None else str(q)
    if len(q) > MAX_QUERY_LENGTH:
        raise ValidationFailed(
            _("检索词过长，请不要超过%(n)d个字符。") % {"n": MAX_QUERY_LENGTH}, detail={"max_length": MAX_QUERY_LENGTH}
        )
    terms = query_terms(q)
    if len(terms) > MAX_TERMS:
        raise ValidationFailed(
            _("检索词过多，请不要超过%(n)d个词。") % {"n": MAX_TERMS}, detail={"max_terms": MAX_TERMS}
        )
    return terms


def _json(value: Any) -> dict:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _contains(text: str, term: Term) -> bool:
    return term.text in text


def _frequency(text: str, term: Term) -> int:
    return text.count(term.text)


def _score(terms: list[Term], title_n: str, body_n: str) -> float:
    total = 0.0
    for term in terms:
        if _contains(title_n, term):
            total += TITLE_WEIGHT
        tf = _frequency(body_n, term)
        total += tf / (tf + TF_SATURATION)
    return round(total / len(terms), 6)


def score(terms: list[Term], title: str, body: str) -> float:
    """Relevance of a matching document: title hits first, then saturating body frequency.

    The body is only lower-cased (a ranking signal: which documents match is the engine's).
    """
    return _score(terms, normalise(title), body.lower())


def _add_facets(counts: dict[str, dict[str, int]], facets: dict, n: int) -> None:
    for name, value in facets.items():
        bucket = counts.get(name)
        if bucket is None:
            bucket = counts[name] = {}
        for v in value if isinstance(value, list) else (value,):
            if v is not None and v != "":
                key = facet_value(v)
                bucket[key] = bucket.get(key, 0) + n


def _facet_counts(rows: Iterable[tuple]) -> dict[str, dict[str, int]]:
    """Counts per facet value over ``(sortkey, agency_id, facets, ...)`` rows. The facets of many
    rows are the same stored text (a few categories × years × forms): each distinct text is
    parsed and counted once, weighted by its number of rows (issue 17's profile)."""
    counts: dict[str, dict[str, int]] = {}
    agencies: Counter[str] = Counter()
    stored: Counter[str] = Counter()
    for row in rows:
        if row[1] is not None:
            agencies[str(row[1])] += 1
        if isinstance(row[2], str):
            stored[row[2]] += 1
        else:  # already decoded by the driver (PostgreSQL's jsonb)
            _add_facets(counts, _json(row[2]), 1)
    for text, n in stored.items():
        _add_facets(counts, _json(text), n)
    if agencies:
        counts = {AGENCY: dict(agencies), **counts}
    return {
        name: dict(sorted(bucket.items(), key=lambda kv: (-kv[1], kv[0]))) for name, bucket in counts.items() if bucket
    }


def _hits(page_keys: list[int], terms, scores: dict[int, float], *, relevance: bool, using: str) -> list[Hit]:
    """The page's documents, in ``page_keys`` order, with highlighted title and snippet."""
    rows = {
        d.sortkey: d
        for d in SearchDocument.objects.using(using)
        .filter(sortkey__in=page_keys)
        .only("sortkey", "kind", "object_id", "agency_id", "title", "body", "facets", "published_at", "url")
    }
    hits = []
    for key in page_keys:
        d = rows.get(key)
        if d is None:
            continue
        hits.append(
            Hit(
                kind=d.kind,
                object_id=d.object_id,
                title=d.title,
                title_html=highlight(d.title, terms),
                snippet_html=snippet(d.body, terms),
                score=scores.get(key, score(terms, d.title, d.body) if relevance else 0.0),
                published_at=d.published_at,
                url=d.url,
                facets=d.facets,
                agency_id=d.agency_id,
            )
        )
    return hits


def search(
    q: Any,
    *,
    kinds: Iterable[str] | None = None,
    filters: Mapping[str, Any] | None = None,
    sort: str = "relevance",
    page: Any = 1,
    page_size: Any = 20,
    using: str = "default",
) -> SearchResult:
    """Full-text search: every term of ``q`` must match; see the module docstring."""
    if sort not in SORTS:
        raise ValidationFailed(_("排序方式无效。"), detail={"sort": sort, "allowed": list(SORTS)})
    page = max(1, _int(page, _("页码")))
    page_size = min(max(1, _int(page_size, _("每页条数"))), MAX_PAGE_SIZE)
    terms = _parse(q)
    groups = _tag_groups(kinds, filters)
    words = tuple(t.word for t in terms)
    empty = SearchResult(total=0, page=page, page_size=page_size, sort=sort, terms=words)
    if not terms or groups is None:
        return empty

    backend = get_backend(using)
    query = Query(tuple(terms), groups)
    relevance = sort == "relevance"
    found = backend.matches(query, limit=RANK_WINDOW, count_cap=COUNT_CAP)
    total, total_exact = found.total, found.total_exact
    complete = total_exact and total <= RANK_WINDOW
    window = backend.rows(found.keys, text=relevance)
    facet_counts = _facet_counts(window)
    keys = [row[0] for row in window]

    offset = (page - 1) * page_size
    scores: dict[int, float] = {}
    if relevance and window:
        titles = normalise_many([row[3] for row in window])
        scores = {row[0]: _score(terms, title, row[4].lower()) for row, title in zip(window, titles, strict=True)}
        ordered = sorted(keys, key=lambda k: (-scores[k], -k))
    else:
        ordered = keys
    page_keys = ordered[offset : offset + page_size]
    if len(page_keys) < page_size and not complete:
        # Past the window: the older matches, newest first.
        skip = max(0, offset - len(ordered))
        page_keys += backend.newest(
            query, limit=page_size - len(page_keys), offset=skip, before=min(keys) if keys else None
        )

    hits = _hits(page_keys, terms, scores, relevance=relevance, using=using)
    return SearchResult(
        total=total,
        hits=hits,
        facet_counts=facet_counts,
        page=page,
        page_size=page_size,
        sort=sort,
        total_exact=total_exact,
        facets_exact=complete,
        terms=words,
    )
