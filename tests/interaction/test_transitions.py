"""Every state and transition of a letter (table-driven), who may take each, the clocks on the
rules kernel across holidays, the one extension, and dissatisfied → reopen once."""

import datetime as dt

import pytest

from gongkai.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.interaction import services
from gongkai.interaction.enums import Action, Rating, ReplyKind, Status
from gongkai.interaction.models import Letter
from gongkai.interaction.transitions import TRANSITIONS, actions_from
from gongkai.rules.enums import DeadlineStatus
from gongkai.rules.models import Deadline

from .conftest import approve_review, reply, submit

D = dt.date


def fresh(letter) -> Letter:
    return Letter.objects.get(pk=letter.pk)


# --- The table ---------------------------------------------------------------------------------------

EXPECTED = {
    (Status.RECEIVED, Action.ROUTE): Status.ASSIGNED,
    (Status.RECEIVED, Action.REJECT_SCOPE): Status.OUT_OF_SCOPE,
    (Status.RECEIVED, Action.MERGE): Status.MERGED,
    (Status.ASSIGNED, Action.CLAIM): Status.HANDLING,
    (Status.ASSIGNED, Action.SEND_BACK): Status.RECEIVED,
    (Status.ASSIGNED, Action.TRANSFER): Status.ASSIGNED,
    (Status.HANDLING, Action.TRANSFER): Status.ASSIGNED,
    (Status.HANDLING, Action.EXTEND): Status.HANDLING,
    (Status.DRAFTED, Action.EXTEND): Status.DRAFTED,
    (Status.HANDLING, Action.DRAFT): Status.DRAFTED,
    (Status.DRAFTED, Action.DRAFT): Status.DRAFTED,
    (Status.DRAFTED, Action.SUBMIT_REVIEW): Status.UNDER_REVIEW,
    (Status.UNDER_REVIEW, Action.REVIEW_APPROVED): Status.REPLIED,
    (Status.UNDER_REVIEW, Action.REVIEW_RETURNED): Status.DRAFTED,
    (Status.REPLIED, Action.RATE_SATISFIED): Status.CLOSED,
    (Status.REPLIED, Action.RATE_DISSATISFIED): Status.REVIEWING,
    (Status.REPLIED, Action.CLOSE): Status.CLOSED,
    (Status.REVIEWING, Action.UPHOLD): Status.CLOSED,
    (Status.REVIEWING, Action.REDO): Status.HANDLING,
}


def test_table_is_exactly_the_expected_one():
    assert {(str(s), str(a)): str(n) for (s, a), n in TRANSITIONS.items()} == {
        (str(s), str(a)): str(n) for (s, a), n in EXPECTED.items()
    }


@pytest.mark.parametrize("status", list(Status))
def test_every_other_pair_is_refused_by_the_table(status):
    allowed = {a for (s, a) in EXPECTED if s == status}
    assert set(actions_from(status)) == allowed


# --- Each transition through the service, from a letter really in the state ------------------------


@pytest.fixture
def case(county_gov, township, clerk, office_head, liaison, town_head, frozen):
    """Bring a fresh letter to a state through the services."""

    def bring(status):
        letter, _code = submit(county_gov)
        if status == Status.RECEIVED:
            return fresh(letter)
        services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
        if status == Status.ASSIGNED:
            return fresh(letter)
        services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
        if status == Status.HANDLING:
            return fresh(letter)
        services.letter_transition(
            actor=liaison, letter=letter, action=Action.DRAFT, reply_text="已安排维修，预计本周完成。"
        )
        if status == Status.DRAFTED:
            return fresh(letter)
        services.letter_transition(actor=liaison, letter=letter, action=Action.SUBMIT_REVIEW)
        if status == Status.UNDER_REVIEW:
            return fresh(letter)
        approve_review(letter, town_head)
        if status == Status.REPLIED:
            return fresh(letter)
        services.letter_rate(letter=fresh(letter), rating=Rating.DISSATISFIED, reason="路灯还是不亮")
        assert fresh(letter).status == Status.REVIEWING
        return fresh(letter)

    return bring


def _params(action, *, other_township, other_letter, office_head, town_head):
    return {
        Action.ROUTE: {},
        Action.REJECT_SCOPE: {"reason": "属于民事纠纷，请通过诉讼途径解决。"},
        Action.MERGE: {"into": other_letter},
        Action.CLAIM: {},
        Action.SEND_BACK: {"reason": "不属于本镇职责。"},
        Action.TRANSFER: {"agency": other_township, "reason": "事发地在城川镇。"},
        Action.EXTEND: {"reason": "需协调供电公司。"},
        Action.DRAFT: {"reply_text": "已安排维修，预计本周完成。", "reply_kind": ReplyKind.ANSWER},
        Action.SUBMIT_REVIEW: {},
        Action.UPHOLD: {"reason": "答复符合规定。"},
        Action.REDO: {"reason": "请核实后重新答复。"},
    }[action]


