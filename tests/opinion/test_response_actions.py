"""The assignment and response moves as action specs (opinion/response/actions.py)."""

from gongkai.opinion.response import actions
from gongkai.opinion.response.enums import AssignmentAction, ResponseAction
from gongkai.opinion.response.transitions import ASSIGNMENT_TRANSITIONS, RESPONSE_TRANSITIONS


def test_every_move_has_one_spec_with_the_tables_states():
    for registry, enum, table in (
        (actions.assignments, AssignmentAction, ASSIGNMENT_TRANSITIONS),
        (actions.responses, ResponseAction, RESPONSE_TRANSITIONS),
    ):
        assert registry.missing(enum.values) == []
        for spec in registry:
            assert spec.label == enum(spec.name).label
            assert spec.allowed_from == {s for (s, a) in table if a == spec.name}


def test_only_the_staffs_moves_are_offered_and_the_rest_is_nobodys_by_hand():
    assert [s.name for s in actions.assignments if s.offered] == [AssignmentAction.CLAIM]
    assert {s.name for s in actions.responses if s.offered} == {
        ResponseAction.SUBMIT,
        ResponseAction.RESUBMIT,
        ResponseAction.WITHDRAW,
    }
    assert all(s.permission is None for s in actions.responses if not s.offered)
    assert actions.assignments.get(AssignmentAction.CLAIM).permission == ("opinion.response", "handle")
