"""Who may see and act on the response side of an event.

- **Staff of a unit** (``is_unit_staff``): holds a role *directly* at that unit. Claiming an
  event, drafting its responses and registering its rumour leads, feedback and meetings belong
  to the staff of a unit the event was assigned to — a covering role above the unit (the county
  opinion monitor over a township) does not make someone the township's staff.
- **Coordinators** (``can_coordinate``): route an event by hand, change its lead and receive the
  escalations — the system administrator, holders of the coordinating roles (opinion monitor,
  news office, disclosure office) at the event's government or above, and the staff of a
  coordinator unit of the event (government office, propaganda department / news office).
- **Readers** (``can_see_event``): the system administrator; anyone who sees (directly or through
  a covering role) a unit concerned by or assigned to the event, or a government whose region
  contains one of the event's regions.
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.enums import AgencyKind, Role
from gongkai.orgs.matrix import roles_for
from gongkai.orgs.models import Agency
from gongkai.rules.permissions import can_edit_rules_for

from .routing import coordinators, jurisdiction_governments, jurisdiction_of

# Roles that coordinate public-opinion work at a government (网信办、新闻办、政务公开办):
# the matrix row opinion.response / coordinate.
COORDINATING_ROLES = roles_for("opinion.response", "coordinate")
# Who, at a receiving unit, is told of an assignment (the unit's opinion monitors and administrators).
RECEIVING_ROLES = (Role.OPINION_MONITOR, Role.UNIT_ADMIN)
# Who, at a coordinator unit, is told of warnings and escalations.
COORDINATOR_NOTICE_ROLES = (
    Role.UNIT_ADMIN,
    Role.OPINION_MONITOR,
    Role.NEWS_OFFICE,
    Role.DISCLOSURE_OFFICE_HEAD,
    Role.DISCLOSURE_OFFICE_STAFF,
)
GOVERNMENT_KINDS = (AgencyKind.GOVERNMENT, AgencyKind.GENERAL_OFFICE)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_unit_staff(user, agency: Agency | int) -> bool:
    if not _active(user):
        return False
    agency_id = agency if isinstance(agency, int) else agency.pk
    return org_permissions.allows(user, "opinion.response", "handle", agency_id)


def staff_agency_ids(user) -> set[int]:
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "opinion.response", "handle") or set()


def coordinator_agency_ids(event) -> set[int]:
    return set(
        event.assignments.filter(role="coordinator").exclude(status="withdrawn").values_list("agency_id", flat=True)
    )


def can_coordinate(user, event, *, jurisdiction_agencies: list[Agency] | None = None) -> bool:
    if org_permissions.is_system_admin(user):
        return True
    if not _active(user):
        return False
    staff = staff_agency_ids(user)
    if staff & coordinator_agency_ids(event):
        return True

    if staff & {agency.pk for agency, _reason in coordinators(event, jurisdiction_of(event))}:
        return True  # staff of the coordinator units by the rules, before the event is routed

    governments = jurisdiction_agencies if jurisdiction_agencies is not None else jurisdiction_governments(event)
    return any(org_permissions.allows(user, "opinion.response", "coordinate", g) for g in governments)


def require_coordinator(user, event) -> None:
    org_permissions.require(
        can_coordinate(user, event),
        "只有组织协调单位（政府办公室、宣传部门、新闻办、网信办）或系统管理员可以交办舆情事件。",
    )


def can_grade_emergency(user, event) -> bool:
    """Who classifies an event's emergency grade (特别重大/重大/较大/一般): its coordinators."""
    return can_coordinate(user, event)


def require_emergency_grader(user, event) -> None:
    org_permissions.require(
        can_grade_emergency(user, event),
        "只有组织协调单位（政府办公室、宣传部门、新闻办、网信办）或系统管理员可以确定突发事件等级。",
    )


def require_unit_staff(user, agency: Agency | int, message: str = "只有承办单位的工作人员可以执行此操作。") -> None:
    org_permissions.require(is_unit_staff(user, agency), message)


def can_see_event(user, event) -> bool:
    # selectors reads this module (staff_agency_ids): imported on call, the one cycle left here.
    from .selectors import event_list_visible_to

    return event_list_visible_to(user).filter(pk=event.pk).exists()


def can_edit_routing_rules(user, region) -> bool:
    """System administrators, or the disclosure office head of a government in or above that region."""

    return can_edit_rules_for(user, region)


def require_routing_editor(user, region) -> None:
    org_permissions.require(
        can_edit_routing_rules(user, region), "只有系统管理员或该地区政务公开办负责人可以维护舆情交办规则。"
    )
