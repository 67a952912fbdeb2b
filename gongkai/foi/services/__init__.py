"""Writes of disclosure on application (依申请公开).

Every function is keyword-only, checks permissions (``permissions.py``), runs in one
transaction and writes its audit event there. Status changes go through
``application_transition`` only (table in ``transitions.py``), which locks the row, checks the
move and who may make it, runs the action's step (clock, consultation, fee, letter, …) and
records a timeline event and an audit event. An error anywhere rolls back everything.

Clocks (gongkai.rules): the answer clock ``foi.answer_period`` starts at the receipt date (SPEC
R4.2); 补正 closes it and a new one starts when the supplement arrives (条例 art. 30);
consultations and fee notices pause it; the one extension is approved by the head of the
disclosure office (条例 art. 33). The applicant's own periods (补正 ``foi.supplement_reply_period``,
fee ``foi.fee_payment_period``) and the consultations' periods are clocks too; ``foi_sweep``
ends applications whose applicant let a period pass and closes lapsed consultations.

The package, along the sections of the former single module:
``inputs`` (the applicant's input and its checks), ``common`` (timeline events, codes, telling
the applicant, clock helpers, handlers), ``intake`` (online submission, counter registration),
``context`` + ``transition`` (the one transition service and its table of steps),
``steps_handling`` / ``steps_fees`` / ``steps_answer`` / ``steps_transfer`` (the action steps),
``writes`` (the other writes), ``public_query`` (the public status query, query-code recovery,
the applicant's own actions) and ``sweep`` (``foi_sweep``). This module re-exports the names
the rest of the code base uses, so ``services.application_transition`` etc. keep working.
"""

from gongkai.core import clock
from gongkai.core.errors import PermissionDenied

from .common import (
    ADDRESS_KIND,
    applicant_address,
    handlers_for,
    new_public_id,
    new_query_code,
    normalise_public_id,
    office_heads_for,
    tell_applicant,
)
from .inputs import (
    MAX_ITEMS,
    PUBLIC_ID_LENGTH,
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    ApplicationInput,
    ItemInput,
    derive_receipt_date,
    validate_input,
)
from .intake import (
    SubmissionThrottled,
    application_register,
    application_submit_online,
)
from .public_query import (
    QUERY_MAX_FAILURES_PER_IP,
    QUERY_MAX_FAILURES_PER_NUMBER,
    QUERY_WINDOW_MINUTES,
    RECOVERY_ANSWER,
    QueryFailed,
    QueryThrottled,
    RecoveryThrottled,
    applicant_act,
    applicant_fee_reply,
    application_public_lookup,
    application_recover_query_code,
)
from .steps_answer import (
    review_data,
)
from .steps_fees import (
    FEE_2020,
)
from .sweep import (
    foi_sweep,
)
from .transition import (
    application_transition,
)
from .writes import (
    agency_profile_save,
    appeal_record_save,
    applicant_message_retry,
    application_link_repeat,
    application_personal_data,
    application_request_extension,
    application_set_mass,
    application_set_mass_delay,
    attachment_open,
    consultation_record_opinion,
    fee_notice_record_receipt,
)

__all__ = [
    "clock",
    "PermissionDenied",
    "MAX_ITEMS",
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_LENGTH",
    "PUBLIC_ID_LENGTH",
    "ItemInput",
    "ApplicationInput",
    "validate_input",
    "derive_receipt_date",
    "new_query_code",
    "new_public_id",
    "normalise_public_id",
    "ADDRESS_KIND",
    "applicant_address",
    "tell_applicant",
    "office_heads_for",
    "handlers_for",
    "SubmissionThrottled",
    "application_submit_online",
    "application_register",
    "application_transition",
    "review_data",
    "FEE_2020",
    "application_request_extension",
    "application_personal_data",
    "attachment_open",
    "consultation_record_opinion",
    "application_set_mass",
    "application_set_mass_delay",
    "applicant_message_retry",
    "fee_notice_record_receipt",
    "application_link_repeat",
    "appeal_record_save",
    "agency_profile_save",
    "QUERY_WINDOW_MINUTES",
    "QUERY_MAX_FAILURES_PER_IP",
    "QUERY_MAX_FAILURES_PER_NUMBER",
    "QueryThrottled",
    "QueryFailed",
    "application_public_lookup",
    "RecoveryThrottled",
    "RECOVERY_ANSWER",
    "application_recover_query_code",
    "applicant_act",
    "applicant_fee_reply",
    "foi_sweep",
]
