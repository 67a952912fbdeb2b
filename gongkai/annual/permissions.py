"""Who may see and do what with annual reports and gazette issues: the rows ``annual.report`` and
``annual.gazette`` of the permission matrix (``orgs/matrix.py``)."""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.models import Agency


def _id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_view(user, agency: Agency | int) -> bool:
    return _active(user) and org_permissions.allows(user, "annual.report", "view", _id(agency))


def viewable_agency_ids(user) -> set[int] | None:
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "annual.report", "view")


def can_edit(user, agency: Agency | int) -> bool:
    return _active(user) and org_permissions.allows(user, "annual.report", "edit", _id(agency))


def editable_agency_ids(user) -> set[int] | None:
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "annual.report", "edit")


def can_approve(user, agency: Agency | int) -> bool:
    return _active(user) and org_permissions.allows(user, "annual.report", "approve", _id(agency))


def can_manage_gazette(user, agency: Agency | int) -> bool:
    return _active(user) and org_permissions.allows(user, "annual.gazette", "manage", _id(agency))


def gazette_agency_ids(user) -> set[int] | None:
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "annual.gazette", "manage")
