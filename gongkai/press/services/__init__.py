"""Every write of the press app: in ``transaction.atomic``, audited, with the transition tables.

Edges (back office, portal, API) call these and the selectors only.

The package, by entity: ``common`` (input helpers), ``filings`` (spokespersons and liaisons),
``conferences`` (press conferences and their media files) and ``interviews`` (online interviews and
their questions). This module re-exports the names the edges, the review hooks and the tests use,
so ``services.conference_plan`` etc. keep working.
"""

from ..enums import MediaKind
from .conferences import (
    PLAN_FIELDS,
    conference_announce,
    conference_cancel,
    conference_hold,
    conference_plan,
    conference_publish,
    conference_submit,
    conference_transition,
    conference_update,
    media_remove,
    media_upload,
)
from .filings import filing_create, filing_submit, filing_transition
from .interviews import (
    QuestionThrottled,
    interview_plan,
    interview_transition,
    question_answer,
    question_moderate,
    question_submit,
)

__all__ = [
    "PLAN_FIELDS",
    "MediaKind",
    "QuestionThrottled",
    "conference_announce",
    "conference_cancel",
    "conference_hold",
    "conference_plan",
    "conference_publish",
    "conference_submit",
    "conference_transition",
    "conference_update",
    "filing_create",
    "filing_submit",
    "filing_transition",
    "interview_plan",
    "interview_transition",
    "media_remove",
    "media_upload",
    "question_answer",
    "question_moderate",
    "question_submit",
]
