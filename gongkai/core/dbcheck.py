"""A clear message, not a traceback, when a command runs against an unmigrated database."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor


@contextmanager
def friendly_database_errors(alias: str = DEFAULT_DB_ALIAS):
    """Turn a database error caused by missing migrations into the message of ``require_migrated``."""
    try:
        yield
    except DatabaseError:
        require_migrated(alias)
        raise


def require_migrated(alias: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CommandError(
            "数据库尚未初始化或有未执行的迁移：请先运行 python manage.py migrate（make run 会自动完成）。"
        )
