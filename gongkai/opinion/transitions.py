"""Event status moves: ``{(status, action): new_status}``. Only ``services.event_transition`` applies them."""

from .enums import EventAction as A
from .enums import EventStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.ACTIVE, A.CLOSE): S.CLOSED,
    (S.ACTIVE, A.DISMISS): S.DISMISSED,
    (S.CLOSED, A.REOPEN): S.ACTIVE,
    (S.DISMISSED, A.REOPEN): S.ACTIVE,
}
