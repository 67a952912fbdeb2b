"""Report status moves ``{(status, action): new_status}``; only ``services._transition`` applies them."""

from .enums import ReportAction as A
from .enums import ReportStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, A.SUBMIT): S.IN_REVIEW,
    (S.IN_REVIEW, A.RETURN): S.RETURNED,
    (S.RETURNED, A.RESUBMIT): S.IN_REVIEW,
    (S.IN_REVIEW, A.APPROVE): S.PUBLISHED,
    (S.IN_REVIEW, A.CANCEL): S.DRAFT,
    (S.RETURNED, A.CANCEL): S.DRAFT,
}

EDITABLE = frozenset({S.DRAFT, S.RETURNED})
