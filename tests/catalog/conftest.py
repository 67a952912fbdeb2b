import datetime as dt

import pytest

from gongkai.catalog.models import Category
from gongkai.orgs.enums import Role

from ..factories import SectionFactory, UserFactory, grant


@pytest.fixture
def office_section(department):
    return SectionFactory(agency=department, name="办公室")


@pytest.fixture
def author(department, office_section, section_head):
    # The section head exists whenever the author submits: a review whose first step nobody but
    # its submitter could decide is refused (workflow, issue 9).
    user = UserFactory(username="author")
    grant(user, Role.SUB_USER, department, office_section)
    return user


@pytest.fixture
def section_head(department, office_section):
    user = UserFactory(username="sectionhead")
    grant(user, Role.SECTION_HEAD, department, office_section)
    return user


@pytest.fixture
def office_staff(county_gov):
    user = UserFactory(username="gkbstaff")
    grant(user, Role.DISCLOSURE_OFFICE_STAFF, county_gov)
    return user


@pytest.fixture
def leader(county_gov):
    user = UserFactory(username="leader")
    grant(user, Role.LEADER, county_gov)
    return user


@pytest.fixture
def policy_category(db):
    return Category.objects.get(code="02")


@pytest.fixture
def item_fields(policy_category, office_section):
    return {
        "title": "鄂托克前旗教育局关于做好2026年秋季学期中小学招生工作的通知",
        "document_number": "鄂前教发[2026]12号",
        "produced_on": dt.date(2026, 8, 3),
        "keywords": "招生 秋季学期 教育",
        "category": policy_category,
        "five_disclosure": "service",
        "section": office_section,
        "description": "秋季学期招生工作安排。",
        "body_html": "<p>各学校：</p><p>现将招生工作安排通知如下。联系人张三，身份证号150623199001011234。</p>"
        "<p>招生报名时间为8月10日至8月20日。</p>",
    }
