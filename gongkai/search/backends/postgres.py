"""PostgreSQL: the companion table ``search_index(sortkey, tsv, verify)`` with a GIN index on ``tsv``.

``tsv`` is ``array_to_tsvector`` of the index tokens of the title and body
(``text.index_tokens``) and of the filter tags: the lexemes are exactly the Python tokens, no
parser in between, and hold no positions (queries are AND of tokens and ranking is done in
Python). The query is tsquery text in which every token is a quoted lexeme, so no input is
an operator; it has no weights, so the GIN index answers exactly. ``verify`` is the canonical
title and body: a query block that its tokens do not settle is checked with ``strpos`` on it
in the same statement, so that limits and counts are of true matches.

Why a companion table: matching rows must be visited to order them by ``sortkey``; rows of
``search_index`` hold only the sortkey and the tsvector, so they are several times smaller
than document rows with their titles and bodies.

Plans are chosen here, not left to the planner, whose estimates for AND of words are far
off (it multiplies the frequencies of correlated words) and which does not know that
building a GIN bitmap for a word found in most documents already costs tens of
milliseconds at a million rows. ``matches`` bounds the share of matching documents with
ANALYZE's element statistics (the rarest word of an AND bounds it), then:

- likely common (≥ ``WALK_SHARE``): walk the sortkey index newest first over a bounded
  number of documents; the window is usually found there, and the total is estimated from
  the share seen (``total_exact`` False) — counting every match would cost more than the
  whole budget;
- few (≤ ``FULL_SCAN_MATCHES`` expected): the GIN bitmap, all matches visited, counted
  exactly;
- in between: the GIN bitmap intersected with the newest slice of the sortkey index
  expected to hold ``SLICE_MARGIN`` windows, widened until it holds a window; the total
  is estimated from the slice.

The plan settings are made with ``SET LOCAL`` inside a savepoint that is rolled back, so
they never leak into the caller's transaction.
"""

from __future__ import annotations

import time

from django.db import transaction
from psycopg.types.json import Jsonb

from ..text import Term
from .base import COLUMNS, TABLE, Backend, IndexRow, Query, Window

INDEX = "search_index"
TSV = "array_to_tsvector(%s::text[])"
# See docs/performance.md. Walk the newest documents when ANALYZE's statistics say that at
# least this share of them may match; below FULL_SCAN_MATCHES expected matches, visit them
# all (and count them exactly); in between, look in the newest slice expected to hold
# SLICE_MARGIN windows of matches first.
WALK_SHARE = 0.10
FULL_SCAN_MATCHES = 5_000
SLICE_MARGIN = 2
STATS_SECONDS = 300
_STATS: dict[str, tuple[float, dict[str, float], float]] = {}


def _lexeme(token: str, suffix: str = "") -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + suffix


def _term(term: Term) -> list[str]:
    return [_lexeme(t) for t in term.tokens] + [_lexeme(p, ":*") for p in term.prefixes]


