"""Two-party prior approval of press conferences (R6.1) and the 备案 of spokespersons (R1.3)."""

import datetime as dt

import pytest

from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.press import selectors, services
from gongkai.press.enums import ConferenceAction, ConferenceStatus, FilingStatus, PersonRole
from gongkai.press.transitions import CONFERENCE_TRANSITIONS
from gongkai.workflow import selectors as review_selectors
from gongkai.workflow import services as review_services
from gongkai.workflow.enums import Decision

pytestmark = pytest.mark.django_db


def _decide(user, target, decision, comment="同意。"):
    review = review_selectors.review_active_for(target)
    return review_services.review_decide(actor=user, review=review, decision=decision, comment=comment)


@pytest.fixture
def submitted(planner, department, plan_values, news_office, unit_admin, frozen):
    c = services.conference_plan(actor=planner, agency=department, **plan_values)
    services.conference_submit(actor=planner, conference=c)
    return c


def test_plan_is_draft_and_not_public(planner, department, plan_values):
    c = services.conference_plan(actor=planner, agency=department, **plan_values)
    assert c.status == ConferenceStatus.DRAFT
    assert not selectors.public_conference_list().filter(pk=c.pk).exists()


@pytest.mark.parametrize(
    "approvals, expected",
    [
        ([], ConferenceStatus.UNDER_REVIEW),
        (["news_office"], ConferenceStatus.UNDER_REVIEW),
        (["news_office", "unit_admin"], ConferenceStatus.APPROVED),
    ],
)
def test_only_both_approvals_approve(submitted, news_office, unit_admin, approvals, expected):
    people = {"news_office": news_office, "unit_admin": unit_admin}
    for who in approvals:
        _decide(people[who], submitted, Decision.APPROVE)
    submitted.refresh_from_db()
    assert submitted.status == expected
    if expected != ConferenceStatus.APPROVED:
        with pytest.raises(InvalidTransition):
            services.conference_announce(actor=submitted.created_by, conference=submitted)
        assert not selectors.public_conference_list().filter(pk=submitted.pk).exists()


def test_approved_plan_is_announced_and_public(submitted, news_office, unit_admin, planner):
    _decide(news_office, submitted, Decision.APPROVE)
    _decide(unit_admin, submitted, Decision.APPROVE)
    services.conference_announce(actor=planner, conference=submitted)
    assert submitted.status == ConferenceStatus.ANNOUNCED
    assert selectors.public_conference_list().filter(pk=submitted.pk).exists()


def test_first_step_belongs_to_the_news_office(submitted, unit_admin):
    with pytest.raises(PermissionDenied):
        _decide(unit_admin, submitted, Decision.APPROVE)


def test_submitter_cannot_approve_own_plan(department, plan_values, news_office, unit_admin):
    c = services.conference_plan(actor=unit_admin, agency=department, **plan_values)
    services.conference_submit(actor=unit_admin, conference=c)
    _decide(news_office, c, Decision.APPROVE)
    with pytest.raises(PermissionDenied):
        _decide(unit_admin, c, Decision.APPROVE)


def test_rejected_plan_cannot_be_announced_or_held(submitted, news_office, planner, frozen):
    _decide(news_office, submitted, Decision.REJECT, comment="时机不成熟。")
    submitted.refresh_from_db()
    assert submitted.status == ConferenceStatus.REJECTED
    assert submitted.review_note == "时机不成熟。"
    with pytest.raises(InvalidTransition):
        services.conference_announce(actor=planner, conference=submitted)
    with pytest.raises(InvalidTransition):
        services.conference_hold(actor=planner, conference=submitted, held_at=frozen())
    assert not selectors.public_conference_list().filter(pk=submitted.pk).exists()


def test_returned_plan_is_edited_and_resubmitted(submitted, news_office, unit_admin, planner):
    _decide(news_office, submitted, Decision.APPROVE)
    _decide(unit_admin, submitted, Decision.RETURN, comment="请补充答问准备。")
    submitted.refresh_from_db()
    assert submitted.status == ConferenceStatus.DRAFT
    services.conference_update(actor=planner, conference=submitted, qa_preparation="家长关心的五个问题。")
    services.conference_submit(actor=planner, conference=submitted)
    assert submitted.status == ConferenceStatus.UNDER_REVIEW
    _decide(unit_admin, submitted, Decision.APPROVE)
    submitted.refresh_from_db()
    assert submitted.status == ConferenceStatus.APPROVED


def test_the_state_alone_does_not_allow_release(submitted, planner):
    """Defence in depth: even if the status said approved, no approved review means no release."""
    type(submitted).objects.filter(pk=submitted.pk).update(status=ConferenceStatus.APPROVED)
    with pytest.raises(InvalidTransition):
        services.conference_announce(actor=planner, conference=submitted)


@pytest.mark.parametrize(
    "status, action, allowed",
    [
        (ConferenceStatus.DRAFT, ConferenceAction.ANNOUNCE, False),
        (ConferenceStatus.UNDER_REVIEW, ConferenceAction.ANNOUNCE, False),
        (ConferenceStatus.UNDER_REVIEW, ConferenceAction.HOLD, False),
        (ConferenceStatus.REJECTED, ConferenceAction.ANNOUNCE, False),
        (ConferenceStatus.REJECTED, ConferenceAction.SUBMIT, False),
        (ConferenceStatus.APPROVED, ConferenceAction.ANNOUNCE, True),
        (ConferenceStatus.ANNOUNCED, ConferenceAction.HOLD, True),
        (ConferenceStatus.HELD, ConferenceAction.PUBLISH, True),
        (ConferenceStatus.DRAFT, ConferenceAction.PUBLISH, False),
    ],
)
def test_transition_table(status, action, allowed):
    assert ((status, action) in CONFERENCE_TRANSITIONS) is allowed


