"""Statuses of a review, the actions that move it, and the decisions a reviewer takes."""

from django.db import models


class ReviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "审核中"
    RETURNED = "returned", "已退回修改"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "不予通过"
    CANCELLED = "cancelled", "已撤销"


# A review in one of these statuses blocks a new review of the same object
# (enforced by the partial unique constraint on Review).
ACTIVE_STATUSES = (ReviewStatus.IN_PROGRESS, ReviewStatus.RETURNED)
FINISHED_STATUSES = (ReviewStatus.APPROVED, ReviewStatus.REJECTED, ReviewStatus.CANCELLED)


class ReviewAction(models.TextChoices):
    """What moves a review (the keys of the transition table).

    A reviewer's "approve" is ``ADVANCE`` on any step but the last and ``COMPLETE`` on
    the last one, so the table alone tells which approval ends the review.
    """

    SUBMIT = "submit", "提交审核"
    ADVANCE = "advance", "通过（转下一步）"
    COMPLETE = "complete", "通过（审核完成）"
    RETURN = "return", "退回修改"
    REJECT = "reject", "不予通过"
    RESUBMIT = "resubmit", "修改后重新提交"
    CANCEL = "cancel", "撤销审核"


class Decision(models.TextChoices):
    """The choice a reviewer makes at a step."""

    APPROVE = "approve", "通过"
    RETURN = "return", "退回修改"
    REJECT = "reject", "不予通过"


# Decisions that must carry a comment (the submitter has to know why).
COMMENT_REQUIRED = frozenset({Decision.RETURN, Decision.REJECT})


class ReviewEvent(models.TextChoices):
    """Names of the hooks an owning app may connect to, one per action."""

    SUBMITTED = "submitted", "已提交"
    STEP_APPROVED = "step_approved", "本步骤通过"
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "已退回"
    REJECTED = "rejected", "不予通过"
    RESUBMITTED = "resubmitted", "已重新提交"
    CANCELLED = "cancelled", "已撤销"


EVENT_FOR_ACTION = {
    ReviewAction.SUBMIT: ReviewEvent.SUBMITTED,
    ReviewAction.ADVANCE: ReviewEvent.STEP_APPROVED,
    ReviewAction.COMPLETE: ReviewEvent.APPROVED,
    ReviewAction.RETURN: ReviewEvent.RETURNED,
    ReviewAction.REJECT: ReviewEvent.REJECTED,
    ReviewAction.RESUBMIT: ReviewEvent.RESUBMITTED,
    ReviewAction.CANCEL: ReviewEvent.CANCELLED,
}


class ResubmitMode(models.TextChoices):
    """Where a returned review continues after the submitter resubmits."""

    RESUME = "resume", "从退回的步骤继续"
    RESTART = "restart", "从第一步重新开始"
