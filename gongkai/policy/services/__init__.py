"""Every write of the policy lifecycle: permission check, one transaction, audit log.

The consultation period and the issue period are rules clocks (``gongkai.rules``): the kind of the
draft chooses the consultation rule (``rules.CONSULTATION_RULES``) and the record in force on the
start date for the agency's region gives the minimum. Comments are screened with the opinion
module's text tools (``opinion.interface``) and their personal data is encrypted like an FOI
applicant's (``foi.interface``). The document is published through the catalogue's publication
review (``catalog.interface``); its interpretations are published when the catalogue publishes it.

The package, by entity: ``common`` (helpers and ``policy_transition``, the only place the state
changes), ``drafts``, ``consultation`` (R8.1), ``comments``, ``adoption`` (grouping and the adoption
report), ``submission`` (submission and 退文, sign-off), ``release`` (interpretations and release),
``experts`` (R1.5) and ``hearings`` (R8.2). This module re-exports the names the edges, the review
hooks, the demo loader and the tests use, so ``services.policy_submit`` etc. keep working.
"""

from .adoption import (
    comment_assign,
    comments_group,
    group_decide,
    report_problems,
    report_published,
    report_resubmitted,
    report_returned,
    report_submit,
)
from .comments import CommentThrottled, comment_contact, comment_moderate, comment_register, comment_submit
from .consultation import consultation_close, consultation_minimum, consultation_open
from .drafts import policy_create, policy_update
from .experts import expert_contact, expert_save, expert_use_record
from .hearings import hearing_announce, hearing_record, hearing_select, hearing_signup
from .release import (
    followup_published,
    followup_returned,
    interpretation_add,
    interpretation_remove,
    policy_issue,
    release_problems,
)
from .submission import (
    policy_submit,
    signoff_approved,
    signoff_returned,
    submission_accept,
    submission_problems,
    submission_return,
)

__all__ = [
    "CommentThrottled",
    "comment_assign",
    "comment_contact",
    "comment_moderate",
    "comment_register",
    "comment_submit",
    "comments_group",
    "consultation_close",
    "consultation_minimum",
    "consultation_open",
    "expert_contact",
    "expert_save",
    "expert_use_record",
    "followup_published",
    "followup_returned",
    "group_decide",
    "hearing_announce",
    "hearing_record",
    "hearing_select",
    "hearing_signup",
    "interpretation_add",
    "interpretation_remove",
    "policy_create",
    "policy_issue",
    "policy_submit",
    "policy_update",
    "release_problems",
    "report_problems",
    "report_published",
    "report_resubmitted",
    "report_returned",
    "report_submit",
    "signoff_approved",
    "signoff_returned",
    "submission_accept",
    "submission_problems",
    "submission_return",
]
