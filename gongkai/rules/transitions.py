"""Deadline status transitions: ``{(status, action): new_status}``.

Only ``services.deadline_transition`` applies them. Extending keeps the status.
"""

from .enums import DeadlineAction as A
from .enums import DeadlineStatus as S

DEADLINE_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.OPEN, A.PAUSE): S.PAUSED,
    (S.PAUSED, A.RESUME): S.OPEN,
    (S.OPEN, A.EXTEND): S.OPEN,
    (S.PAUSED, A.EXTEND): S.PAUSED,
    (S.OPEN, A.CLOSE): S.CLOSED,
    (S.PAUSED, A.CLOSE): S.CLOSED,
}
