"""Writes of the rules app: rule records, the holiday calendar and deadlines.

Every function is keyword-only, checks permissions (``permissions.py``), runs in one
transaction and writes its audit event in that transaction. A calendar change bumps the
calendar version and recomputes, in the same transaction, every open deadline it can
affect (with an audit event and a notice to the handler for each one that changed).

One module per section: ``records`` (rule records), ``calendar`` (the holiday calendar) and
``deadlines`` (deadlines and their periodic sweep). This package re-exports the names its
callers use.
"""

from __future__ import annotations

from .calendar import YearEntered, calendar_day_delete, calendar_day_save, calendar_year_enter
from .deadlines import (
    RecomputeResult,
    deadline_close,
    deadline_extend,
    deadline_pause,
    deadline_recompute,
    deadline_resume,
    deadline_start,
    deadline_sweep,
    deadline_transition,
    recompute_affected_deadlines,
)
from .records import rule_record_create, rule_record_delete, rule_record_end, rule_record_update

__all__ = [
    "YearEntered",
    "calendar_day_delete",
    "calendar_day_save",
    "calendar_year_enter",
    "RecomputeResult",
    "deadline_close",
    "deadline_extend",
    "deadline_pause",
    "deadline_recompute",
    "deadline_resume",
    "deadline_start",
    "deadline_sweep",
    "deadline_transition",
    "recompute_affected_deadlines",
    "rule_record_create",
    "rule_record_delete",
    "rule_record_end",
    "rule_record_update",
]
