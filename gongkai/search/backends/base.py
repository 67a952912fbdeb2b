"""The backend interface and the shapes both engines share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..text import Term

TABLE = "search_searchdocument"
COLUMNS = (
    "id",
    "kind",
    "object_id",
    "agency_id",
    "title",
    "body",
    "facets",
    "published_at",
    "url",
    "sortkey",
    "indexed_at",
)


WINDOW_COLUMNS = ("sortkey", "agency_id", "facets")
# Relevance reads the title and the beginning of the body (term frequency saturates anyway).
SCORED_BODY_CHARS = 2000
TEXT_COLUMNS = ("title", f"substr(body, 1, {SCORED_BODY_CHARS})")


@dataclass(frozen=True)
class IndexRow:
    """One document as written: its table columns, its index tokens and tags, and the canonical
    text that long query blocks are checked against (``text.stored_text``)."""

    id: int
    kind: str
    object_id: str
    agency_id: int | None
    title: str
    body: str
    facets: dict
    published_at: datetime | None
    url: str
    sortkey: int
    indexed_at: datetime
    title_tokens: str
    body_tokens: str
    tags: str
    verify: str = ""


@dataclass(frozen=True)
class Window:
    """The newest matches of a query (at most the limit asked) and the number of matches.

    ``total_exact`` is False when ``total`` is a floor (a capped count) or an estimate.
    """

    keys: list[int]
    total: int
    total_exact: bool


@dataclass(frozen=True)
class Query:
    """All ``terms`` must match (in title or body); each of ``tag_groups`` must match one of its tags."""

    terms: tuple[Term, ...]
    tag_groups: tuple[tuple[str, ...], ...] = field(default=())
    # False: the candidates that hold the tokens, without the check of the text (estimates).
    check_text: bool = True

    @property
    def verify(self) -> tuple[str, ...]:
        """Strings the stored canonical text must contain (the blocks the tokens do not settle)."""
        if not self.check_text:
            return ()
        return tuple(dict.fromkeys(t.verify for t in self.terms if t.verify))


class Backend:
    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    def _values(self, row: IndexRow) -> list:
        ops = self.connection.ops
        return [
            row.id,
            row.kind,
            row.object_id,
            row.agency_id,
            row.title,
            row.body,
            self._json(row.facets),
            ops.adapt_datetimefield_value(row.published_at),
            row.url,
            row.sortkey,
            ops.adapt_datetimefield_value(row.indexed_at),
        ]

    def _json(self, value: dict):
        raise NotImplementedError

    # --- writing (inside the caller's transaction) -----------------------------------
    def reserve_ids(self, n: int) -> list[int]:
        """``n`` fresh primary keys for ``SearchDocument``."""
        raise NotImplementedError

    def insert(self, rows: list[IndexRow]) -> None:
        """Write the documents and their index rows."""
        raise NotImplementedError

    def insert_index(self, rows: list[IndexRow]) -> None:
        """Write (or replace) the index rows only, for documents already in the table."""
        raise NotImplementedError

    def clear_index(self) -> None:
        """Empty the engine index (the documents stay); ``services.reindex`` fills it again."""
        raise NotImplementedError

    def delete(self, ids: list[int]) -> None:
        raise NotImplementedError

    def delete_kind(self, kind: str) -> int:
        raise NotImplementedError

    def optimize(self) -> None:
        """Maintenance after a bulk load (may lock the index for a while)."""
        raise NotImplementedError

    # --- reading ---------------------------------------------------------------------
    def matches(self, query: Query, *, limit: int, count_cap: int) -> Window:
        """The sortkeys of the newest ``limit`` matches and how many match in all."""
        raise NotImplementedError

    def newest(self, query: Query, *, limit: int, offset: int = 0, before: int | None = None) -> list[int]:
        """Sortkeys of matches, newest first (only those below ``before`` if given)."""
        raise NotImplementedError

    def _rows_sql(self, columns: str, keys: list[int]):
        for start in range(0, len(keys), 900):
            chunk = keys[start : start + 900]
            yield f"SELECT {columns} FROM {TABLE} WHERE sortkey IN ({', '.join(['%s'] * len(chunk))})", chunk

    def rows(self, keys: list[int], *, text: bool) -> list[tuple]:
        """(sortkey, agency_id, facets JSON[, title, body]) of the documents, in the order of ``keys``."""
        if not keys:
            return []
        columns = ", ".join(WINDOW_COLUMNS + (TEXT_COLUMNS if text else ()))
        found: dict[int, tuple] = {}
        with self.connection.cursor() as cursor:
            for sql, params in self._rows_sql(columns, keys):
                cursor.execute(sql, params)
                found.update((row[0], row) for row in cursor.fetchall())
        # Keys without a document (an index row left behind by a flush of the table) are skipped.
        return [found[k] for k in keys if k in found]
