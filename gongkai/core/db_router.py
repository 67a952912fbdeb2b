"""Public reads from a PostgreSQL read replica (issue 17).

When ``DATABASE_REPLICA_URL`` is set, settings add the database alias ``replica`` (a streaming
replica of ``default``), this router and ``PublicReadMiddleware``. The middleware marks
anonymous GET/HEAD requests to the read-only public paths of ``settings.REPLICA_READ_PATHS``
(catalogue, search, feeds, sitemaps, the public catalogue API); while such a request runs,
every ORM read goes to ``replica``. Everything else — writes, staff, forms, anything after a
POST — reads and writes ``default``, so a citizen never misses what they just submitted.

Raw SQL that names its connection (the search engine backends) asks ``read_alias()``.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
_public_read: contextvars.ContextVar[bool] = contextvars.ContextVar("gongkai_public_read", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The alias for reads right now: ``replica`` inside a public read, else ``default``."""
    return REPLICA if _public_read.get() and replica_configured() else DEFAULT_DB_ALIAS


class public_reads:
    """Within the block, ORM reads go to the replica (when one is configured)."""

    def __enter__(self) -> None:
        self._token = _public_read.set(True)

    def __exit__(self, *exc) -> None:
        _public_read.reset(self._token)


class PublicReadRouter:
    def db_for_read(self, model, **hints):
        return read_alias() if _public_read.get() else None

    def db_for_write(self, model, **hints):
        # Explicitly default: an instance read from the replica must never be saved there.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema from the primary by replication.
        return False if db == REPLICA else None


def is_public_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    if not any(path == p or path.startswith(p) for p in getattr(settings, "REPLICA_READ_PATHS", ())):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PublicReadMiddleware:
    """Runs anonymous GETs of the public read-only paths inside ``public_reads()``."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request):
            return self.get_response(request)
        with public_reads():
            return self.get_response(request)
