"""Reads of organisations and people, scoped to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from . import permissions
from .models import Agency, Region, RoleAssignment, Section, User


def agency_list_visible_to(user) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("region", "parent")
    visible = permissions.visible_agency_ids(user)
    return qs if visible is None else qs.filter(pk__in=visible)


def section_list_visible_to(user) -> QuerySet[Section]:
    qs = Section.objects.select_related("agency")
    visible = permissions.visible_agency_ids(user)
    return qs if visible is None else qs.filter(agency_id__in=visible)


def user_list_visible_to(user) -> QuerySet[User]:
    visible = permissions.visible_agency_ids(user)
    qs = User.objects.all().order_by("username")
    if visible is None:
        return qs
    return qs.filter(role_assignments__agency_id__in=visible).distinct()


def role_assignment_list_visible_to(user) -> QuerySet[RoleAssignment]:
    qs = RoleAssignment.objects.select_related("user", "agency", "section")
    visible = permissions.visible_agency_ids(user)
    return qs if visible is None else qs.filter(agency_id__in=visible)


def region_list() -> QuerySet[Region]:
    """Regions are public reference data."""
    return Region.objects.select_related("parent").order_by("code")
