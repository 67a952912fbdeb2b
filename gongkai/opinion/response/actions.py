"""The moves of an assignment (交办) and of a response (回应), one spec each
(``gongkai.workflow.actions``).

The states come from ``transitions.py``; who may from the permission matrix rows
``opinion.response``. Staff claim an assignment and submit, resubmit or take down a response; the
other moves are the service's own (respond on publication, withdraw on re-routing) or the
review's hooks (return, publish, reject, cancel): not offered as buttons, never taken by hand.
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import Role
from gongkai.workflow.actions import ActionRegistry, ActionSpec

from .enums import AssignmentAction, ResponseAction
from .transitions import ASSIGNMENT_TRANSITIONS, RESPONSE_TRANSITIONS

HANDLE = ("opinion.response", "handle")

assignments = ActionRegistry(ASSIGNMENT_TRANSITIONS)
assignments.register(
    ActionSpec(
        name=AssignmentAction.CLAIM,
        label=AssignmentAction.CLAIM.label,
        permission=HANDLE,
        denied="只有承办单位本单位的工作人员可以认领该事件。",
    )
)
for _action in (AssignmentAction.RESPOND, AssignmentAction.WITHDRAW, AssignmentAction.REASSIGN):
    assignments.register(ActionSpec(name=_action, label=_action.label, permission=None, offered=False))


def _unit_admin(user, response) -> bool:
    return org_permissions.has_role(user, Role.UNIT_ADMIN, response.agency_id)


responses = ActionRegistry(RESPONSE_TRANSITIONS)
responses.register(
    ActionSpec(
        name=ResponseAction.SUBMIT,
        label=ResponseAction.SUBMIT.label,
        permission=HANDLE,
        denied="只有起草单位的工作人员可以提交审核。",
    )
)
responses.register(
    ActionSpec(
        name=ResponseAction.RESUBMIT,
        label=ResponseAction.RESUBMIT.label,
        permission=HANDLE,
        denied="只有起草单位的工作人员可以重新提交。",
    )
)
for _action in (ResponseAction.RETURN, ResponseAction.PUBLISH, ResponseAction.REJECT, ResponseAction.CANCEL):
    responses.register(ActionSpec(name=_action, label=_action.label, permission=None, offered=False))
responses.register(
    ActionSpec(
        name=ResponseAction.WITHDRAW,
        label=ResponseAction.WITHDRAW.label,
        permission=HANDLE,
        allows=_unit_admin,
        danger=True,
        denied="只有本单位的编制单位管理员或系统管理员可以执行此操作。",
    )
)
