"""Bulk writes of the pipeline: one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) per table and batch.

Django's ``bulk_create`` prepares every value of every row through the field machinery and, on
SQLite, splits the insert into statements of a few dozen rows (the bound-parameter limit); for
the posts of a batch that was about 60 % of the pipeline's time. Here the values are converted once
per column kind with the backend's own adapters (``adapt_datetimefield_value``, ``adapt_json_value``)
and sent as one prepared statement executed for all rows. Rows are tuples in the order of the
given attribute names; ``check_fields`` guards against a model change that the list misses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import connection


def _sqlite_datetime():
    """SQLite's ``adapt_datetimefield_value`` without its per-value checks: aware → naive in the
    connection's zone, then ``str`` (the same text Django writes)."""
    zone = connection.timezone

    def convert(value):
        if value is None:
            return None
        if value.utcoffset() is not None:
            value = value.astimezone(zone).replace(tzinfo=None)
        return str(value)

    return convert


def _json(field):
    """``adapt_json_value`` with the empty containers (most posts' extra fields) written as constants."""
    ops, encoder = connection.ops, field.encoder

    def convert(value):
        if type(value) is dict and not value:
            return "{}"
        if type(value) is list and not value:
            return "[]"
        return ops.adapt_json_value(value, encoder)

    return convert


def _converter(field):
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "DateTimeField":
        if connection.vendor == "sqlite" and settings.USE_TZ:
            return _sqlite_datetime()
        return ops.adapt_datetimefield_value
    if kind == "JSONField":
        return _json(field)
    return None


def _columns(model, attnames: Sequence[str]):
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return [by_attname[a] for a in attnames]


def check_fields(model, attnames: Sequence[str]) -> None:
    """Every concrete field of the model is written (a new field with no place in the rows fails loudly)."""
    expected = {f.attname for f in model._meta.concrete_fields}
    missing = expected - set(attnames)
    extra = set(attnames) - expected
    if missing or extra:
        raise RuntimeError(
            f"{model.__name__} writer fields out of date: missing {sorted(missing)}, unknown {sorted(extra)}"
        )


def insert(model, attnames: Sequence[str], rows: Iterable[Sequence]) -> int:
    fields = _columns(model, attnames)
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    convert = [(i, c) for i, c in enumerate(_converter(f) for f in fields) if c is not None]
    data = []
    for row in rows:
        if convert:
            row = list(row)
            for i, c in convert:
                row[i] = c(row[i])
        data.append(row)
    if not data:
        return 0
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            _copy(cur, model._meta.db_table, [f.column for f in fields], data)
        else:
            cur.executemany(sql, data)
    return len(data)


def _copy(cur, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """PostgreSQL: the rows through ``COPY … FROM STDIN`` on the same connection and transaction.

    ``executemany`` of an INSERT costs the server a parse-bind-execute round per row; with two
    Celery workers writing at once that server time, not the workers, was the limit. The values
    are the ones the INSERT would bind (the adapters above), dumped by psycopg.
    """
    qn = connection.ops.quote_name
    with cur.cursor.copy(f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def update(model, attnames: Sequence[str], objs: Iterable) -> int:
    """``UPDATE … SET <attnames> WHERE id = …`` for each object, with its current attribute values."""
    fields = _columns(model, attnames)
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(model._meta.db_table)} SET {', '.join(f'{qn(f.column)} = %s' for f in fields)} "
        f"WHERE {qn(model._meta.pk.column)} = %s"
    )
    convert = [_converter(f) for f in fields]
    data = []
    for obj in objs:
        values = []
        for f, c in zip(fields, convert, strict=True):
            value = getattr(obj, f.attname)
            values.append(c(value) if c is not None else value)
        values.append(obj.pk)
        data.append(values)
    if data:
        with connection.cursor() as cur:
            cur.executemany(sql, data)
    return len(data)


class IdAllocator:
    """Primary keys handed out before the insert, so rows of one batch can refer to each other.

    SQLite: the write transaction is IMMEDIATE (settings), so no other writer runs until commit;
    ids continue after the largest used (the AUTOINCREMENT counter included). PostgreSQL: ids come
    from the column's sequence (gaps are harmless).
    """

    def __init__(self, model):
        self.table = model._meta.db_table
        self.next_id: int | None = None
        self.pool: list[int] = []

    def take(self, n: int = 1) -> list[int]:
        if n <= 0:
            return []
        if connection.vendor == "postgresql":
            if len(self.pool) < n:
                with connection.cursor() as cur:
                    cur.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [self.table, max(n - len(self.pool), 16 if n == 1 else n - len(self.pool))],
                    )
                    self.pool.extend(r[0] for r in cur.fetchall())
            out, self.pool = self.pool[:n], self.pool[n:]
            return out
        if self.next_id is None:
            with connection.cursor() as cur:
                cur.execute(f'SELECT max(id) FROM "{self.table}"')  # the table name comes from the model
                top = cur.fetchone()[0] or 0
                try:
                    cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                    row = cur.fetchone()
                    top = max(top, row[0] if row else 0)
                except Exception:  # no AUTOINCREMENT table yet
                    pass
            self.next_id = top + 1
        out = list(range(self.next_id, self.next_id + n))
        self.next_id += n
        return out