def test_other_unit_and_anonymous_cannot_plan(outsider, department, plan_values):
    from django.contrib.auth.models import AnonymousUser

    for actor in (outsider, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.conference_plan(actor=actor, agency=department, **plan_values)


def test_held_and_published(submitted, news_office, unit_admin, planner, frozen):
    _decide(news_office, submitted, Decision.APPROVE)
    _decide(unit_admin, submitted, Decision.APPROVE)
    frozen.advance(days=5)
    services.conference_hold(actor=planner, conference=submitted, held_at=frozen(), spokesperson_attended=True)
    assert submitted.status == ConferenceStatus.HELD
    with pytest.raises(ValidationFailed):
        services.conference_publish(actor=planner, conference=submitted, transcript="  ")
    services.conference_publish(actor=planner, conference=submitted, transcript="实录全文")
    assert submitted.status == ConferenceStatus.PUBLISHED
    assert selectors.public_conference_get(submitted.pk).transcript == "实录全文"


def test_hold_in_future_refused(submitted, news_office, unit_admin, planner, frozen):
    _decide(news_office, submitted, Decision.APPROVE)
    _decide(unit_admin, submitted, Decision.APPROVE)
    with pytest.raises(ValidationFailed, match="不能晚于现在"):
        services.conference_hold(actor=planner, conference=submitted, held_at=frozen() + dt.timedelta(hours=1))


# --- 备案 of spokespersons -------------------------------------------------------------------------


def _filing(actor, agency, name, since):
    return services.filing_create(
        actor=actor,
        agency=agency,
        role=PersonRole.SPOKESPERSON,
        name=name,
        title="副局长",
        mobile="13800000000",
        since=since,
    )


def test_filing_flow_directory_shows_only_filed(unit_admin, department, news_office, frozen):
    first = _filing(unit_admin, department, "褚云", dt.date(2026, 1, 1))
    services.filing_submit(actor=unit_admin, filing=first)
    assert first.status == FilingStatus.UNDER_REVIEW
    assert selectors.public_directory() == []
    _decide(news_office, first, Decision.APPROVE)
    first.refresh_from_db()
    assert first.status == FilingStatus.FILED
    [row] = selectors.public_directory()
    assert row["spokesperson"].name == "褚云"

    # A change: pending until filed; the directory keeps the filed one.
    second = _filing(unit_admin, department, "高原", dt.date(2026, 5, 1))
    services.filing_submit(actor=unit_admin, filing=second)
    assert selectors.public_directory()[0]["spokesperson"].name == "褚云"
    _decide(news_office, second, Decision.RETURN, comment="请补充办公电话。")
    second.refresh_from_db()
    assert second.status == FilingStatus.RETURNED
    services.filing_submit(actor=unit_admin, filing=second)
    assert second.status == FilingStatus.UNDER_REVIEW
    _decide(news_office, second, Decision.APPROVE)
    first.refresh_from_db()
    assert first.status == FilingStatus.ENDED and first.until == dt.date(2026, 4, 30)
    assert selectors.public_directory()[0]["spokesperson"].name == "高原"


def test_missing_spokesperson_listed_for_news_office(unit_admin, department, other_department, news_office, frozen):
    f = _filing(unit_admin, department, "褚云", dt.date(2026, 1, 1))
    services.filing_submit(actor=unit_admin, filing=f)
    _decide(news_office, f, Decision.APPROVE)
    rows = selectors.units_missing_spokesperson(news_office)
    missing = {(r["agency"].pk, r["role"]) for r in rows}
    assert (department.pk, "新闻发言人") not in missing
    assert (other_department.pk, "新闻发言人") in missing


def test_filing_needs_a_phone_and_own_unit(unit_admin, outsider, department):
    with pytest.raises(ValidationFailed, match="联系电话"):
        services.filing_create(
            actor=unit_admin,
            agency=department,
            role=PersonRole.SPOKESPERSON,
            name="甲",
            title="局长",
            since="2026-01-01",
        )
    with pytest.raises(PermissionDenied):
        _filing(outsider, department, "乙", dt.date(2026, 1, 1))


def test_change_not_filed_in_time_is_overdue(unit_admin, department, news_office, frozen):
    first = _filing(unit_admin, department, "褚云", dt.date(2026, 1, 1))
    services.filing_submit(actor=unit_admin, filing=first)
    _decide(news_office, first, Decision.APPROVE)
    change = _filing(unit_admin, department, "高原", dt.date(2026, 5, 1))  # today 2026-05-20: within 30 days
    assert not [r for r in selectors.units_missing_spokesperson(news_office) if r["pending"] == change]
    frozen.set(2026, 6, 5)  # 35 days after the start, still not filed
    [row] = [r for r in selectors.units_missing_spokesperson(news_office) if r["pending"] == change]
    assert row["overdue"] is True


def test_a_change_filed_in_advance_leaves_no_gap(unit_admin, department, news_office, frozen):
    first = _filing(unit_admin, department, "褚云", dt.date(2026, 1, 1))
    services.filing_submit(actor=unit_admin, filing=first)
    _decide(news_office, first, Decision.APPROVE)
    nxt = _filing(unit_admin, department, "高原", dt.date(2026, 6, 1))  # today is 2026-05-20
    services.filing_submit(actor=unit_admin, filing=nxt)
    _decide(news_office, nxt, Decision.APPROVE)
    assert selectors.public_directory()[0]["spokesperson"].name == "褚云"  # until 2026-05-31
    frozen.set(2026, 6, 1)
    assert selectors.public_directory()[0]["spokesperson"].name == "高原"
