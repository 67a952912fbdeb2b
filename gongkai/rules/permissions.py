"""Who may change rules, the calendar and deadlines.

- Reading: every signed-in staff member (rules and the calendar are reference data).
- National rule records (no jurisdiction) and the national holiday calendar: system
  administrators only.
- A jurisdiction's rule records and its local calendar days: system administrators, or
  the head of the disclosure office (政务公开办负责人) of a government (or its general
  office) located in that region or in a region above it.
- Deadlines: services accept ``actor=None`` for the system itself (sweeps, clocks started
  by a public submission); a signed-in actor must be a system administrator or hold a
  role in the deadline's unit (or a covering role above it). Domain apps check their own,
  finer permissions before calling.
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import AgencyKind, Role
from gongkai.orgs.models import Agency, Region, RoleAssignment

GOVERNMENT_KINDS = (AgencyKind.GOVERNMENT, AgencyKind.GENERAL_OFFICE)


def is_staff_reader(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_edit_rules_for(user, jurisdiction: Region | None) -> bool:
    if org_permissions.is_system_admin(user):
        return True
    if jurisdiction is None or not is_staff_reader(user):
        return False
    region_ids = [r.pk for r in jurisdiction.ancestors()]
    return RoleAssignment.objects.filter(
        user=user,
        role=Role.DISCLOSURE_OFFICE_HEAD,
        agency__region_id__in=region_ids,
        agency__kind__in=GOVERNMENT_KINDS,
    ).exists()


def require_rule_editor(user, jurisdiction: Region | None) -> None:
    if jurisdiction is None:
        org_permissions.require(can_edit_rules_for(user, None), "只有系统管理员可以修改全国性规则。")
    org_permissions.require(
        can_edit_rules_for(user, jurisdiction),
        "只有系统管理员或该地区政务公开办负责人可以修改本地区规则。",
    )


def can_edit_calendar(user, region: Region | None = None) -> bool:
    return can_edit_rules_for(user, region)


def require_calendar_editor(user, region: Region | None = None) -> None:
    if region is None:
        org_permissions.require(can_edit_calendar(user, None), "只有系统管理员可以修改全国节假日日历。")
    org_permissions.require(
        can_edit_calendar(user, region), "只有系统管理员或该地区政务公开办负责人可以修改本地区的节假日。"
    )


def can_manage_deadline(user, agency: Agency | int | None) -> bool:
    if user is None:  # the system itself
        return True
    if org_permissions.is_system_admin(user):
        return True
    if not is_staff_reader(user) or agency is None:
        return False
    return org_permissions.can_see_agency(user, agency if isinstance(agency, int) else agency.pk)


def require_deadline_actor(user, agency: Agency | int | None) -> None:
    org_permissions.require(can_manage_deadline(user, agency), "您无权操作该期限。")
