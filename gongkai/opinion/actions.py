"""The moves of an opinion event (结束监测、排除、恢复监测), one spec each (``gongkai.workflow.actions``).

The states come from ``transitions.TRANSITIONS``; who may from the permission matrix row
``opinion.monitoring``/``manage`` at any of the event's units (``permissions.event_unit_ids``).
``services.event_transition`` and the event page read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.workflow.actions import ActionRegistry, ActionSpec, field

from .enums import EventAction
from .permissions import event_unit_ids
from .transitions import TRANSITIONS

MANAGE = ("opinion.monitoring", "manage")
DENIED = "只有事件涉及单位的舆情监测人员或系统管理员可以执行此操作。"


@dataclass(frozen=True)
class ReasonInput:
    # Required to close or dismiss (checked by the service, with the field named in its detail).
    reason: str = field(label="理由", max_length=500)


registry = ActionRegistry(TRANSITIONS, agency_of=event_unit_ids)
for _action in (EventAction.CLOSE, EventAction.DISMISS, EventAction.REOPEN):
    registry.register(
        ActionSpec(
            name=_action,
            label=_action.label,
            permission=MANAGE,
            inputs=ReasonInput,
            denied=DENIED,
            danger=_action == EventAction.DISMISS,
        )
    )
