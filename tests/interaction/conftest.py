import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core import clock
from gongkai.interaction import services
from gongkai.interaction.enums import Action, Kind
from gongkai.interaction.services import LetterInput
from gongkai.orgs.enums import AgencyKind, RegionLevel, Role

from ..clock import FrozenClock
from ..factories import AgencyFactory, RegionFactory, UserFactory, grant


def local(y, m, d, hh=9, mm=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture(autouse=True)
def _interaction_rules(db, settings):
    from tests.rule_defaults import ensure_rule_defaults

    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    ensure_rule_defaults("interaction")


@pytest.fixture
def frozen(monkeypatch):
    fake = FrozenClock(local(2026, 3, 2))  # Monday
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def town_region(county):
    return RegionFactory(code="150623100", name="敖勒召其镇", level=RegionLevel.TOWNSHIP, parent=county)


@pytest.fixture
def other_town_region(county):
    return RegionFactory(code="150623101", name="城川镇", level=RegionLevel.TOWNSHIP, parent=county)


@pytest.fixture
def township(town_region, county_gov):
    return AgencyFactory(name="敖勒召其镇人民政府", kind=AgencyKind.TOWNSHIP, region=town_region, parent=county_gov)


@pytest.fixture
def other_township(other_town_region, county_gov):
    return AgencyFactory(name="城川镇人民政府", kind=AgencyKind.TOWNSHIP, region=other_town_region, parent=county_gov)


@pytest.fixture
def clerk(county_gov):
    """The mailbox office (信箱办) of the county government."""
    user = UserFactory(username="mailbox-clerk", full_name="信箱办甲")
    grant(user, Role.DISCLOSURE_OFFICE_STAFF, county_gov)
    return user


@pytest.fixture
def office_head(county_gov):
    user = UserFactory(username="mailbox-head", full_name="信箱办主任")
    grant(user, Role.DISCLOSURE_OFFICE_HEAD, county_gov)
    return user


@pytest.fixture
def liaison(township):
    user = UserFactory(username="town-liaison", full_name="镇联络员")
    grant(user, Role.LIAISON, township)
    return user


@pytest.fixture
def town_head(township):
    user = UserFactory(username="town-head", full_name="镇负责人")
    grant(user, Role.UNIT_ADMIN, township)
    return user


@pytest.fixture
def other_liaison(other_township):
    user = UserFactory(username="other-liaison")
    grant(user, Role.LIAISON, other_township)
    return user


def make_input(**overrides) -> LetterInput:
    values = {
        "kind": Kind.COMPLAINT,
        "title": "村道路灯长期不亮",
        "content": "敖勒召其镇某村村道的路灯已经坏了三个月，晚上出行很不安全，请尽快维修。",
        "name": "王小明",
        "phone": "13912345678",
        "email": "wang@example.cn",
        "address": "敖勒召其镇幸福村3号",
        "publish_consent": True,
    }
    values.update(overrides)
    return LetterInput(**values)


def submit(office, **overrides):
    return services.letter_submit_online(office=office, data=make_input(**overrides), ip="10.0.0.1")


def approve_review(letter, approver):
    from gongkai.workflow import selectors as review_selectors
    from gongkai.workflow import services as review_services
    from gongkai.workflow.enums import Decision

    review = review_selectors.review_active_for(letter)
    review_services.review_decide(actor=approver, review=review, decision=Decision.APPROVE, comment="同意")


def reply(letter, *, liaison, head, text="经核实，路灯已于本周修复，感谢您的监督。"):
    services.letter_transition(actor=liaison, letter=letter, action=Action.DRAFT, reply_text=text)
    services.letter_transition(actor=liaison, letter=letter, action=Action.SUBMIT_REVIEW)
    approve_review(letter, head)
