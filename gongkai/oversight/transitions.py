"""The states of an accountability case, applied only by ``services.cases.case_transition``."""

from .enums import CaseAction as A
from .enums import CaseStatus as S

CASE_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.OPEN, A.SUBMIT): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.REVIEW_APPROVED): S.DECIDED,
    (S.UNDER_REVIEW, A.REVIEW_RETURNED): S.OPEN,
    (S.DECIDED, A.CLOSE): S.CLOSED,
}
