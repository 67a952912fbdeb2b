"""Policy states: ``{(state, action): new_state}``, applied only by ``services.common.policy_transition``.

drafting ─open_consultation→ consulting ─close_consultation→ consultation closed
(drafting | consultation closed | returned) ─submit→ submitted ─accept→ sign-off (同步审签)
submitted ─return→ returned (退文); a submission missing a part is returned at once
sign-off ─(review approved)→ approved ─issue→ releasing ─(catalogue publishes)→ released
sign-off ─(review returned)→ returned
"""

from .enums import PolicyAction as A
from .enums import PolicyState as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFTING, A.OPEN_CONSULTATION): S.CONSULTING,
    (S.CONSULTING, A.CLOSE_CONSULTATION): S.CONSULTATION_CLOSED,
    (S.DRAFTING, A.SUBMIT): S.SUBMITTED,
    (S.CONSULTATION_CLOSED, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    # A submission missing a part is returned at once by the platform (auto_return); the office
    # returns a complete one by hand, with its reason (return).
    (S.DRAFTING, A.AUTO_RETURN): S.RETURNED,
    (S.CONSULTATION_CLOSED, A.AUTO_RETURN): S.RETURNED,
    (S.RETURNED, A.AUTO_RETURN): S.RETURNED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.SUBMITTED, A.ACCEPT): S.SIGNOFF,
    (S.SIGNOFF, A.SIGNOFF_APPROVED): S.APPROVED,
    (S.SIGNOFF, A.SIGNOFF_RETURNED): S.RETURNED,
    (S.APPROVED, A.ISSUE): S.RELEASING,
    (S.RELEASING, A.RELEASE_PUBLISHED): S.RELEASED,
}

# States in which the drafting unit may still change the draft and its submission parts.
EDITABLE = frozenset({S.DRAFTING, S.CONSULTATION_CLOSED, S.RETURNED})
# States in which the policy is visible on the portal.
PUBLIC = frozenset(
    {S.CONSULTING, S.CONSULTATION_CLOSED, S.SUBMITTED, S.RETURNED, S.SIGNOFF, S.APPROVED, S.RELEASING, S.RELEASED}
)


def next_state(state: str, action: str) -> str | None:
    return TRANSITIONS.get((state, action))


def actions_from(state: str) -> list[str]:
    return [a for a in A.values if (state, a) in TRANSITIONS]
