import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core import clock
from gongkai.orgs.enums import Role

from ..clock import FrozenClock
from ..factories import UserFactory, grant


def local(y, m, d, hh=9, mm=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture(autouse=True)
def _oversight_rules(db, settings):
    from tests.rule_defaults import ensure_rule_defaults

    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    ensure_rule_defaults("oversight")
    ensure_rule_defaults("foi")


@pytest.fixture
def frozen(monkeypatch):
    fake = FrozenClock(local(2026, 3, 2))  # Monday
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def county_office(county_gov):
    """The county disclosure office (covers the departments below the county government)."""
    user = UserFactory(username="ov-office", full_name="公开办甲")
    grant(user, Role.DISCLOSURE_OFFICE_STAFF, county_gov)
    return user


@pytest.fixture
def county_leader(county_gov):
    user = UserFactory(username="ov-leader", full_name="分管领导")
    grant(user, Role.LEADER, county_gov)
    return user


@pytest.fixture
def worker(department):
    user = UserFactory(username="ov-worker", full_name="工作人员乙")
    grant(user, Role.SUB_USER, department)
    return user
