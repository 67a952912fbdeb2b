"""The moves of a policy, one spec each (``gongkai.workflow.actions``).

The states come from ``transitions.TRANSITIONS``; who may from the permission matrix rows
``policy.draft`` (the drafting unit: create; the government office: review). The drafting unit takes
open / close consultation, submit and issue on the policy page; the office takes return (退文) and
accept. The others are taken by the system: the sign-off review's hooks, the catalogue's publication
(release) — they are not offered as buttons. ``services.common.policy_transition`` is the only place a move
is applied; it reads the spec for its label and, for a person's move, its permission.
"""

from __future__ import annotations

from gongkai.workflow.actions import ActionRegistry, ActionSpec

from .enums import PolicyAction
from .transitions import TRANSITIONS

registry = ActionRegistry(TRANSITIONS, state_of=lambda p: p.state, agency_of=lambda p: p.agency_id)

DRAFTER = ("policy.draft", "create")
OFFICE = ("policy.draft", "review")


def _spec(action: PolicyAction, permission, **options) -> ActionSpec:
    return registry.register(ActionSpec(name=action.value, label=str(action.label), permission=permission, **options))


_spec(PolicyAction.OPEN_CONSULTATION, DRAFTER, denied="只有起草单位的工作人员可以发布征求意见。")
_spec(PolicyAction.CLOSE_CONSULTATION, DRAFTER, denied="只有起草单位的工作人员可以结束征求意见。")
_spec(PolicyAction.SUBMIT, DRAFTER, denied="只有起草单位的工作人员可以报送。")
_spec(PolicyAction.RETURN, OFFICE, denied="只有政府办公室（政务公开办）可以退文。", danger=True)
_spec(PolicyAction.ACCEPT, OFFICE, denied="只有政府办公室（政务公开办）可以受理报送。")
_spec(PolicyAction.ISSUE, DRAFTER, denied="只有起草单位的工作人员可以印发。")
for _action in (
    PolicyAction.AUTO_RETURN,
    PolicyAction.SIGNOFF_APPROVED,
    PolicyAction.SIGNOFF_RETURNED,
    PolicyAction.RELEASE_PUBLISHED,
):
    _spec(_action, None, offered=False)


def available_names(policy, user) -> list[str]:
    """The moves ``user`` may take on ``policy`` now (the policy page's forms)."""
    return [spec.name for spec in registry.available(policy, user)]
