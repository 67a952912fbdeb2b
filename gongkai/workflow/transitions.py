"""The transition table of a review: ``{(status, action): new_status}``.

``None`` as the status stands for "no review yet": only ``SUBMIT`` starts one.
Nothing but ``services.review_transition`` (and ``review_start`` for the first row)
assigns ``Review.status``.
"""

from __future__ import annotations

from gongkai.core.errors import InvalidTransition

from .enums import ReviewAction, ReviewStatus

TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, ReviewAction.SUBMIT): ReviewStatus.IN_PROGRESS,
    (ReviewStatus.IN_PROGRESS, ReviewAction.ADVANCE): ReviewStatus.IN_PROGRESS,
    (ReviewStatus.IN_PROGRESS, ReviewAction.COMPLETE): ReviewStatus.APPROVED,
    (ReviewStatus.IN_PROGRESS, ReviewAction.RETURN): ReviewStatus.RETURNED,
    (ReviewStatus.IN_PROGRESS, ReviewAction.REJECT): ReviewStatus.REJECTED,
    (ReviewStatus.IN_PROGRESS, ReviewAction.CANCEL): ReviewStatus.CANCELLED,
    (ReviewStatus.RETURNED, ReviewAction.RESUBMIT): ReviewStatus.IN_PROGRESS,
    (ReviewStatus.RETURNED, ReviewAction.CANCEL): ReviewStatus.CANCELLED,
}


def next_status(status: str | None, action: str) -> str:
    """The status after ``action``, or ``InvalidTransition`` if the table has no such move."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        status_label = ReviewStatus(status).label if status in ReviewStatus.values else "未开始"
        action_label = ReviewAction(action).label if action in ReviewAction.values else str(action)
        raise InvalidTransition(
            f"审核处于“{status_label}”状态，不能执行“{action_label}”。",
            detail={"status": status, "action": action},
        ) from None


def allowed_actions(status: str | None) -> list[str]:
    return [action for (s, action) in TRANSITIONS if s == status]
