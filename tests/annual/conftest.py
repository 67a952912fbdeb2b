from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gongkai.catalog.enums import ItemStatus
from gongkai.catalog.models import Category, InformationItem
from gongkai.core import clock
from gongkai.orgs.enums import Role
from tests.clock import FrozenClock
from tests.factories import UserFactory, grant

_seq = itertools.count(1)


@pytest.fixture
def frozen(monkeypatch):
    fake = FrozenClock(timezone.make_aware(dt.datetime(2026, 1, 10, 9, 0)))
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def dept_admin(department):
    user = UserFactory(username="annual-dept-admin", full_name="教育局管理员")
    grant(user, Role.UNIT_ADMIN, department)
    return user


@pytest.fixture
def gov_office(county_gov):
    user = UserFactory(username="annual-office", full_name="政务公开办甲")
    grant(user, Role.DISCLOSURE_OFFICE_HEAD, county_gov)
    return user


def published_item(agency, kind: str, produced_on: dt.date, *, title: str = "") -> InformationItem:
    """A published catalogue item (test data: the public copy written as publication would)."""
    n = next(_seq)
    author = UserFactory(username=f"annual-author-{n}")
    return InformationItem.objects.create(
        agency=agency,
        created_by=author,
        status=ItemStatus.PUBLISHED,
        title=title or f"测试文件{n}",
        public_title=title or f"测试文件{n}",
        produced_on=produced_on,
        keywords="测试",
        category=Category.objects.get(code="02"),
        statutory_kind=kind,
        index_number=f"TEST/{produced_on.year}-{n:05d}",
        published_at=timezone.make_aware(dt.datetime.combine(produced_on, dt.time(10))),
    )
