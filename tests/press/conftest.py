"""People of the press tests: a liaison of the education bureau plans, the county news office and
the bureau's administrator (competent department) approve; a spokesperson of another department."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core import clock
from gongkai.orgs.enums import Role
from tests.clock import FrozenClock
from tests.factories import UserFactory, grant


@pytest.fixture
def frozen(monkeypatch):
    fc = FrozenClock(timezone.make_aware(dt.datetime(2026, 5, 20, 9, 0)))
    monkeypatch.setattr(clock, "now", fc)
    monkeypatch.setattr(clock, "today", lambda: timezone.localdate(fc()))
    return fc


@pytest.fixture
def frequency_rules(county):
    """Local records of 鄂托克前旗 for the department frequencies (these keys have no national
    default: seed 000 第2条 is a local profile). Test data, not a statement of local law."""
    from gongkai.press import rules
    from gongkai.rules.models import RuleRecord

    return [
        RuleRecord.objects.create(
            key=key,
            jurisdiction=county,
            value=1,
            effective_from=dt.date(2014, 1, 1),
            citation="测试：本地规定（每季度/每年1次）",
        )
        for key in (rules.MIN_CONFERENCES, rules.HEAD_ATTENDANCE, rules.SPOKESPERSON_ATTENDANCE)
    ]


@pytest.fixture
def planner(department):
    user = UserFactory(username="liaison")
    grant(user, Role.LIAISON, department)
    return user


@pytest.fixture
def news_office(county_gov):
    user = UserFactory(username="newsoffice")
    grant(user, Role.NEWS_OFFICE, county_gov)
    return user


@pytest.fixture
def plan_values():
    return {
        "topic": "秋季招生入学新闻发布会",
        "planned_at": timezone.make_aware(dt.datetime(2026, 5, 25, 10, 0)),
        "place": "旗政府新闻发布厅",
        "speakers": "褚云（副局长）",
        "talking_points": "一、政策稳定；二、划片入学。",
        "risk_assessment": "风险较低。",
    }
