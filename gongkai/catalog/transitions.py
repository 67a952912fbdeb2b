"""Item status moves: ``{(status, action): new_status}``. Only ``item_transition`` applies them."""

from .enums import ItemAction as A
from .enums import ItemStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, A.SUBMIT): S.IN_REVIEW,
    (S.RETURNED, A.RESUBMIT): S.IN_REVIEW,
    (S.IN_REVIEW, A.RETURN): S.RETURNED,
    (S.IN_REVIEW, A.APPROVE_PUBLISH): S.PUBLISHED,
    (S.IN_REVIEW, A.APPROVE_NOT_PUBLIC): S.NOT_PUBLIC,
    (S.IN_REVIEW, A.REJECT): S.REJECTED,
    (S.IN_REVIEW, A.CANCEL): S.DRAFT,
    (S.RETURNED, A.CANCEL): S.DRAFT,
    (S.PUBLISHED, A.CORRECT): S.PUBLISHED,
    (S.PUBLISHED, A.WITHDRAW): S.WITHDRAWN,
    # Re-review (R3.6, R2.7): a withheld or withdrawn item whose reason lapsed goes through review again.
    (S.NOT_PUBLIC, A.SUBMIT): S.IN_REVIEW,
    (S.WITHDRAWN, A.SUBMIT): S.IN_REVIEW,
    (S.REJECTED, A.SUBMIT): S.IN_REVIEW,
}

# Statuses in which the working copy may be edited by its author's unit.
EDITABLE = frozenset({S.DRAFT, S.RETURNED, S.NOT_PUBLIC, S.WITHDRAWN, S.REJECTED})
