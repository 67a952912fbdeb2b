"""Public reads from a read replica (issue 17, ``gongkai/core/db_router.py``).

The routing is checked with two real databases: the test database as ``default`` and a second
PostgreSQL database on the local server (``REPLICA_TEST_PG_URL``, default
``postgres://postgres@127.0.0.1:5432``) as ``replica``, holding a row ``default`` does not — so
where a read went shows in what it finds. Skipped when no PostgreSQL server answers."""

from __future__ import annotations

import os
import uuid

import dj_database_url
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.utils import load_backend
from django.test import RequestFactory

from gongkai.catalog.models import Category
from gongkai.core import db_router
from gongkai.core.db_router import PublicReadMiddleware, public_reads, read_alias

pytestmark = pytest.mark.django_db

PG_URL = os.environ.get("REPLICA_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432")
REPLICA_CODE = "R9"


def _pg_admin():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(f"{PG_URL}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server for the replica test")


@pytest.fixture
def replica(db, settings, monkeypatch):
    """A second database as the ``replica`` alias, with the router on; holds one category only it has."""
    admin = _pg_admin()
    name = f"gk_replica_test_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    config = dj_database_url.parse(f"{PG_URL}/{name}")
    full = connections.configure_settings({"default": dict(config), db_router.REPLICA: config})
    # A connection created here, not an entry of settings.DATABASES (the test case allows only the
    # databases it was set up with); the router is told a replica is configured.
    connections[db_router.REPLICA] = load_backend(config["ENGINE"]).DatabaseWrapper(
        full[db_router.REPLICA], db_router.REPLICA
    )
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    settings.DATABASE_ROUTERS = ["gongkai.core.db_router.PublicReadRouter"]
    try:
        with connections[db_router.REPLICA].schema_editor() as editor:
            editor.create_model(Category)
        Category.objects.using(db_router.REPLICA).create(code=REPLICA_CODE, name="只在副本中的分类")
        yield
    finally:
        connections[db_router.REPLICA].close()
        del connections[db_router.REPLICA]
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def on_replica() -> bool:
    return Category.objects.filter(code=REPLICA_CODE).exists()


def test_without_a_replica_public_reads_stay_on_default(db):
    with public_reads():
        assert read_alias() == "default"
        assert not on_replica()


def test_public_reads_go_to_the_replica_and_other_reads_to_default(replica):
    assert not on_replica()
    with public_reads():
        assert read_alias() == db_router.REPLICA
        assert on_replica()
    assert not on_replica()


def test_writes_inside_a_public_read_go_to_default(replica):
    with public_reads():
        category = Category.objects.get(code=REPLICA_CODE)  # read from the replica
        assert category._state.db == db_router.REPLICA
        category.name = "改名"
        category.save()
        Category.objects.create(code="W1", name="写入主库")
    assert Category.objects.using("default").filter(code="W1").exists()
    assert Category.objects.using("default").filter(code=REPLICA_CODE, name="改名").exists()
    assert Category.objects.using(db_router.REPLICA).get(code=REPLICA_CODE).name == "只在副本中的分类"


def _through_middleware(method: str, path: str, user=None) -> bool:
    request = getattr(RequestFactory(), method.lower())(path)
    request.user = user or AnonymousUser()
    return PublicReadMiddleware(lambda request: on_replica())(request)


def test_middleware_routes_only_anonymous_gets_of_public_read_paths(replica, unit_admin):
    assert _through_middleware("GET", "/search?q=政府") is True
    assert _through_middleware("GET", "/catalog/items/1/") is True
    assert _through_middleware("GET", "/api/v1/catalog/search?q=政府") is True
    assert _through_middleware("POST", "/search") is False
    assert _through_middleware("GET", "/apply/") is False
    assert _through_middleware("GET", "/backoffice/") is False
    assert _through_middleware("GET", "/catalog/", user=unit_admin) is False  # staff see the primary
    assert not on_replica()  # and the flag does not outlive the request
