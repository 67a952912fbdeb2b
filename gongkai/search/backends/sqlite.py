"""SQLite: an FTS5 table ``search_fts(verify, title, body, tags)`` whose rowid is the sortkey.

``title`` and ``body`` hold the index tokens (``text.index_tokens``: CJK characters and pairs
of adjacent characters, letter/digit runs) joined by spaces, so that the ``unicode61``
tokenizer splits exactly there. The table keeps its own copy of that text so that a row can
always be deleted by rowid. ``detail=column`` (no positions: queries are AND of tokens, never
phrases) keeps the index small. ``verify`` (not indexed) is the canonical title and body:
a query block that its tokens do not settle is checked with ``instr`` on it, in the same
statement, so that the window holds true matches only. Such a check reads the text of each
candidate, so the total of such a query is counted exactly only when the window holds every
match; otherwise it is estimated from the share of candidates that passed the check while
the window was filled (``total_exact`` False).
"""

from __future__ import annotations

import json

from ..text import Term
from .base import COLUMNS, TABLE, Backend, IndexRow, Query, Window

FTS = "search_fts"
# Up to this many candidates, the text of every one is checked to count a query exactly.
CHECK_ALL_CANDIDATES = 5_000


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _term(term: Term) -> list[str]:
    return [_quote(t) for t in term.tokens] + [_quote(p) + "*" for p in term.prefixes]


def compile_match(query: Query) -> str:
    """The FTS5 MATCH expression: every user token is quoted, so no input is an operator."""
    parts = [p for t in query.terms for p in _term(t)]
    for group in query.tag_groups:
        parts.append("(" + " OR ".join(_quote(tag) for tag in group) + ")")
    return " AND ".join(parts)


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def _json(self, value: dict):
        return json.dumps(value, ensure_ascii=False)

    def reserve_ids(self, n: int) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
                f" coalesce((SELECT max(id) FROM {TABLE}), 0))",
                [TABLE],
            )
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))

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
        with self.connection.cursor() as cursor:
            cursor.executemany(
                # OR REPLACE: a row left behind by a flush of the document table (tests) is replaced.
                f"INSERT OR REPLACE INTO {FTS} (rowid, title, body, tags, verify) VALUES (%s, %s, %s, %s, %s)",
                [(row.sortkey, row.title_tokens, row.body_tokens, row.tags, row.verify) for row in rows],
            )

    def clear_index(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS}")

    def delete(self, ids: list[int]) -> None:
        # The trigger search_document_deleted removes the FTS5 rows.
        with self.connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                cursor.execute(f"DELETE FROM {TABLE} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def delete_kind(self, kind: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s", [kind])
            return cursor.rowcount

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
            cursor.execute(f"ANALYZE {TABLE}")

    def matches(self, query, *, limit, count_cap):
        keys = self.newest(query, limit=limit)
        if len(keys) < limit:
            return Window(keys, len(keys), True)
        if query.verify:
            # Candidates (tokens only) are counted from the index alone. Few: check them all;
            # many: the share of them that passed the check down to the oldest key of the
            # window estimates the rest.
            candidates = Query(query.terms, query.tag_groups, check_text=False)
            found = self.count(candidates, cap=count_cap)
            if found > CHECK_ALL_CANDIDATES:
                walked = self._count_from(candidates, keys[-1])
                total = round(found * len(keys) / max(walked, 1))
                return Window(keys, min(max(total, len(keys)), count_cap), False)
        # Counting is cheap in FTS5 (doclists are read in rowid order, nothing else is touched).
        total = self.count(query, cap=count_cap)
        return Window(keys, total, total < count_cap)

    def _where(self, query: Query) -> tuple[str, list]:
        where = f"{FTS} MATCH %s"
        params: list = [compile_match(query)]
        for text in query.verify:
            where += " AND instr(verify, %s) > 0"
            params.append(text)
        return where, params

    def newest(self, query, *, limit, offset=0, before=None):
        where, params = self._where(query)
        sql = f"SELECT rowid FROM {FTS} WHERE {where}"
        if before is not None:
            sql += " AND rowid < %s"
            params.append(before)
        sql += " ORDER BY rowid DESC LIMIT %s OFFSET %s"
        params += [limit, offset]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _count_from(self, query: Query, lowest: int) -> int:
        where, params = self._where(query)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {where} AND rowid >= %s", [*params, lowest])
            return cursor.fetchone()[0]

    def count(self, query, *, cap=None):
        where, params = self._where(query)
        inner = f"SELECT 1 FROM {FTS} WHERE {where}"
        if cap is not None:
            inner += " LIMIT %s"
            params.append(cap)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({inner})", params)
            return cursor.fetchone()[0]
