"""Audit event codes of the workflow app: one enum, registered in ``WorkflowConfig.ready``.

The values are the codes stored in ``AuditEvent.event`` (never change one: old rows keep it);
the labels are what the audit page shows. Call sites pass the members:
``audit_log(event=WorkflowEvent.PENDING, ...)``.
Codes built from an action enum (``review.<action>``) are members too, one per action, labelled
"<subject>：<action label>"; ``WorkflowEvent.review_event(action)`` names the member of an action
(a ValueError for an action without one: a test checks every action has its member).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import action_label
from gongkai.workflow.enums import ReviewEvent

# Subjects of the action families ("<subject>：<action label>").
_REVIEW = _("审核")


class WorkflowEvent(models.TextChoices):
    PENDING = "review.pending", _("审核待办")
    REASSIGNED = "review.reassigned", _("审核步骤改派")
    UNSTAFFED = "review.unstaffed", _("审核步骤无可审核人员")

    # review.<ReviewEvent>
    SUBMITTED = "review.submitted", action_label(_REVIEW, ReviewEvent.SUBMITTED)
    STEP_APPROVED = "review.step_approved", action_label(_REVIEW, ReviewEvent.STEP_APPROVED)
    APPROVED = "review.approved", action_label(_REVIEW, ReviewEvent.APPROVED)
    RETURNED = "review.returned", action_label(_REVIEW, ReviewEvent.RETURNED)
    REJECTED = "review.rejected", action_label(_REVIEW, ReviewEvent.REJECTED)
    RESUBMITTED = "review.resubmitted", action_label(_REVIEW, ReviewEvent.RESUBMITTED)
    CANCELLED = "review.cancelled", action_label(_REVIEW, ReviewEvent.CANCELLED)

    @classmethod
    def review_event(cls, action: str) -> "WorkflowEvent":
        """The member of ``ReviewEvent`` ``action`` (``review.<action>``)."""
        return cls(f"review.{action}")
