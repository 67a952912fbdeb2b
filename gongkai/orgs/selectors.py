"""Reads of organisations and people, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.errors import NotFound

from . import permissions
from .models import Agency, Region, RoleAssignment, Section, User


def agency_list_visible_to(
    user,
    *,
    region: Region | None = None,
    kind: str | None = None,
    q: str | None = None,
    include_inactive: bool = True,
) -> QuerySet[Agency]:
    """Agencies the user may see; ``region`` includes the regions below it."""
    qs = Agency.objects.select_related("region", "parent")
    visible = permissions.visible_agency_ids(user)
    if visible is not None:
        qs = qs.filter(pk__in=visible)
    if region is not None:
        qs = qs.filter(region_id__in=region_descendant_ids(region))
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs


def agency_get_visible(user, pk: int) -> Agency:
    """One agency the user may see, or ``NotFound`` (the same answer as for a missing one)."""
    agency = agency_list_visible_to(user).filter(pk=pk).first()
    if agency is None:
        raise NotFound("未找到该机构。")
    return agency


def section_list_visible_to(user) -> QuerySet[Section]:
    qs = Section.objects.select_related("agency")
    visible = permissions.visible_agency_ids(user)
    return qs if visible is None else qs.filter(agency_id__in=visible)


def user_list_visible_to(user, *, agency: Agency | None = None, q: str | None = None) -> QuerySet[User]:
    """People holding a role in an agency the user may see (system administrators see everyone)."""
    visible = permissions.visible_agency_ids(user)
    qs = User.objects.all().order_by("username")
    if visible is not None:
        qs = qs.filter(pk__in=RoleAssignment.objects.filter(agency_id__in=visible).values("user_id"))
    if agency is not None:
        qs = qs.filter(pk__in=RoleAssignment.objects.filter(agency=agency).values("user_id"))
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return qs


def role_assignment_list_visible_to(user) -> QuerySet[RoleAssignment]:
    qs = RoleAssignment.objects.select_related("user", "agency", "section")
    visible = permissions.visible_agency_ids(user)
    return qs if visible is None else qs.filter(agency_id__in=visible)


def region_list() -> QuerySet[Region]:
    """Regions are public reference data."""
    return Region.objects.select_related("parent").order_by("code")


def region_descendant_ids(region: Region) -> set[int]:
    found = {region.pk}
    frontier = {region.pk}
    while frontier:
        frontier = set(Region.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def region_tree() -> list[tuple[Region, int]]:
    """All regions in hierarchy order with their depth (0 for the top), for an indented list."""
    regions = list(region_list())
    children: dict[int | None, list[Region]] = {}
    ids = {r.pk for r in regions}
    for region in regions:
        parent_id = region.parent_id if region.parent_id in ids else None
        children.setdefault(parent_id, []).append(region)
    out: list[tuple[Region, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for region in children.get(parent_id, []):
            out.append((region, depth))
            walk(region.pk, depth + 1)

    walk(None, 0)
    return out


# --- Plain look-ups for the edges (views and routers): by primary key, no visibility scoping -----------------


def agency_get(pk, *, active_only: bool = False) -> Agency | None:
    """The agency with this primary key (only an active one with ``active_only``), or ``None``."""
    qs = Agency.objects.filter(pk=pk)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.first()


def agency_list_by_ids(ids, *, active_only: bool = False, order_by: tuple[str, ...] = ("name",)) -> QuerySet[Agency]:
    """The agencies among ``ids`` (a list, a set or a subquery), in ``order_by`` order."""
    qs = Agency.objects.filter(pk__in=ids)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by(*order_by)


def agency_list_active(*, order_by: tuple[str, ...] = ("name",)) -> QuerySet[Agency]:
    """All active agencies, in ``order_by`` order."""
    return Agency.objects.filter(is_active=True).order_by(*order_by)


def agency_list_all() -> QuerySet[Agency]:
    """All agencies, active or not, by name."""
    return Agency.objects.order_by("name")


def agency_names_by_id(ids) -> dict[int, str]:
    """``{pk: name}`` for the agencies among ``ids``."""
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))


def user_get(pk, *, active_only: bool = False) -> User | None:
    """The user with this primary key (only an active one with ``active_only``), or ``None``."""
    qs = User.objects.filter(pk=pk)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.first()


def user_list_active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def role_assignment_list_for(person) -> QuerySet[RoleAssignment]:
    """The roles one person holds, by role, with their agency and section."""
    return RoleAssignment.objects.filter(user=person).select_related("agency", "section").order_by("role")


def role_assignment_list_in(agency: Agency) -> QuerySet[RoleAssignment]:
    """The roles held in one agency, by user name, with the user and section."""
    return RoleAssignment.objects.filter(agency=agency).select_related("user", "section").order_by("user__username")


def region_list_by_ids(ids) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=ids).order_by("code")


def two_factor_enrolled_count() -> int:
    """How many active users have a confirmed authenticator app."""
    return TOTPDevice.objects.filter(confirmed=True, user__is_active=True).values("user_id").distinct().count()


def holds_role_anywhere(person, role: str) -> bool:
    """Whether the person holds ``role`` in any agency (read from the database, not the permission cache)."""
    return RoleAssignment.objects.filter(user=person, role=role).exists()


def region_list_with_ancestors() -> QuerySet[Region]:
    """All regions by code, with three levels of parents loaded (for jurisdiction labels)."""
    return Region.objects.select_related("parent__parent__parent").order_by("code")


def region_list_of_agencies(agencies) -> QuerySet[Region]:
    """The regions the given agencies (a queryset or list) sit in, by code, each once."""
    return Region.objects.filter(agencies__in=agencies).distinct().order_by("code")


def agency_list_by_name_visible_to(user) -> QuerySet[Agency]:
    """The agencies the user may see, active or not, by name (a filter list)."""
    qs = Agency.objects.order_by("name")
    visible = permissions.visible_agency_ids(user)
    return qs if visible is None else qs.filter(pk__in=visible)
