"""Who may see and do what, by role and unit. The one place that decides scope.

What each role may do to each kind of object, and whether at its own unit or also below
it, is the permission matrix (``matrix.py``); ``allowed_agency_ids``/``allows`` read it.
``agency_ids_for_role`` (a role held at an agency applies to it; the roles in
``ROLES_COVERING_SUBORDINATES`` also below it) serves the review engine's steps.
Services call these checks, so pages, API, admin and jobs behave alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.core.errors import PermissionDenied

from . import matrix
from .enums import ROLES_COVERING_SUBORDINATES, Role
from .models import Agency, RoleAssignment

_CACHE_ATTR = "_gongkai_role_cache"


def _assignments(user) -> list[tuple[str, int | None, int | None]]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).values_list("role", "agency_id", "section_id"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def clear_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_system_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser) or any(role == Role.SYSTEM_ADMIN for role, _, _ in _assignments(user))


def _descendant_ids(root_ids: Iterable[int]) -> set[int]:
    """All agencies at or below the given ones (breadth-first over parent links)."""
    found = set(root_ids)
    frontier = set(found)
    while frontier:
        children = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= children
        frontier = children
    return found


def agency_ids_for_role(user, roles: Iterable[str] | None = None) -> set[int]:
    """Agencies where the user holds one of ``roles`` (any role if None), subordinates included where the role covers them."""
    wanted = set(roles) if roles is not None else None
    direct: set[int] = set()
    covering: set[int] = set()
    for role, agency_id, _section_id in _assignments(user):
        if agency_id is None or (wanted is not None and role not in wanted):
            continue
        (covering if role in ROLES_COVERING_SUBORDINATES else direct).add(agency_id)
    return direct | _descendant_ids(covering)


def allowed_agency_ids(user, obj: str, op: str) -> set[int] | None:
    """Agencies whose ``obj`` the user may ``op`` by the matrix; ``None`` means all (system administrator)."""
    entry = matrix.entry(obj, op)
    if entry.sysadmin and is_system_admin(user):
        return None
    own: set[int] = set()
    below: set[int] = set()
    for role, agency_id, _section_id in _assignments(user):
        scope = entry.roles.get(role)
        if agency_id is None or scope is None:
            continue
        (below if scope == matrix.BELOW else own).add(agency_id)
    return own | _descendant_ids(below)


def allows(user, obj: str, op: str, agency: Agency | int | None) -> bool:
    """May the user ``op`` an ``obj`` of ``agency`` (by the matrix)?"""
    allowed = allowed_agency_ids(user, obj, op)
    if allowed is None:
        return True
    agency_id = agency if isinstance(agency, int) or agency is None else agency.pk
    return agency_id is not None and agency_id in allowed


def allowed_anywhere(user, obj: str, op: str) -> bool:
    """May the user ``op`` an ``obj`` of at least one agency (the menu asks this)?"""
    allowed = allowed_agency_ids(user, obj, op)
    return allowed is None or bool(allowed)


def visible_agency_ids(user) -> set[int] | None:
    """Agencies the user sees in the organisation register (matrix ``orgs.unit``/``view``); ``None`` = all.

    Not the scope of applications, drafts or the audit log: those have their own matrix rows.
    """
    return allowed_agency_ids(user, "orgs.unit", "view")


def can_see_agency(user, agency_id: int | None) -> bool:
    visible = visible_agency_ids(user)
    return visible is None or agency_id in visible


def has_role(user, role: str, agency: Agency | int) -> bool:
    """Does the user hold ``role`` for ``agency`` (directly, or through a covering role above it)?"""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in agency_ids_for_role(user, [role])


def has_any_role(user, roles: Iterable[str], agency: Agency | int) -> bool:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in agency_ids_for_role(user, roles)


def section_ids_for_role(user, role: str, agency_id: int) -> set[int | None]:
    """Sections in which the user holds ``role`` at ``agency_id`` (None = the whole unit)."""
    return {s for r, a, s in _assignments(user) if r == role and a == agency_id}


def require(condition: bool, message: str = "您没有执行此操作的权限。") -> None:
    if not condition:
        raise PermissionDenied(message)


def require_system_admin(user) -> None:
    require(is_system_admin(user), "只有系统管理员可以执行此操作。")


def require_unit_admin(user, agency: Agency | int) -> None:
    """System administrators, or the unit administrator of that agency."""
    if is_system_admin(user):
        return
    require(has_role(user, Role.UNIT_ADMIN, agency), "只有本单位的编制单位管理员或系统管理员可以执行此操作。")


# --- Who manages what in organisations and people -------------------------------------------

# Roles only a system administrator may grant or revoke.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.UNIT_ADMIN})


def managed_agency_ids(user) -> set[int] | None:
    """Agencies whose sections, people and non-admin roles the user manages; ``None`` means all."""
    return allowed_agency_ids(user, "orgs.unit", "manage")


def can_manage_unit(user, agency: Agency | int) -> bool:
    """May the user manage sections, people and non-admin roles of ``agency``?"""
    managed = managed_agency_ids(user)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return managed is None or agency_id in managed


def can_grant_role(user, role: str, agency: Agency | int | None) -> bool:
    """System administrators grant anything; unit administrators grant non-admin roles in their unit."""
    if is_system_admin(user):
        return True
    if role in ADMIN_ROLES or agency is None:
        return False
    return can_manage_unit(user, agency)


def can_manage_user(actor, target) -> bool:
    """May ``actor`` edit, deactivate or set the password of ``target``?

    A unit administrator manages a person only when every role the person holds is a
    non-admin role in one of the administrator's units (people shared with another unit,
    administrators and superusers are left to the system administrator).
    """
    if is_system_admin(actor):
        return True
    if getattr(target, "is_superuser", False):
        return False
    managed = managed_agency_ids(actor) or set()
    rows = list(RoleAssignment.objects.filter(user=target).values_list("role", "agency_id"))
    if not rows:
        return False
    return all(role not in ADMIN_ROLES and agency_id in managed for role, agency_id in rows)


def require_can_manage_user(actor, target) -> None:
    require(can_manage_user(actor, target), "您只能管理本单位的非管理员人员。")
