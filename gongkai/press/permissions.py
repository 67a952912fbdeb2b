"""Who may see and do what in news release. The roles and scopes are the rows ``press.conference``
and ``press.spokesperson`` of the permission matrix (``orgs/matrix.py``).

- ``press.conference``/``view``: the unit's staff, and the covering roles above it (news office,
  leader in charge, disclosure office).
- ``press.conference``/``create``: plan a conference and submit it for approval, record it held,
  upload the transcript and media, plan an online interview and moderate its questions.
- ``press.conference``/``coordinate``: the frequency compliance table, its export and reminders.
- ``press.spokesperson``/``view`` / ``create``: the register of spokespersons and liaisons, filing.
- Approval steps (news office, competent department) are the review templates' (``reviews.py``).
"""

from __future__ import annotations

from gongkai.core.errors import PermissionDenied
from gongkai.orgs import permissions as org_permissions

CONFERENCE = "press.conference"
SPOKESPERSON = "press.spokesperson"


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _agency_id(agency) -> int:
    return agency if isinstance(agency, int) else agency.pk


def allows(user, obj: str, op: str, agency) -> bool:
    return _signed_in(user) and org_permissions.allows(user, obj, op, _agency_id(agency))


def agency_ids(user, obj: str, op: str) -> set[int] | None:
    """Agencies where the user may; ``None`` means all (system administrator)."""
    if not _signed_in(user):
        return set()
    return org_permissions.allowed_agency_ids(user, obj, op)


def anywhere(user, obj: str, op: str) -> bool:
    return _signed_in(user) and org_permissions.allowed_anywhere(user, obj, op)


def require(user, obj: str, op: str, agency, message: str) -> None:
    if not allows(user, obj, op, agency):
        raise PermissionDenied(message)


def require_conference_view(user, agency) -> None:
    require(user, CONFERENCE, "view", agency, "您无权查看该单位的新闻发布工作。")


def require_conference_create(user, agency) -> None:
    require(user, CONFERENCE, "create", agency, "您无权为该单位办理新闻发布事项。")


def require_coordinate(user, agency) -> None:
    require(user, CONFERENCE, "coordinate", agency, "只有新闻办、分管负责同志或政务公开办负责人可以查看频次统计。")


def require_filing_create(user, agency) -> None:
    require(user, SPOKESPERSON, "create", agency, "您无权为该单位登记新闻发言人、联络员。")


def require_filing_view(user, agency) -> None:
    require(user, SPOKESPERSON, "view", agency, "您无权查看该单位的新闻发言人备案。")
