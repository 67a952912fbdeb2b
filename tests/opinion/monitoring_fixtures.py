"""Fixtures of the monitoring tests (imported with ``from .monitoring_fixtures import *``).

The register of the demo banner: 鄂托克前旗 with the townships 敖勒召其镇 and 城川镇 and their
governments, the education bureau and the health commission; monitors at the banner government
(covers everything below it), at 城川镇 only, and at another county.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.opinion import services
from gongkai.opinion.enums import PostKind, SourceKind
from gongkai.orgs.enums import AgencyKind, RegionLevel, Role

from ..factories import AgencyFactory, RegionFactory, UserFactory, grant
from ..rule_defaults import ensure_rule_defaults

__all__ = [
    "at",
    "banner",
    "chengchuan_monitor",
    "edu",
    "health",
    "monitor",
    "other_county_monitor",
    "rec",
    "source",
    "township_govs",
    "townships",
    "_opinion_rules",
]


def at(y=2026, m=5, d=11, hh=9, mm=0, ss=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm, ss))


def rec(ext, text, *, minutes=0, kind="", **extra) -> dict:
    """A raw record as the API receives it, published ``minutes`` after 2026-05-11 09:00."""
    row = {"id": ext, "text": text, "published_at": (at() + dt.timedelta(minutes=minutes)).isoformat()}
    if kind:
        row["kind"] = kind
    row.update(extra)
    return row


@pytest.fixture(autouse=True)
def _opinion_rules(db):
    ensure_rule_defaults("opinion")


@pytest.fixture
def townships(county):
    a = RegionFactory(code="150623100", name="敖勒召其镇", level=RegionLevel.TOWNSHIP, parent=county)
    c = RegionFactory(code="150623101", name="城川镇", level=RegionLevel.TOWNSHIP, parent=county)
    return a, c


@pytest.fixture
def banner(county_gov):
    county_gov.short_name = "旗政府"
    county_gov.save()
    return county_gov


@pytest.fixture
def township_govs(townships, banner):
    a, c = townships
    ga = AgencyFactory(
        name="敖勒召其镇人民政府", short_name="敖勒召其镇", kind=AgencyKind.TOWNSHIP, region=a, parent=banner
    )
    gc = AgencyFactory(name="城川镇人民政府", short_name="城川镇", kind=AgencyKind.TOWNSHIP, region=c, parent=banner)
    return ga, gc


@pytest.fixture
def edu(banner, department):
    """The conftest's department (鄂托克前旗教育局), with its short name."""
    department.short_name = "教育局"
    department.save()
    return department


@pytest.fixture
def health(banner, other_department):
    """The conftest's other department (鄂托克前旗卫生健康委员会), with its short name."""
    other_department.short_name = "卫健委"
    other_department.save()
    return other_department


@pytest.fixture
def monitor(banner):
    user = UserFactory(username="monitor", full_name="旗网信办监测员", email="monitor@example.cn")
    grant(user, Role.OPINION_MONITOR, banner)
    return user


@pytest.fixture
def chengchuan_monitor(township_govs):
    user = UserFactory(username="cc-monitor", full_name="城川镇监测员")
    grant(user, Role.OPINION_MONITOR, township_govs[1])
    return user


@pytest.fixture
def other_county_monitor(db):
    region = RegionFactory(code="532923", name="祥云县", level=RegionLevel.COUNTY)
    gov = AgencyFactory(name="祥云县人民政府", kind=AgencyKind.GOVERNMENT, region=region)
    user = UserFactory(username="xy-monitor", full_name="祥云县监测员")
    grant(user, Role.OPINION_MONITOR, gov)
    return user


@pytest.fixture
def source(monitor, banner, township_govs, edu, health):
    return services.source_create(actor=monitor, agency=banner, name="微博监测", kind=SourceKind.WEIBO)


__all__ += ["PostKind"]
