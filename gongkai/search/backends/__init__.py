"""Engine-specific parts of the search index: one module per database vendor.

``get_backend(connection)`` returns the backend for a Django connection. A backend knows
how to write the index rows of documents and how to run a compiled query; everything else
(normalisation, segmentation, ranking window, facets, snippets) is shared.
"""

from __future__ import annotations

from django.db import connections

from .base import Backend, IndexRow, Query, Window


def get_backend(using: str = "default") -> Backend:
    connection = connections[using]
    vendor = connection.vendor
    if vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend(connection)
    if vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend(connection)
    raise NotImplementedError(f"search index: unsupported database vendor {vendor!r}")


__all__ = ["Backend", "IndexRow", "Query", "Window", "get_backend"]