STAFF_ACTOR = {
    Action.ROUTE: "clerk",
    Action.REJECT_SCOPE: "clerk",
    Action.MERGE: "clerk",
    Action.TRANSFER: "clerk",
    Action.UPHOLD: "clerk",
    Action.REDO: "clerk",
    Action.CLAIM: "liaison",
    Action.SEND_BACK: "liaison",
    Action.DRAFT: "liaison",
    Action.SUBMIT_REVIEW: "liaison",
    Action.EXTEND: "office_head",
}


@pytest.mark.parametrize(("status", "action"), [k for k in EXPECTED if k[1] in STAFF_ACTOR], ids=lambda v: str(v))
def test_staff_transition(request, case, status, action, county_gov, other_township, office_head, town_head, township):
    letter = case(status)
    if status == Status.DRAFTED and action == Action.EXTEND:
        pass
    other, _ = submit(county_gov, title="另一封内容相同的来信", phone="13912345000")
    actor = request.getfixturevalue(STAFF_ACTOR[action])
    params = _params(
        action, other_township=other_township, other_letter=other, office_head=office_head, town_head=town_head
    )
    if action == Action.ROUTE:
        params = {"agency": township}
    result = services.letter_transition(actor=actor, letter=letter, action=action, **params)
    assert result.status == EXPECTED[(status, action)]
    assert fresh(letter).events.filter(action=action).exists()


@pytest.mark.parametrize(("status", "action"), [k for k in EXPECTED if k[1] in STAFF_ACTOR], ids=lambda v: str(v))
def test_wrong_actor_is_denied(
    case, status, action, outsider, other_liaison, other_township, county_gov, township, office_head, town_head
):
    letter = case(status)
    other, _ = submit(county_gov, title="另一封", phone="13912345001")
    params = _params(
        action, other_township=other_township, other_letter=other, office_head=office_head, town_head=town_head
    )
    if action == Action.ROUTE:
        params = {"agency": township}
    for actor in (outsider, other_liaison, None):
        with pytest.raises(PermissionDenied):
            services.letter_transition(actor=actor, letter=letter, action=action, **params)
    assert fresh(letter).status == status


def test_liaison_cannot_coordinate_and_clerk_cannot_claim(case, liaison, clerk, township):
    letter = case(Status.RECEIVED)
    with pytest.raises(PermissionDenied):
        services.letter_transition(actor=liaison, letter=letter, action=Action.ROUTE, agency=township)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    with pytest.raises(PermissionDenied):
        services.letter_transition(actor=clerk, letter=letter, action=Action.CLAIM)


def test_a_pair_not_in_the_table_is_refused(case, liaison):
    letter = case(Status.HANDLING)
    with pytest.raises(InvalidTransition):
        services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    with pytest.raises(PermissionDenied):  # system-only actions cannot be taken by staff
        services.letter_transition(actor=liaison, letter=letter, action=Action.REVIEW_APPROVED)


def test_reasons_are_required(case, clerk, liaison):
    letter = case(Status.ASSIGNED)
    with pytest.raises(ValidationFailed):
        services.letter_transition(actor=liaison, letter=letter, action=Action.SEND_BACK, reason=" ")
    letter = case(Status.HANDLING)
    with pytest.raises(ValidationFailed):
        services.letter_transition(actor=liaison, letter=letter, action=Action.DRAFT, reply_text="短")
    assert fresh(letter).status == Status.HANDLING


def test_review_return_puts_the_draft_back(case, town_head):
    from gongkai.workflow import selectors as review_selectors
    from gongkai.workflow import services as review_services
    from gongkai.workflow.enums import Decision

    letter = case(Status.UNDER_REVIEW)
    review = review_selectors.review_active_for(letter)
    review_services.review_decide(actor=town_head, review=review, decision=Decision.RETURN, comment="请补充维修时间")
    assert fresh(letter).status == Status.DRAFTED


# --- Clocks ------------------------------------------------------------------------------------------


def test_claim_and_answer_clocks_across_qingming(county_gov, township, clerk, liaison, frozen):
    # Thursday 2026-04-02: 清明 holidays 04-04..04-06 (Sat–Mon).
    frozen.set(2026, 4, 2)
    letter, _ = submit(county_gov)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    claim = Deadline.objects.get(pk=fresh(letter).claim_deadline_id)
    assert (claim.rule_key, claim.amount, claim.due_date) == ("interaction.claim_period", 1, D(2026, 4, 3))
    assert "平台默认值" not in claim.citation and claim.citation
    frozen.set(2026, 4, 3, 16)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    letter = fresh(letter)
    assert letter.claimed_on_time is True
    assert Deadline.objects.get(pk=letter.claim_deadline_id).status == DeadlineStatus.CLOSED
    answer = Deadline.objects.get(pk=letter.answer_deadline_id)
    # 15 working days from Fri 04-03 (not counted): Mon 04-06 is a 清明 holiday, so 04-07 is day 1
    # and day 15 is Mon 04-27 (without the holiday it would be Fri 04-24).
    assert answer.amount == 15
    assert answer.due_date == D(2026, 4, 27)
    assert "2026-04-06" in str(answer.explanation)


