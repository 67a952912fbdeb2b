"""Shared set-up of the response-side tests (no tests here): a county with townships, departments,
coordinators and people, and events made at a given warning level.

Events are created directly (the monitoring side's pipeline is under test elsewhere); a level is set
the way an audited level change leaves it: ``level``, ``level_reason``, ``level_changed_at``,
``warned_at`` and an ``EventLevelChange`` row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gongkai.opinion.enums import RAISED_LEVELS, EmergencyGrade, LevelChangeKind, WarningLevel
from gongkai.opinion.models import Event, EventAgency, EventLevelChange, EventRegion
from gongkai.orgs.enums import AgencyKind, RegionLevel, Role
from gongkai.orgs.models import Agency, Region, User
from tests.factories import AgencyFactory, RegionFactory, UserFactory, grant

TZ = timezone.get_fixed_timezone(8 * 60)


def local(y, m, d, h=0, mi=0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


@dataclass
class World:
    county: Region
    gov: Agency
    office: Agency
    edu: Agency
    emergency: Agency
    health: Agency
    town_a_region: Region
    town_b_region: Region
    town_a: Agency
    town_b: Agency
    monitor: User  # 网信办 at the county government (covering role)
    news: User  # 新闻办 at the county government
    leader: User  # 分管负责同志 at the county government
    office_admin: User  # unit administrator of the government office
    town_a_admin: User
    town_a_staff: User
    town_b_admin: User
    edu_admin: User
    emergency_admin: User


def build_world(code: str = "532923", name: str = "祥云县", prefix: str = "xy") -> World:
    county = Region.objects.filter(code=code).first()
    if county is None:
        province = RegionFactory(code=code[:2] + "0000", name="测试省", level=RegionLevel.PROVINCE)
        city = RegionFactory(code=code[:4] + "00", name="测试市", level=RegionLevel.CITY, parent=province)
        county = RegionFactory(code=code, name=name, level=RegionLevel.COUNTY, parent=city)
    gov = AgencyFactory(name=f"{name}人民政府", kind=AgencyKind.GOVERNMENT, region=county)
    office = AgencyFactory(name=f"{name}人民政府办公室", kind=AgencyKind.GENERAL_OFFICE, region=county, parent=gov)
    edu = AgencyFactory(name=f"{name}教育局", short_name="教育局", region=county, parent=gov)
    emergency = AgencyFactory(name=f"{name}应急管理局", short_name="应急管理局", region=county, parent=gov)
    health = AgencyFactory(name=f"{name}卫生健康局", short_name="卫健局", region=county, parent=gov)
    ra = RegionFactory(code=code + "100", name="甲镇", level=RegionLevel.TOWNSHIP, parent=county)
    rb = RegionFactory(code=code + "101", name="乙镇", level=RegionLevel.TOWNSHIP, parent=county)
    town_a = AgencyFactory(name="甲镇人民政府", short_name="甲镇", kind=AgencyKind.TOWNSHIP, region=ra, parent=gov)
    town_b = AgencyFactory(name="乙镇人民政府", short_name="乙镇", kind=AgencyKind.TOWNSHIP, region=rb, parent=gov)

    def person(username, role, agency, email=True):
        user = UserFactory(username=f"{prefix}-{username}", email=f"{prefix}-{username}@example.org" if email else "")
        grant(user, role, agency)
        return user

    return World(
        county=county,
        gov=gov,
        office=office,
        edu=edu,
        emergency=emergency,
        health=health,
        town_a_region=ra,
        town_b_region=rb,
        town_a=town_a,
        town_b=town_b,
        monitor=person("monitor", Role.OPINION_MONITOR, gov),
        news=person("news", Role.NEWS_OFFICE, gov),
        leader=person("leader", Role.LEADER, gov),
        office_admin=person("office", Role.UNIT_ADMIN, office),
        town_a_admin=person("ta-admin", Role.UNIT_ADMIN, town_a),
        town_a_staff=person("ta-staff", Role.SUB_USER, town_a),
        town_b_admin=person("tb-admin", Role.UNIT_ADMIN, town_b),
        edu_admin=person("edu-admin", Role.UNIT_ADMIN, edu),
        emergency_admin=person("em-admin", Role.UNIT_ADMIN, emergency),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def national_world(db) -> World:
    """A county with no local opinion rule (the national 48 h / 5 h / 24 h apply)."""
    return build_world(code="150623", name="鄂托克前旗", prefix="eqq")


def make_event(
    *,
    title: str = "甲镇学校食堂事件",
    level: str = WarningLevel.BLUE,
    regions=(),
    agencies=(),
    at: dt.datetime | None = None,
    category: str = "",
    keywords=(),
    grade: str | None = None,
) -> Event:
    """An event; a red one is, unless ``grade`` says otherwise, graded 重大突发事件 as a person would
    (the grade, not the colour, calls for the 5 h / 24 h clocks)."""
    at = at or timezone.now()
    if grade is None:
        grade = EmergencyGrade.SERIOUS if level == WarningLevel.RED else EmergencyGrade.UNCLASSIFIED
    event = Event.objects.create(
        title=title,
        first_seen_at=at,
        last_seen_at=at,
        category=category,
        keywords=list(keywords),
        emergency_grade=grade,
        emergency_graded_at=at if grade else None,
    )
    for region in regions:
        EventRegion.objects.create(event=event, region=region)
    for agency in agencies:
        EventAgency.objects.create(event=event, agency=agency)
    if level != WarningLevel.BLUE:
        set_level(event, level, at=at)
    return event


def set_level(event: Event, level: str, *, at: dt.datetime | None = None, reason: str = "测试设定") -> Event:
    at = at or timezone.now()
    EventLevelChange.objects.create(
        event=event, from_level=event.level, to_level=level, kind=LevelChangeKind.MANUAL, reason=reason, changed_at=at
    )
    event.level, event.level_reason, event.level_changed_at = level, reason, at
    if level in RAISED_LEVELS and event.warned_at is None:
        event.warned_at = at
    event.save()
    return event
