"""PostgreSQL: the companion table ``search_index(sortkey, tsv)`` with a GIN index on ``tsv``.

``tsv`` is built from the segmented title and body with the ``simple`` configuration (which
only lower-cases; tokens are letters and digits, so the parser keeps jieba's words whole),
stripped of positions (queries are AND of words and ranking is done in Python), plus the
filter tags as literal lexemes. The query is tsquery text in which every token is a quoted
lexeme, so no input is an operator; it has no weights, so the GIN index answers exactly and
rows are never rechecked.

Why a companion table: the matching rows must be visited to order them by ``sortkey``. In
``search_index`` a row is a sortkey and a pointer to the out-of-line tsvector
(``toast_tuple_target = 128``), about 60 bytes, so a million rows fit in a few thousand
pages; the document table, with titles and bodies, is many times larger.

Plans are chosen here, not left to the planner, whose estimates for AND of words are far
off (it multiplies the frequencies of correlated words) and which does not price the
reading of out-of-line tsvectors: the count and rarer queries use the GIN bitmap (then the
top-N sort by sortkey), restricted first to the newest slice of the table expected to
hold the window (so that a query matching a few percent of a million rows does not visit
all of them), and queries matching a large share of the table walk the sortkey index
newest first and stop after the window. The settings are made with ``SET LOCAL``
inside a savepoint that is rolled back, so they never leak into the caller's transaction.
"""

from __future__ import annotations

from django.db import transaction
from psycopg.types.json import Jsonb

from ..text import Term
from .base import COLUMNS, TABLE, TEXT_COLUMNS, WINDOW_COLUMNS, Backend, IndexRow, Query

INDEX = "search_index"
TSV = "strip(to_tsvector('simple', %s || ' ' || %s)) || array_to_tsvector(%s::text[])"
# Walk the sortkey index when at least this share of the documents match (see docs/performance.md).
INDEX_SCAN_SHARE = 0.10
SLICE_MARGIN = 3


def _lexeme(token: str, suffix: str = "") -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + suffix


def _term(term: Term) -> str:
    if term.prefix:
        return _lexeme(term.word, ":*")
    if term.parts:
        return "(" + _lexeme(term.word) + " | (" + " & ".join(_lexeme(p) for p in term.parts) + "))"
    return _lexeme(term.word)


def compile_tsquery(query: Query) -> str:
    parts = [_term(t) for t in query.terms]
    for group in query.tag_groups:
        parts.append("(" + " | ".join(_lexeme(tag) for tag in group) + ")")
    return " & ".join(parts)


class PostgresBackend(Backend):
    vendor = "postgresql"

    def _json(self, value: dict):
        return Jsonb(value)

    def _planned(self, off: tuple[str, ...], sql: str, params: list) -> list[tuple]:
        """Run a read with some plan types switched off, in a savepoint rolled back after."""
        alias = self.connection.alias
        with transaction.atomic(using=alias):
            sid = transaction.savepoint(using=alias)
            try:
                with self.connection.cursor() as cursor:
                    for setting in off:
                        cursor.execute(f"SET LOCAL {setting} = off")
                    cursor.execute(sql, params)
                    return cursor.fetchall()
            finally:
                transaction.savepoint_rollback(sid, using=alias)

    def reserve_ids(self, n: int) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [TABLE, n])
            return [row[0] for row in cursor.fetchall()]

    def insert(self, rows: list[IndexRow]) -> None:
        if not rows:
            return
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})",
                [self._values(row) for row in rows],
            )
            # ON CONFLICT: a row left behind by a flush of the document table (tests) is replaced.
            cursor.executemany(
                f"INSERT INTO {INDEX} (sortkey, tsv) VALUES (%s, {TSV})"
                " ON CONFLICT (sortkey) DO UPDATE SET tsv = EXCLUDED.tsv",
                [(row.sortkey, row.title_tokens, row.body_tokens, row.tags.split()) for row in rows],
            )

    def delete(self, ids: list[int]) -> None:
        if not ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {INDEX} WHERE sortkey IN (SELECT sortkey FROM {TABLE} WHERE id = ANY(%s))", [list(ids)]
            )
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [list(ids)])

    def delete_kind(self, kind: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {INDEX} WHERE sortkey IN (SELECT sortkey FROM {TABLE} WHERE kind = %s)", [kind]
            )
            cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s", [kind])
            return cursor.rowcount

    def _documents(self) -> float:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [INDEX])
            row = cursor.fetchone()
        return float(row[0]) if row else -1.0

    def _select(self, tsquery: str, *, limit: int, offset: int, before: int | None, lower: int | None, walk: bool):
        sql = f"SELECT sortkey FROM {INDEX} WHERE tsv @@ %s::tsquery"
        params: list = [tsquery]
        if before is not None:
            sql += " AND sortkey < %s"
            params.append(before)
        if lower is not None:
            sql += " AND sortkey >= %s"
            params.append(lower)
        sql += " ORDER BY sortkey DESC LIMIT %s OFFSET %s"
        params += [limit, offset]
        off = ("enable_seqscan", "enable_bitmapscan") if walk else ("enable_seqscan", "enable_indexscan")
        return [row[0] for row in self._planned(off, sql, params)]

    def _sortkey_at(self, position: int) -> int | None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT sortkey FROM {INDEX} ORDER BY sortkey DESC OFFSET %s LIMIT 1", [position])
            row = cursor.fetchone()
        return row[0] if row else None

    def _keys(self, query: Query, *, limit: int, offset: int = 0, before: int | None = None, matches=None):
        tsquery = compile_tsquery(query)
        documents = self._documents()
        share = matches / documents if matches and documents > 0 else None
        if share is not None and share >= INDEX_SCAN_SHARE:
            return self._select(tsquery, limit=limit, offset=offset, before=before, lower=None, walk=True)
        if share is not None and offset == 0 and before is None:
            # Look first among the newest documents expected to hold SLICE_MARGIN windows of matches
            # (the GIN bitmap and the sortkey range are intersected), then everywhere if too few.
            slice_size = int(SLICE_MARGIN * limit / share)
            if slice_size < documents / 2:
                lower = self._sortkey_at(slice_size)
                if lower is not None:
                    keys = self._select(tsquery, limit=limit, offset=0, before=None, lower=lower, walk=False)
                    if len(keys) >= limit:
                        return keys
        return self._select(tsquery, limit=limit, offset=offset, before=before, lower=None, walk=False)

    def window(self, query, *, limit, text, matches=None):
        keys = self._keys(query, limit=limit, matches=matches)
        if not keys:
            return []
        columns = ", ".join(WINDOW_COLUMNS + (TEXT_COLUMNS if text else ()))
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {TABLE} WHERE sortkey = ANY(%s)", [keys])
            rows = {row[0]: row for row in cursor.fetchall()}
        return [rows[k] for k in keys if k in rows]

    def newest(self, query, *, limit, offset=0, before=None, matches=None):
        return self._keys(query, limit=limit, offset=offset, before=before, matches=matches)

    def count(self, query, *, cap=None):
        inner = f"SELECT 1 FROM {INDEX} WHERE tsv @@ %s::tsquery"
        params: list = [compile_tsquery(query)]
        if cap is not None:
            inner += " LIMIT %s"
            params.append(cap)
        rows = self._planned(
            ("enable_seqscan", "enable_indexscan"), f"SELECT count(*) FROM ({inner}) AS matches", params
        )
        return rows[0][0]
