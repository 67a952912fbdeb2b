"""Reads of organisations and people, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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
