"""The moves of a catalogue item, one spec each (``gongkai.workflow.actions``).

The states come from ``transitions.TRANSITIONS``; who may from the permission matrix rows
``catalog.item`` (and, for sending into the review, ``permissions.can_edit``: a sub-user only what
they entered). The staff take four of them on the item page (submit / resubmit, correct, withdraw;
each through its own service, which applies the move with ``item_transition``); the review's hooks
take the others (return, approve, reject, cancel): they are not offered as buttons.
``ItemAction.DISCLOSE`` is no move of the table (an audit code only) and has no spec. The specs
name no page form: ``catalog.forms`` imports the services, which read this registry (the item
page uses ``forms.SubmitForm`` / ``CorrectForm`` / ``ReasonForm``).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.workflow.actions import ActionRegistry, ActionSpec, field

from . import permissions
from .enums import ItemAction
from .transitions import TRANSITIONS


@dataclass(frozen=True)
class SubmitInput:
    comment: str = field(label="提交说明", max_length=2000)


@dataclass(frozen=True)
class ReasonInput:
    reason: str = field(label="理由", required=True, max_length=2000)


registry = ActionRegistry(TRANSITIONS)


def _spec(action: ItemAction, **options) -> ActionSpec:
    return registry.register(ActionSpec(name=action.value, label=action.label, **options))


def _can_edit(user, item) -> bool:
    return permissions.can_edit(user, item)


_SUBMIT = {"permission": ("catalog.item", "create"), "allows": _can_edit, "inputs": SubmitInput}
_spec(ItemAction.SUBMIT, denied="您无权提交该信息。", **_SUBMIT)
_spec(ItemAction.RESUBMIT, denied="您无权提交该信息。", **_SUBMIT)
# Taken by the review's hooks (catalog/reviews.py).
for _action in (ItemAction.RETURN, ItemAction.APPROVE_PUBLISH, ItemAction.APPROVE_NOT_PUBLIC, ItemAction.REJECT):
    _spec(_action, permission=None, offered=False)
_spec(ItemAction.CANCEL, permission=None, offered=False)
_spec(
    ItemAction.CORRECT,
    permission=("catalog.item", "correct"),
    inputs=ReasonInput,
    denied="只有本单位的编制单位管理员可以更正已公开的信息。",
)
_spec(
    ItemAction.WITHDRAW,
    permission=("catalog.item", "withdraw"),
    inputs=ReasonInput,
    danger=True,
    denied="只有编制单位管理员或政务公开办负责人可以撤回已公开的信息。",
)


def available_names(item, user) -> list[str]:
    """The moves ``user`` may start on ``item`` now (the item page's buttons)."""
    return [spec.name for spec in registry.available(item, user)]


def submittable_statuses() -> frozenset[str]:
    """Statuses from which the item's own unit may send it (again) into the review."""
    return registry.get(ItemAction.SUBMIT).allowed_from | registry.get(ItemAction.RESUBMIT).allowed_from
