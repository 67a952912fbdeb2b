"""PostgreSQL: the column ``tsv`` (tsvector) of ``search_searchdocument`` with a GIN index.

``tsv`` is built from the segmented title and body with the ``simple`` configuration (which
only lower-cases; tokens are letters and digits, so the parser keeps jieba's words whole),
stripped of positions (queries are AND of words and ranking is done in Python), plus the
tags as literal lexemes. The query is tsquery text in which every token is a quoted lexeme,
so no input is an operator; no weights, so the GIN index answers without rechecking rows.
"""

from __future__ import annotations

from psycopg.types.json import Jsonb

from ..text import Term
from .base import COLUMNS, TABLE, TEXT_COLUMNS, WINDOW_COLUMNS, Backend, IndexRow, Query

TSV = "strip(to_tsvector('simple', %s || ' ' || %s)) || array_to_tsvector(%s::text[])"


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
                f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}, tsv) VALUES ({placeholders}, {TSV})",
                [[*self._values(row), row.title_tokens, row.body_tokens, row.tags.split()] for row in rows],
            )

    def delete(self, ids: list[int]) -> None:
        if not ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [list(ids)])

    def delete_kind(self, kind: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s", [kind])
            return cursor.rowcount

    def window(self, query, *, limit, text):
        columns = ", ".join(WINDOW_COLUMNS + (TEXT_COLUMNS if text else ()))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {TABLE} WHERE tsv @@ %s::tsquery ORDER BY sortkey DESC LIMIT %s",
                [compile_tsquery(query), limit],
            )
            return cursor.fetchall()

    def newest(self, query, *, limit, offset=0, before=None):
        tsquery = compile_tsquery(query)
        sql = f"SELECT sortkey FROM {TABLE} WHERE tsv @@ %s::tsquery"
        params: list = [tsquery]
        if before is not None:
            sql += " AND sortkey < %s"
            params.append(before)
        sql += " ORDER BY sortkey DESC LIMIT %s OFFSET %s"
        params += [limit, offset]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def count(self, query, *, cap=None):
        inner = f"SELECT 1 FROM {TABLE} WHERE tsv @@ %s::tsquery"
        params: list = [compile_tsquery(query)]
        if cap is not None:
            inner += " LIMIT %s"
            params.append(cap)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({inner}) AS matches", params)
            return cursor.fetchone()[0]
