"""Every write of the leader mailbox and hotline (in ``transaction.atomic``, audited)."""

from .intake import (
    LetterInput,
    QueryFailed,
    QueryThrottled,
    SubmissionThrottled,
    hotline_case_upsert,
    letter_public_lookup,
    letter_register,
    letter_submit_online,
    validate_input,
)
from .transition import letter_rate, letter_transition
from .triage import (
    duplicate_candidates,
    letter_attachment,
    letter_personal_data,
    letter_publish,
    return_visit_record,
    route_suggestion,
    routing_rule_delete,
    routing_rule_save,
)

__all__ = [
    "LetterInput",
    "QueryFailed",
    "QueryThrottled",
    "SubmissionThrottled",
    "duplicate_candidates",
    "hotline_case_upsert",
    "letter_attachment",
    "letter_personal_data",
    "letter_public_lookup",
    "letter_publish",
    "letter_rate",
    "letter_register",
    "letter_submit_online",
    "letter_transition",
    "return_visit_record",
    "route_suggestion",
    "routing_rule_delete",
    "routing_rule_save",
    "validate_input",
]
