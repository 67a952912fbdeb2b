"""Application status transitions: ``{(status, action): new_status}``.

Only ``services.application_transition`` applies them. The shape of a case:

    received ─accept→ in progress ─draft→ drafted ─submit_review→ under review ─(review approved)→
    approved ─send→ sent ─deliver→ delivered

with 补正 (received / in progress → supplement requested → in progress, or abandoned), consultation
(in progress ⇄ consulting: the clock is paused), the one extension (in progress / consulting, the
status stays), the fee notice (in progress → fee notified → in progress, or abandoned), transfer
to (or naming of) the competent agency, and withdrawal by the applicant.
"""

from .enums import Action as A
from .enums import Status as S

_WITHDRAWABLE = (S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.IN_PROGRESS, S.CONSULTING, S.FEE_NOTIFIED, S.DRAFTED)

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.RECEIVED, A.ACCEPT): S.IN_PROGRESS,
    # 补正 (条例 art. 30): once, within 7 working days of receipt (checked by the service).
    (S.RECEIVED, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.IN_PROGRESS, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.SUPPLEMENT_REQUESTED, A.SUPPLEMENT): S.IN_PROGRESS,
    (S.SUPPLEMENT_REQUESTED, A.ABANDON_SUPPLEMENT): S.ABANDONED_SUPPLEMENT,
    # Consultation (条例 art. 32, 34): the answer clock is paused.
    (S.IN_PROGRESS, A.CONSULT): S.CONSULTING,
    (S.CONSULTING, A.END_CONSULTATION): S.IN_PROGRESS,
    # The one extension (条例 art. 33): the status stays.
    (S.IN_PROGRESS, A.EXTEND): S.IN_PROGRESS,
    (S.CONSULTING, A.EXTEND): S.CONSULTING,
    # Fee notice (国办函〔2020〕109号): the answer clock is paused until payment.
    (S.IN_PROGRESS, A.FEE_NOTICE): S.FEE_NOTIFIED,
    (S.FEE_NOTIFIED, A.FEE_PAID): S.IN_PROGRESS,
    (S.FEE_NOTIFIED, A.ABANDON_FEE): S.ABANDONED_FEE,
    # The reply: drafted (per-item decisions), reviewed (SPEC R4.8), sent, delivered.
    (S.RECEIVED, A.DRAFT): S.DRAFTED,
    (S.IN_PROGRESS, A.DRAFT): S.DRAFTED,
    (S.DRAFTED, A.DRAFT): S.DRAFTED,
    (S.DRAFTED, A.REOPEN): S.IN_PROGRESS,
    (S.DRAFTED, A.SUBMIT_REVIEW): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, A.REVIEW_APPROVED): S.APPROVED,
    (S.UNDER_REVIEW, A.REVIEW_RETURNED): S.DRAFTED,
    (S.APPROVED, A.SEND): S.SENT,
    (S.SENT, A.DELIVER): S.DELIVERED,
    # Not this agency's information: tell the applicant which agency, or forward (条例 art. 36(5)).
    (S.RECEIVED, A.TRANSFER): S.TRANSFERRED,
    (S.IN_PROGRESS, A.TRANSFER): S.TRANSFERRED,
    **{(status, A.WITHDRAW): S.WITHDRAWN for status in _WITHDRAWABLE},
}


def next_status(status: str, action: str) -> str | None:
    return TRANSITIONS.get((status, action))


def actions_from(status: str) -> list[str]:
    """The actions the table allows from ``status`` (in the order of ``Action``)."""
    return [a for a in A.values if (status, a) in TRANSITIONS]