def compile_tsquery(query: Query) -> str:
    parts = [p for t in query.terms for p in _term(t)]
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
        self.insert_index(rows)

    def insert_index(self, rows: list[IndexRow]) -> None:
        def lexemes(row: IndexRow) -> list[str]:
            return list(dict.fromkeys((row.title_tokens + " " + row.body_tokens + " " + row.tags).split()))

        with self.connection.cursor() as cursor:
            # ON CONFLICT: a row left behind by a flush of the document table (tests) is replaced.
            cursor.executemany(
                f"INSERT INTO {INDEX} (sortkey, tsv, verify) VALUES (%s, {TSV}, %s)"
                " ON CONFLICT (sortkey) DO UPDATE SET tsv = EXCLUDED.tsv, verify = EXCLUDED.verify",
                [(row.sortkey, lexemes(row), row.verify) for row in rows],
            )

    def clear_index(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {INDEX}")

    def delete(self, ids: list[int]) -> None:
        # The trigger search_document_deleted removes the search_index rows.
        if ids:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [list(ids)])

    def delete_kind(self, kind: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s", [kind])
            return cursor.rowcount

    def optimize(self) -> None:
        # Rows in sortkey order make the walks and slices read few pages. Documents indexed as
        # they are published arrive in that order anyway; a bulk load in another order does not.
        with self.connection.cursor() as cursor:
            cursor.execute(f"CLUSTER {INDEX} USING {INDEX}_pkey")
            cursor.execute(f"ANALYZE {INDEX}")
            cursor.execute(f"ANALYZE {TABLE}")
        _STATS.pop(self.connection.alias, None)

    # --- reading ---------------------------------------------------------------------
    def _rows_sql(self, columns: str, keys: list[int]):
        yield f"SELECT {columns} FROM {TABLE} WHERE sortkey = ANY(%s)", [list(keys)]

    def _documents(self) -> float:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [INDEX])
            row = cursor.fetchone()
        return float(row[0]) if row else -1.0

    def _frequencies(self) -> tuple[dict[str, float], float]:
        """Share of documents holding each common lexeme (ANALYZE's statistics) and the floor below them."""
        now = time.monotonic()
        cached = _STATS.get(self.connection.alias)
        if cached and now - cached[0] < STATS_SECONDS:
            return cached[1], cached[2]
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE schemaname = current_schema() AND tablename = %s AND attname = 'tsv'",
                [INDEX],
            )
            row = cursor.fetchone()
        freqs: dict[str, float] = {}
        floor = 1.0  # no statistics: assume anything may be common
        if row and row[0] and row[1]:
            freqs = dict(zip(row[0], row[1], strict=False))
            floor = row[1][len(row[0])]  # the minimum frequency among the common lexemes
        _STATS[self.connection.alias] = (now, freqs, floor)
        return freqs, floor

    def _share_bound(self, query: Query) -> float:
        """An upper bound of the share of documents matching (AND: the rarest part bounds it)."""
        freqs, floor = self._frequencies()

        def word(w: str) -> float:
            return freqs.get(w, floor)

        bounds = []
        for term in query.terms:
            bounds += [word(t) for t in term.tokens]
            for prefix in term.prefixes:
                bounds.append(min(1.0, sum(f for lex, f in freqs.items() if lex.startswith(prefix)) + floor))
        for group in query.tag_groups:
            bounds.append(min(1.0, sum(word(t) for t in group)))
        return min(bounds) if bounds else 1.0

    @staticmethod
    def _verify(query: Query) -> tuple[str, list]:
        return "".join(" AND strpos(verify, %s) > 0" for _ in query.verify), list(query.verify)

    def _select(self, query: Query, *, limit: int, walk: bool, before=None, lower=None, offset=0, counted=False):
        """Sortkeys newest first (and, when ``counted``, the number of rows matching the conditions)."""
        verify, verify_params = self._verify(query)
        where = "tsv @@ %s::tsquery" + verify
        params: list = [compile_tsquery(query), *verify_params]
        if before is not None:
            where += " AND sortkey < %s"
            params.append(before)
        if lower is not None:
            where += " AND sortkey >= %s"
            params.append(lower)
        count = ", count(*) OVER ()" if counted else ""
        sql = f"SELECT sortkey{count} FROM {INDEX} WHERE {where} ORDER BY sortkey DESC LIMIT %s OFFSET %s"
        params += [limit, offset]
        off = ("enable_seqscan", "enable_bitmapscan") if walk else ("enable_seqscan", "enable_indexscan")
        return self._planned(off, sql, params)

    def _walk(self, query: Query, *, limit: int, budget: int) -> tuple[list[int], int]:
        """Walk the newest ``budget`` documents only: (matching sortkeys, documents walked to get them)."""
        verify, verify_params = self._verify(query)
        sql = (
            f"SELECT sortkey, n FROM (SELECT sortkey, tsv, verify, row_number() OVER (ORDER BY sortkey DESC) AS n"
            f" FROM {INDEX} ORDER BY sortkey DESC LIMIT %s) AS recent WHERE tsv @@ %s::tsquery{verify}"
            f" ORDER BY sortkey DESC LIMIT %s"
        )
        params = [budget, compile_tsquery(query), *verify_params, limit]
        rows = self._planned(("enable_seqscan", "enable_bitmapscan"), sql, params)
        return [r[0] for r in rows], (rows[-1][1] if len(rows) >= limit else budget)

    def _sortkey_at(self, position: int) -> int | None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT sortkey FROM {INDEX} ORDER BY sortkey DESC OFFSET %s LIMIT 1", [position])
            row = cursor.fetchone()
        return row[0] if row else None

    def matches(self, query, *, limit, count_cap):
        documents = self._documents()  # -1 before the first ANALYZE: a new, small table
        bound = self._share_bound(query)
        share = None
        if bound * documents <= FULL_SCAN_MATCHES:
            pass  # few matches expected: visit and count them all
        elif bound >= WALK_SHARE:
            # Probably common: the newest documents hold the window; counting all would cost more.
            keys, walked = self._walk(query, limit=limit, budget=int(limit / WALK_SHARE))
            share = len(keys) / walked
            if len(keys) >= limit:
                return Window(keys, min(count_cap, round(share * documents)), False)
        else:
            share = bound
        # The GIN bitmap, first within the newest slice expected to hold the window.
        slice_size = 0
        while share:
            wanted = int(SLICE_MARGIN * limit / share)
            if wanted <= slice_size or wanted >= documents / 2:
                break
            slice_size = wanted
            lower = self._sortkey_at(slice_size)
            if lower is None:
                break
            rows = self._select(query, limit=limit, walk=False, lower=lower, counted=True)
            found = rows[0][1] if rows else 0
            if found >= limit:
                estimate = min(count_cap, round(found / slice_size * documents))
                return Window([r[0] for r in rows], estimate, False)
            share = max(found, 1) / slice_size
        rows = self._select(query, limit=limit, walk=False, counted=True)
        total = rows[0][1] if rows else 0
        return Window([r[0] for r in rows], min(total, count_cap), total < count_cap)

    def newest(self, query, *, limit, offset=0, before=None):
        walk = self._share_bound(query) >= WALK_SHARE
        rows = self._select(query, limit=limit, walk=walk, before=before, offset=offset)
        return [r[0] for r in rows]

    def count(self, query, *, cap=None):
        verify, verify_params = self._verify(query)
        inner = f"SELECT 1 FROM {INDEX} WHERE tsv @@ %s::tsquery{verify}"
        params: list = [compile_tsquery(query), *verify_params]
        if cap is not None:
            inner += " LIMIT %s"
            params.append(cap)
        rows = self._planned(
            ("enable_seqscan", "enable_indexscan"), f"SELECT count(*) FROM ({inner}) AS matches", params
        )
        return rows[0][0]
