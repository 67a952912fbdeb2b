"""The consultation period is a rules clock chosen by the kind of the draft and the date."""

import datetime as dt

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.policy import services
from gongkai.policy.enums import PolicyState
from gongkai.rules import registry

pytestmark = pytest.mark.django_db


def test_policy_owns_the_issue_period_keys():
    from gongkai.policy import rules

    assert registry.get_rule_spec("decision.issue_period") in rules.SPECS
    assert registry.get_rule_spec("decision.issue_period_major_revision") in rules.SPECS


def test_ordinary_draft_needs_seven_working_days(draft, local_rule):
    # Monday 2 March 2026 + 7 working days = Wednesday 11 March.
    key, period = services.consultation_minimum(draft, dt.date(2026, 3, 2))
    assert key == "participation.consultation_min_period"
    assert period.due_date == dt.date(2026, 3, 11)
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_open(
            actor=draft.created_by, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 10)
        )
    assert exc.value.code == "consultation_too_short"
    policy = services.consultation_open(
        actor=draft.created_by, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 11)
    )
    assert policy.state == PolicyState.CONSULTING
    assert policy.consultation_deadline.due_date == dt.date(2026, 3, 11)
    assert "71号" in policy.consultation_citation


def test_major_decision_needs_thirty_days(major_draft):
    key, period = services.consultation_minimum(major_draft, dt.date(2026, 3, 2))
    assert key == "participation.consultation_min_period_major"
    assert period.due_date == dt.date(2026, 4, 1)  # 30 calendar days
    assert "第十五条" in period.rule.citation
    with pytest.raises(ValidationFailed):
        services.consultation_open(
            actor=major_draft.created_by,
            policy=major_draft,
            starts_on=dt.date(2026, 3, 2),
            ends_on=dt.date(2026, 3, 31),
        )
    # A shorter period only with a stated reason (art. 15: 因情况紧急等原因需要缩短期限的，应当说明).
    policy = services.consultation_open(
        actor=major_draft.created_by,
        policy=major_draft,
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 20),
        shortened_reason="防汛工作紧急",
    )
    assert policy.shortened_reason == "防汛工作紧急"


def test_major_decision_rule_applies_only_from_2019_09_01(major_draft):
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_minimum(major_draft, dt.date(2019, 8, 30))
    assert exc.value.code == "deadline_rule_missing"
    _key, period = services.consultation_minimum(major_draft, dt.date(2019, 9, 2))
    assert period.due_date == dt.date(2019, 10, 2)


def test_ordinary_draft_without_a_local_rule_is_refused(draft):
    with pytest.raises(ValidationFailed) as exc:
        services.consultation_open(
            actor=draft.created_by, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 4, 2)
        )
    assert exc.value.code == "deadline_rule_missing"


def test_every_policy_action_has_a_spec():
    from gongkai.policy.actions import registry
    from gongkai.policy.enums import PolicyAction

    assert registry.missing(PolicyAction.values) == []


def test_moves_offered_follow_state_and_role(draft, drafter, office_staff):
    from gongkai.policy.actions import available_names

    assert available_names(draft, drafter) == ["open_consultation", "submit"]
    assert available_names(draft, office_staff) == []
    draft.state = PolicyState.SUBMITTED
    assert available_names(draft, office_staff) == ["return", "accept"]
    assert available_names(draft, drafter) == []
