"""Letter status transitions: ``{(status, action): new_status}``, applied only by
``services.letter_transition``. The shape of a case:

    received ─route→ assigned ─claim→ handling ─draft→ drafted ─submit_review→ under review
      ─(review approved)→ replied ─rate satisfied→ closed
                                  └rate dissatisfied→ reviewing (supervising office) ─uphold→ closed
                                                                                      └redo→ handling (once)

The office may judge a letter out of scope or merge a duplicate; the unit may send a letter back
(it returns to triage) and the office may transfer it to another unit. The one extension keeps the
status. A reply that cannot solve the matter is an explanation (说明), reviewed like an answer.
"""

from .enums import Action as A
from .enums import Status as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.RECEIVED, A.ROUTE): S.ASSIGNED,
    (S.RECEIVED, A.REJECT_SCOPE): S.OUT_OF_SCOPE,
    (S.RECEIVED, A.MERGE): S.MERGED,
    (S.ASSIGNED, A.CLAIM): S.HANDLING,
    (S.ASSIGNED, A.SEND_BACK): S.RECEIVED,
    (S.ASSIGNED, A.TRANSFER): S.ASSIGNED,
    (S.HANDLING, A.TRANSFER): S.ASSIGNED,
    (S.HANDLING, A.EXTEND): S.HANDLING,
    (S.DRAFTED, A.EXTEND): S.DRAFTED,
    (S.HANDLING, A.DRAFT): S.DRAFTED,
    (S.DRAFTED, A.DRAFT): S.DRAFTED,
    (S.DRAFTED, A.SUBMIT_REVIEW): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.REVIEW_APPROVED): S.REPLIED,
    (S.UNDER_REVIEW, A.REVIEW_RETURNED): S.DRAFTED,
    (S.REPLIED, A.RATE_SATISFIED): S.CLOSED,
    (S.REPLIED, A.RATE_DISSATISFIED): S.REVIEWING,
    (S.REPLIED, A.CLOSE): S.CLOSED,
    (S.REVIEWING, A.UPHOLD): S.CLOSED,
    (S.REVIEWING, A.REDO): S.HANDLING,
}


def next_status(status: str, action: str) -> str | None:
    return TRANSITIONS.get((status, action))


def actions_from(status: str) -> list[str]:
    return [a for a in A.values if (status, a) in TRANSITIONS]
