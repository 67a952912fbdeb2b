"""Who may see and do what in public-opinion monitoring (the ``opinion.monitoring`` rows of
the permission matrix, ``orgs/matrix.py``).

- **Monitors** (``Role.OPINION_MONITOR``, 网信办/网安 and the units' monitoring staff) manage their
  units' sources, plans, imports and aliases, and raise or lower an event's warning level. The role
  covers the units below (``ROLES_COVERING_SUBORDINATES``): a monitor at the county government
  covers its departments and townships.
- **Viewers**: monitors, the news office and the leaders in charge see the events, posts, plans and
  sources of their units.
- An event belongs to the units it concerns (``EventAgency``) and to the units whose plans caught
  it (``EventPlan``); a post to its event, to the plans it matched and to its source's unit.
- Shared sources (no unit) are managed by system administrators; every viewer may import into none
  of them but may read their posts through events and plans.
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions
from gongkai.orgs.matrix import roles_for

from .models import EventAgency, EventPlan

MONITOR_ROLES = roles_for("opinion.monitoring", "manage")
VIEW_ROLES = roles_for("opinion.monitoring", "view")


def monitored_agency_ids(user) -> set[int] | None:
    """Units the user monitors (may manage); ``None`` = all (system administrator)."""
    return org_permissions.allowed_agency_ids(user, "opinion.monitoring", "manage")


def viewable_agency_ids(user) -> set[int] | None:
    """Units whose monitoring data the user may read; ``None`` = all."""
    return org_permissions.allowed_agency_ids(user, "opinion.monitoring", "view")


def is_opinion_staff(user) -> bool:
    scope = viewable_agency_ids(user)
    return scope is None or bool(scope)


def can_manage_unit(user, agency_id: int | None) -> bool:
    scope = monitored_agency_ids(user)
    if scope is None:
        return True
    return agency_id is not None and agency_id in scope


def can_view_unit(user, agency_id: int | None) -> bool:
    scope = viewable_agency_ids(user)
    if scope is None:
        return True
    return agency_id is not None and agency_id in scope


def event_unit_ids(event) -> set[int]:
    ids = set(EventAgency.objects.filter(event=event).values_list("agency_id", flat=True))
    ids |= set(EventPlan.objects.filter(event=event).values_list("plan__agency_id", flat=True))
    return ids


def can_view_event(user, event) -> bool:
    scope = viewable_agency_ids(user)
    return scope is None or bool(scope & event_unit_ids(event))


def can_change_level(user, event) -> bool:
    scope = monitored_agency_ids(user)
    return scope is None or bool(scope & event_unit_ids(event))


def require_manage_unit(
    user, agency_id: int | None, message: str = "只有本单位的舆情监测人员或系统管理员可以执行此操作。"
) -> None:
    org_permissions.require(can_manage_unit(user, agency_id), message)
