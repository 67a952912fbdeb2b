import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core import clock
from gongkai.foi import services
from gongkai.foi.enums import ApplicantKind, Channel, DeliveryForm, IdType, ObtainMethod
from gongkai.foi.services import ApplicationInput, ItemInput
from gongkai.orgs.enums import Role

from ..clock import FrozenClock
from ..factories import UserFactory, grant

# A valid 居民身份证号码 (GB 11643 check character 5).
VALID_ID = "150102199003070015"


def local(y, m, d, hh=9, mm=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture(autouse=True)
def _foi_rules(db, settings, tmp_path):
    """This app's default rule records (a transactional test elsewhere may have flushed them),
    and a data key of its own for every test."""
    from tests.rule_defaults import ensure_rule_defaults

    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    ensure_rule_defaults("foi")


@pytest.fixture
def frozen(monkeypatch):
    fake = FrozenClock(local(2026, 3, 2))  # Monday
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def handler(department):
    user = UserFactory(username="foi-handler", full_name="经办人甲")
    grant(user, Role.SUB_USER, department)
    return user


@pytest.fixture
def head(department):
    user = UserFactory(username="foi-head", full_name="负责人乙")
    grant(user, Role.DISCLOSURE_OFFICE_HEAD, department)
    return user


@pytest.fixture
def reviewer(department):
    user = UserFactory(username="foi-reviewer")
    grant(user, Role.CONFIDENTIALITY_REVIEWER, department)
    return user


@pytest.fixture
def county_head(county_gov):
    """Head of the county disclosure office: covers the departments below the county government."""
    user = UserFactory(username="county-head")
    grant(user, Role.DISCLOSURE_OFFICE_HEAD, county_gov)
    return user


def make_input(**overrides) -> ApplicationInput:
    values = {
        "applicant_kind": ApplicantKind.NATURAL,
        "applicant_name": "张三",
        "id_type": IdType.RESIDENT_ID,
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "zhangsan@example.cn",
        "address": "内蒙古自治区鄂尔多斯市鄂托克前旗敖勒召其镇某街1号",
        "items": [ItemInput(description="2025年义务教育阶段学校布局调整方案", title="学校布局调整方案")],
        "delivery_form": DeliveryForm.EMAIL,
        "obtain_method": ObtainMethod.EMAIL,
    }
    values.update(overrides)
    return ApplicationInput(**values)


def register(actor, agency, *, submitted_on=None, channel=Channel.IN_PERSON, **overrides):
    submitted_on = submitted_on or clock.today()
    extra = {}
    if channel == Channel.LETTER:
        extra["signed_for_on"] = overrides.pop("signed_for_on", submitted_on)
    if channel in (Channel.FAX, Channel.EMAIL):
        extra["confirmed_on"] = overrides.pop("confirmed_on", submitted_on)
    app, code = services.application_register(
        actor=actor, agency=agency, channel=channel, data=make_input(**overrides), submitted_on=submitted_on, **extra
    )
    return app, code
