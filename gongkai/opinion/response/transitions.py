"""Status tables of the response side: ``{(status, action): new_status}``.

Only ``services.assignment_transition`` and ``services.response_transition`` assign ``.status``.
"""

from .enums import AssignmentAction as AA
from .enums import AssignmentStatus as AS
from .enums import ResponseAction as RA
from .enums import ResponseStatus as RS

ASSIGNMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (AS.ASSIGNED, AA.CLAIM): AS.CLAIMED,
    (AS.ASSIGNED, AA.RESPOND): AS.RESPONDED,  # a coordinator that releases without claiming
    (AS.CLAIMED, AA.RESPOND): AS.RESPONDED,
    (AS.ASSIGNED, AA.WITHDRAW): AS.WITHDRAWN,
    (AS.CLAIMED, AA.WITHDRAW): AS.WITHDRAWN,
    (AS.WITHDRAWN, AA.REASSIGN): AS.ASSIGNED,
}

RESPONSE_TRANSITIONS: dict[tuple[str, str], str] = {
    (RS.DRAFT, RA.SUBMIT): RS.IN_REVIEW,
    (RS.IN_REVIEW, RA.RETURN): RS.RETURNED,
    (RS.RETURNED, RA.RESUBMIT): RS.IN_REVIEW,
    (RS.IN_REVIEW, RA.PUBLISH): RS.PUBLISHED,
    (RS.IN_REVIEW, RA.REJECT): RS.REJECTED,
    (RS.RETURNED, RA.REJECT): RS.REJECTED,
    (RS.IN_REVIEW, RA.CANCEL): RS.DRAFT,
    (RS.RETURNED, RA.CANCEL): RS.DRAFT,
    (RS.PUBLISHED, RA.WITHDRAW): RS.WITHDRAWN,
}
