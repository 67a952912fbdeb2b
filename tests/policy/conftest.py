"""Fixtures of the policy lifecycle: a frozen clock, a 铜川市-style local rule for ordinary drafts in the
test county (the 7-working-day minimum of seed 002 is a local record), a drafter and a draft."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core import clock
from gongkai.orgs.enums import Role
from gongkai.policy import services
from gongkai.policy.enums import PolicyKind
from tests.clock import FrozenClock
from tests.factories import UserFactory, grant

DRAFT = "第一条 为规范校外培训机构管理，制定本办法。\n第二条 本办法适用于本旗行政区域内的校外培训机构。\n第三条 培训收费应当公示。"


@pytest.fixture
def frozen(monkeypatch):
    fake = FrozenClock(timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0)))  # Monday
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def local_rule(county, sysadmin):
    """The ordinary consultation minimum in the test county (as 铜政办发〔2016〕71号 sets it for 铜川市)."""
    from gongkai.rules.models import RuleRecord

    return RuleRecord.objects.create(
        key="participation.consultation_min_period",
        jurisdiction=county,
        value=7,
        effective_from=dt.date(2016, 12, 28),
        citation="测试用本地规则（同铜政办发〔2016〕71号 一(二)）",
    )


@pytest.fixture
def drafter(department):
    user = UserFactory(username="drafter", full_name="起草人")
    grant(user, Role.UNIT_ADMIN, department)
    return user


@pytest.fixture
def unit_section_head(department):
    user = UserFactory(username="policy-head", full_name="科室负责人")
    grant(user, Role.SECTION_HEAD, department)
    return user


@pytest.fixture
def draft(drafter, department, frozen):
    return services.policy_create(
        actor=drafter,
        agency=department,
        kind=PolicyKind.NORMATIVE,
        title="鄂托克前旗校外培训机构管理办法（征求意见稿）",
        draft_text=DRAFT,
        explanation="为规范校外培训，起草本办法。",
        basis="《中华人民共和国教育法》",
        show_comments=True,
    )


@pytest.fixture
def major_draft(drafter, department, frozen):
    return services.policy_create(
        actor=drafter,
        agency=department,
        kind=PolicyKind.MAJOR_DECISION,
        title="鄂托克前旗中小学布局调整方案（草案）",
        draft_text=DRAFT,
        explanation="布局调整。",
    )
