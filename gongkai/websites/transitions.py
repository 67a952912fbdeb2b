"""The state machines of the register and of findings, applied only by ``services``."""

from __future__ import annotations

from .enums import Action, FindingAction, FindingState, Status

ACCOUNT_TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.PENDING, Action.OPEN_APPROVED): Status.OPEN,
    (Status.OPEN, Action.SUSPEND): Status.SUSPENDED,
    (Status.SUSPENDED, Action.RESUME): Status.OPEN,
    (Status.OPEN, Action.CLOSE_APPROVED): Status.CLOSED,
    (Status.SUSPENDED, Action.CLOSE_APPROVED): Status.CLOSED,
    (Status.OPEN, Action.MERGE_APPROVED): Status.MERGED,
    (Status.SUSPENDED, Action.MERGE_APPROVED): Status.MERGED,
}

FINDING_TRANSITIONS: dict[tuple[str, str], str] = {
    (FindingState.OPEN, FindingAction.RECTIFY): FindingState.RECTIFIED,
    (FindingState.OPEN, FindingAction.DISMISS): FindingState.DISMISSED,
}

# Statuses in which an account is expected to publish (checked by the update and share rules).
MONITORED = (Status.OPEN,)
