"""Walk every (status, action) pair of the transition table through the one service."""

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import InvalidTransition
from gongkai.orgs.enums import Role
from gongkai.workflow import registry
from gongkai.workflow.enums import EVENT_FOR_ACTION, ReviewAction, ReviewStatus
from gongkai.workflow.models import Review, ReviewEntry
from gongkai.workflow.registry import ReviewTemplate, StepSpec
from gongkai.workflow.services import review_start, review_transition
from gongkai.workflow.transitions import TRANSITIONS, allowed_actions, next_status
from tests.workflow.registry_helpers import unregister

WALK_KEY = "test.walk"


@pytest.fixture
def two_steps():
    tpl = registry.register(
        ReviewTemplate(
            key=WALK_KEY,
            name="两步审核",
            steps=[
                StepSpec("first", "第一步", roles=[Role.SECTION_HEAD]),
                StepSpec("second", "第二步", roles=[Role.SECTION_HEAD]),
            ],
        )
    )
    yield tpl
    unregister(WALK_KEY)


def test_the_table_only_names_known_statuses_and_actions():
    for (status, action), new_status in TRANSITIONS.items():
        assert status is None or status in ReviewStatus.values
        assert action in ReviewAction.values
        assert new_status in ReviewStatus.values
    assert set(EVENT_FOR_ACTION) == set(ReviewAction)
    assert allowed_actions(None) == [ReviewAction.SUBMIT]
    assert allowed_actions(ReviewStatus.APPROVED) == []


@pytest.mark.parametrize("action", ReviewAction.values)
def test_nothing_but_submit_leaves_the_no_review_state(action):
    if action == ReviewAction.SUBMIT:
        assert next_status(None, action) == ReviewStatus.IN_PROGRESS
    else:
        with pytest.raises(InvalidTransition):
            next_status(None, action)


@pytest.mark.parametrize("status", ReviewStatus.values)
@pytest.mark.parametrize("action", ReviewAction.values)
def test_every_status_action_pair(two_steps, submitter, section_head, section, department, status, action):
    # given a review forced into ``status``, at the step where ``action`` makes sense
    review = review_start(actor=submitter, target=section, template_key=WALK_KEY, agency=department)
    step = 1 if action == ReviewAction.COMPLETE else 0
    Review.objects.filter(pk=review.pk).update(status=status, current_step=step)
    actor = section_head if action in ("advance", "complete", "return", "reject") else submitter
    entries_before = ReviewEntry.objects.count()
    audit_before = AuditEvent.objects.count()
    expected = TRANSITIONS.get((status, action))
    # when / then
    if expected is None:
        with pytest.raises(InvalidTransition):
            review_transition(actor=actor, review=review.pk, action=action, comment="意见")
        after = Review.objects.get(pk=review.pk)
        assert (after.status, after.current_step) == (status, step)
        assert ReviewEntry.objects.count() == entries_before
        assert AuditEvent.objects.count() == audit_before
    else:
        result = review_transition(actor=actor, review=review.pk, action=action, comment="意见")
        assert result.status == expected
        assert Review.objects.get(pk=review.pk).status == expected
        entry = ReviewEntry.objects.order_by("-id").first()
        assert (entry.action, entry.from_status, entry.to_status) == (action, status, expected)
        assert AuditEvent.objects.order_by("-seq").first().event == f"review.{EVENT_FOR_ACTION[action]}"
        if action == ReviewAction.ADVANCE:
            assert result.current_step == 1


def test_advance_on_the_last_step_and_complete_before_it_are_refused(
    two_steps, submitter, section_head, section, department
):
    review = review_start(actor=submitter, target=section, template_key=WALK_KEY, agency=department)
    with pytest.raises(InvalidTransition):
        review_transition(actor=section_head, review=review, action=ReviewAction.COMPLETE)
    review_transition(actor=section_head, review=review, action=ReviewAction.ADVANCE)
    with pytest.raises(InvalidTransition):
        review_transition(actor=section_head, review=review, action=ReviewAction.ADVANCE)
    assert Review.objects.get(pk=review.pk).current_step == 1
