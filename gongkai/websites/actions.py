"""The actions of the register and of findings as typed specs (``gongkai.workflow.actions``), bound
to the transition tables of ``transitions.py``: labels, the permission each needs (a row of the
matrix), inputs with Chinese messages, which of them are offered as buttons.

Opening, closing and merging are applied only by the review hooks (``permission=None``, not
offered): a person asks for them with ``services.change_request``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gongkai.workflow.actions import ActionRegistry, ActionSpec, NoInput, field

from .enums import Action, FindingAction
from .forms import NoteForm
from .transitions import ACCOUNT_TRANSITIONS, FINDING_TRANSITIONS


@dataclass(frozen=True)
class CommentInput:
    comment: str = field(label="说明", max_length=500)


@dataclass(frozen=True)
class NoteInput:
    note: str = field(label="整改情况或核实说明", required=True, max_length=2000)


ACCOUNT_ACTIONS = ActionRegistry(ACCOUNT_TRANSITIONS)
ACCOUNT_ACTIONS.register(
    ActionSpec(
        name=Action.SUSPEND,
        label=str(Action.SUSPEND.label),
        submit_label=str(Action.SUSPEND.label),
        permission=("websites.account", "create"),
        inputs=CommentInput,
        denied=str(_("您没有变更该账号状态的权限。")),
    )
)
ACCOUNT_ACTIONS.register(
    ActionSpec(
        name=Action.RESUME,
        label=str(Action.RESUME.label),
        submit_label=str(Action.RESUME.label),
        permission=("websites.account", "create"),
        inputs=CommentInput,
        denied=str(_("您没有变更该账号状态的权限。")),
    )
)
for _action in (Action.OPEN_APPROVED, Action.CLOSE_APPROVED, Action.MERGE_APPROVED):
    ACCOUNT_ACTIONS.register(
        ActionSpec(name=_action, label=str(_action.label), permission=None, inputs=NoInput, offered=False)
    )

FINDING_ACTIONS = ActionRegistry(
    FINDING_TRANSITIONS, state_of=lambda f: f.state, agency_of=lambda f: f.account.agency_id
)
FINDING_ACTIONS.register(
    ActionSpec(
        name=FindingAction.RECTIFY,
        label=str(FindingAction.RECTIFY.label),
        submit_label=str(FindingAction.RECTIFY.label),
        permission=("websites.inspection", "handle"),
        inputs=NoteInput,
        form=NoteForm,
        denied=str(_("只有主办单位的工作人员可以登记整改。")),
    )
)
FINDING_ACTIONS.register(
    ActionSpec(
        name=FindingAction.DISMISS,
        label=str(FindingAction.DISMISS.label),
        submit_label=str(FindingAction.DISMISS.label),
        permission=("websites.inspection", "review"),
        inputs=NoteInput,
        form=NoteForm,
        danger=True,
        denied=str(_("只有政务公开办的工作人员可以核实排除问题。")),
    )
)