def test_claim_late_is_recorded(county_gov, township, clerk, liaison, frozen):
    frozen.set(2026, 3, 2)
    letter, _ = submit(county_gov)
    services.letter_transition(actor=clerk, letter=letter, action=Action.ROUTE, agency=township)
    frozen.set(2026, 3, 5)
    services.letter_transition(actor=liaison, letter=letter, action=Action.CLAIM)
    assert fresh(letter).claimed_on_time is False


def test_one_extension_with_approval(case, liaison, office_head):
    letter = case(Status.HANDLING)
    before = Deadline.objects.get(pk=letter.answer_deadline_id).due_date
    with pytest.raises(PermissionDenied):  # the unit cannot approve its own extension
        services.letter_transition(actor=liaison, letter=letter, action=Action.EXTEND, reason="复杂")
    services.letter_transition(actor=office_head, letter=letter, action=Action.EXTEND, reason="需协调供电公司")
    after = Deadline.objects.get(pk=letter.answer_deadline_id)
    assert after.total_amount == 30 and after.due_date > before
    assert after.extensions.get().approved_by == office_head
    with pytest.raises(Conflict):
        services.letter_transition(actor=office_head, letter=letter, action=Action.EXTEND, reason="再延")


def test_reply_on_time_closes_the_clock(case, liaison, town_head):
    letter = case(Status.REPLIED)
    assert letter.replied_on_time is True and letter.replied_at is not None
    assert Deadline.objects.get(pk=letter.answer_deadline_id).status == DeadlineStatus.CLOSED


# --- Rating: dissatisfied reopens once ---------------------------------------------------------------


def test_satisfied_closes(case):
    letter = case(Status.REPLIED)
    services.letter_rate(letter=letter, rating=Rating.BASIC)
    letter = fresh(letter)
    assert (letter.status, letter.rating) == (Status.CLOSED, Rating.BASIC)


def test_dissatisfied_needs_a_reason(case):
    letter = case(Status.REPLIED)
    with pytest.raises(ValidationFailed):
        services.letter_rate(letter=letter, rating=Rating.DISSATISFIED, reason="")
    assert fresh(letter).status == Status.REPLIED


def test_dissatisfied_reopens_once(case, clerk, liaison, town_head):
    letter = case(Status.REVIEWING)
    services.letter_transition(actor=clerk, letter=letter, action=Action.REDO, reason="请核实现场情况后重新答复。")
    letter = fresh(letter)
    assert (letter.status, letter.rounds, letter.reopened) == (Status.HANDLING, 2, True)
    assert Deadline.objects.get(pk=letter.answer_deadline_id).status == DeadlineStatus.OPEN
    reply(letter, liaison=liaison, head=town_head, text="经现场核实，已更换灯具，现已正常照明。")
    assert fresh(letter).status == Status.REPLIED
    services.letter_rate(letter=fresh(letter), rating=Rating.DISSATISFIED, reason="还是不满意")
    letter = fresh(letter)
    # The second dissatisfied rating is recorded; the case is not reopened again.
    assert (letter.status, letter.rating) == (Status.CLOSED, Rating.DISSATISFIED)
    with pytest.raises(InvalidTransition):
        services.letter_rate(letter=letter, rating=Rating.DISSATISFIED, reason="再次不满意")


def test_uphold_closes(case, clerk):
    letter = case(Status.REVIEWING)
    services.letter_transition(
        actor=clerk, letter=letter, action=Action.UPHOLD, reason="答复符合规定，已向来信人解释。"
    )
    assert fresh(letter).status == Status.CLOSED


def test_unrated_reply_closes_after_the_rating_period(case, frozen):
    from gongkai.interaction.services.sweep import interaction_sweep

    letter = case(Status.REPLIED)
    assert interaction_sweep()["closed_unrated"] == 0
    frozen.advance(days=20)
    assert interaction_sweep()["closed_unrated"] == 1
    assert fresh(letter).status == Status.CLOSED


def test_overdue_claim_is_escalated_to_the_office(case, frozen, clerk):
    from gongkai.interaction.services.sweep import interaction_sweep
    from gongkai.notifications.models import Notification

    case(Status.ASSIGNED)
    frozen.advance(days=3)
    assert interaction_sweep()["escalated"] == 1
    assert Notification.objects.filter(recipient=clerk, subject__startswith="来信认领逾期").exists()
