"""Status transitions of the press app: ``{(status, action): new_status}``, applied only by the services.

Conference: draft ─submit→ under review ─(both approvals)→ approved ─announce→ announced ─hold→ held
─publish→ published. A returned plan goes back to draft; a rejected one is final (it can never be
announced or held). Nothing is public before approval (R6.1).
"""

from .enums import ConferenceAction as CA
from .enums import ConferenceStatus as CS
from .enums import FilingAction as FA
from .enums import FilingStatus as FS
from .enums import InterviewAction as IA
from .enums import InterviewStatus as IS

CONFERENCE_TRANSITIONS: dict[tuple[str, str], str] = {
    (CS.DRAFT, CA.EDIT): CS.DRAFT,
    (CS.DRAFT, CA.SUBMIT): CS.UNDER_REVIEW,
    (CS.UNDER_REVIEW, CA.REVIEW_APPROVED): CS.APPROVED,
    (CS.UNDER_REVIEW, CA.REVIEW_RETURNED): CS.DRAFT,
    (CS.UNDER_REVIEW, CA.REVIEW_REJECTED): CS.REJECTED,
    (CS.APPROVED, CA.ANNOUNCE): CS.ANNOUNCED,
    (CS.APPROVED, CA.HOLD): CS.HELD,
    (CS.ANNOUNCED, CA.HOLD): CS.HELD,
    (CS.HELD, CA.PUBLISH): CS.PUBLISHED,
    (CS.PUBLISHED, CA.PUBLISH): CS.PUBLISHED,
    (CS.DRAFT, CA.CANCEL): CS.CANCELLED,
    (CS.APPROVED, CA.CANCEL): CS.CANCELLED,
    (CS.ANNOUNCED, CA.CANCEL): CS.CANCELLED,
}

FILING_TRANSITIONS: dict[tuple[str, str], str] = {
    (FS.DRAFT, FA.SUBMIT): FS.UNDER_REVIEW,
    (FS.RETURNED, FA.SUBMIT): FS.UNDER_REVIEW,
    (FS.UNDER_REVIEW, FA.REVIEW_APPROVED): FS.FILED,
    (FS.UNDER_REVIEW, FA.REVIEW_RETURNED): FS.RETURNED,
    (FS.FILED, FA.END): FS.ENDED,
}

INTERVIEW_TRANSITIONS: dict[tuple[str, str], str] = {
    (IS.PLANNED, IA.START): IS.LIVE,
    (IS.LIVE, IA.CLOSE): IS.CLOSED,
    (IS.CLOSED, IA.PUBLISH): IS.PUBLISHED,
    (IS.PUBLISHED, IA.PUBLISH): IS.PUBLISHED,
    (IS.PLANNED, IA.CANCEL): IS.CANCELLED,
}
