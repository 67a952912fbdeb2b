"""Reads of the audit log, scoped by the rule ``orgs`` registers in ``scope`` (the permission
matrix row ``audit.log``/``view``: system administrators see every event, the unit
administrator the unit's, the head of the disclosure office those of the unit and the units
below). Events without an agency (system-wide ones) are for system administrators only."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.core.errors import NotFound

from . import scope
from .models import AuditEvent


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_list_visible_to(
    user,
    *,
    event: str | None = None,
    actor: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events the user may read, newest first, optionally filtered.

    ``actor`` matches the actor's recorded name (part of it); dates are local calendar
    days, both ends included.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    visible = scope.visible_agency_ids(user)
    if visible is not None:
        qs = qs.filter(agency_id__in=visible)
    if event:
        qs = qs.filter(event=event)
    if actor:
        qs = qs.filter(actor_repr__icontains=actor.strip())
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=str(target_id))
    if date_from:
        qs = qs.filter(occurred_at__gte=_local_midnight(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
    return qs.order_by("-seq")


def audit_event_get_visible_to(user, event_id: int) -> AuditEvent:
    row = audit_event_list_visible_to(user).filter(pk=event_id).first()
    if row is None:
        raise NotFound("未找到该审计记录，或您无权查看。")
    return row


def audit_event_names_visible_to(user) -> list[str]:
    """The distinct event names the user's events use (for filter choices)."""
    return sorted(set(audit_event_list_visible_to(user).order_by().values_list("event", flat=True).distinct()))


def audit_target_types_visible_to(user) -> list[str]:
    qs = audit_event_list_visible_to(user).exclude(target_type="").order_by()
    return sorted(set(qs.values_list("target_type", flat=True).distinct()))


def audit_trail_of(targets: list[tuple[str, list[str]]]) -> QuerySet[AuditEvent]:
    """The events of the given targets (``[(target_type, [target ids])]``), oldest first.

    Unscoped: for a domain selector that has already decided that the user may read these
    objects (an item's history on its own page).
    """
    condition = Q(pk__in=[])
    for target_type, ids in targets:
        if ids:
            condition |= Q(target_type=target_type, target_id__in=[str(i) for i in ids])
    return AuditEvent.objects.filter(condition).order_by("seq")
