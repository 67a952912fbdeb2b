"""Who may see and do what in oversight: rows ``oversight.*`` of the permission matrix."""

from __future__ import annotations

from gongkai.core.errors import PermissionDenied
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def allows(user, obj: str, op: str, agency: Agency | int) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return org_permissions.allows(user, f"oversight.{obj}", op, _agency_id(agency))


def require(user, obj: str, op: str, agency: Agency | int) -> None:
    if not allows(user, obj, op, agency):
        raise PermissionDenied("您没有执行此操作的权限。")


def agency_ids(user, obj: str, op: str = "view") -> set[int] | None:
    """Agencies whose records of ``obj`` the user may see; ``None`` = all (system administrator)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return org_permissions.allowed_agency_ids(user, f"oversight.{obj}", op)
