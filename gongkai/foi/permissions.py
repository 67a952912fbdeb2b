"""Who may see and do what with applications. The roles and scopes are the rows
``foi.application`` and ``foi.personal_data`` of the permission matrix (``orgs/matrix.py``).

- See (lists, case page, statistics): ``foi.application``/``view`` — the unit's own staff who
  handle, review or sign replies, the disclosure office and the leader above it, system
  administrators. Need to know: the news office and the opinion monitors do not.
- Handle (register, act on a case): ``foi.application``/``handle``, directly or through the
  disclosure office above (the county disclosure office).
- Approve an extension (条例 art. 33: 经政府信息公开工作机构负责人同意): ``approve``, the head of
  the disclosure office for the agency. A sub-user cannot.
- Full personal data (identity number, phone, e-mail, address, identity proof):
  ``foi.personal_data``/``view`` — only the handling staff of the receiving agency itself, or
  the assigned handler. Oversight from above and system administrators see masks. Every
  full view is audited.
- The system (``actor=None``) takes review-hook and sweep actions; the applicant acts
  through the query code (supplement, withdraw, answer a fee notice).
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.matrix import roles_for
from gongkai.orgs.models import Agency

HANDLER_ROLES = roles_for("foi.application", "handle")
EXTENSION_APPROVER_ROLES = roles_for("foi.application", "approve")


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def can_view_agency(user, agency: Agency | int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return org_permissions.allows(user, "foi.application", "view", _agency_id(agency))


def viewable_agency_ids(user) -> set[int] | None:
    """Agencies whose applications the user may see; ``None`` means all (system administrator)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return org_permissions.allowed_agency_ids(user, "foi.application", "view")


def can_view(user, application) -> bool:
    return can_view_agency(user, application.agency_id)


def can_handle_agency(user, agency: Agency | int) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return org_permissions.allows(user, "foi.application", "handle", _agency_id(agency))


def can_handle(user, application) -> bool:
    return can_handle_agency(user, application.agency_id)


def can_approve_extension(user, application) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return org_permissions.allows(user, "foi.application", "approve", application.agency_id)


def can_see_personal_data(user, application) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if application.handler_id and application.handler_id == user.pk:
        return True
    return org_permissions.allows(user, "foi.personal_data", "view", application.agency_id)


def handling_agency_ids(user) -> set[int] | None:
    """Agencies where the user may register applications; None = none special (empty set)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return org_permissions.allowed_agency_ids(user, "foi.application", "handle") or set()


def require_view(user, application) -> None:
    org_permissions.require(can_view(user, application), "您无权查看该申请。")


def require_handle(user, application) -> None:
    org_permissions.require(can_handle(user, application), "您无权办理该申请。")


def require_handle_agency(user, agency: Agency | int) -> None:
    org_permissions.require(can_handle_agency(user, agency), "您无权为该机关登记政府信息公开申请。")


def require_approve_extension(user, application) -> None:
    org_permissions.require(
        can_approve_extension(user, application),
        "延长答复期限须经政府信息公开工作机构负责人（政务公开办负责人）同意，您无权批准。",
    )


def require_personal_data(user, application) -> None:
    org_permissions.require(
        can_see_personal_data(user, application), "只有受理机关的经办人员可以查看申请人完整的个人信息。"
    )
