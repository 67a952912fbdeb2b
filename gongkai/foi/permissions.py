"""Who may see and do what with applications.

- See (lists, case page, statistics): anyone who sees the receiving agency
  (``orgs.permissions.visible_agency_ids``: roles at the agency, covering roles above it,
  system administrators).
- Handle (register, act on a case): the handling roles (``HANDLER_ROLES``) for the agency,
  directly or through a covering role above it (the county disclosure office).
- Approve an extension (条例 art. 33: 经政府信息公开工作机构负责人同意): the head of the
  disclosure office (``Role.DISCLOSURE_OFFICE_HEAD``) for the agency. A sub-user cannot.
- Full personal data (identity number, phone, e-mail, address, identity proof): only the
  handling staff of the receiving agency itself — a handling role held at that very agency,
  or the assigned handler. Oversight from above and system administrators see masks. Every
  full view is audited.
- The system (``actor=None``) takes review-hook and sweep actions; the applicant acts
  through the query code (supplement, withdraw, answer a fee notice).
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, RoleAssignment

HANDLER_ROLES = (
    Role.UNIT_ADMIN,
    Role.SUB_USER,
    Role.DISCLOSURE_OFFICE_STAFF,
    Role.DISCLOSURE_OFFICE_HEAD,
    Role.LIAISON,
)
EXTENSION_APPROVER_ROLES = (Role.DISCLOSURE_OFFICE_HEAD,)


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def can_view_agency(user, agency: Agency | int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return org_permissions.can_see_agency(user, _agency_id(agency))


def can_view(user, application) -> bool:
    return can_view_agency(user, application.agency_id)


def can_handle_agency(user, agency: Agency | int) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return org_permissions.has_any_role(user, HANDLER_ROLES, _agency_id(agency))


def can_handle(user, application) -> bool:
    return can_handle_agency(user, application.agency_id)


def can_approve_extension(user, application) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return org_permissions.has_any_role(user, EXTENSION_APPROVER_ROLES, application.agency_id)


def can_see_personal_data(user, application) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if application.handler_id and application.handler_id == user.pk:
        return True
    return RoleAssignment.objects.filter(user=user, role__in=HANDLER_ROLES, agency_id=application.agency_id).exists()


def handling_agency_ids(user) -> set[int] | None:
    """Agencies where the user may register applications; None = none special (empty set)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return org_permissions.agency_ids_for_role(user, HANDLER_ROLES)


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
