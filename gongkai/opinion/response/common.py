"""Shared helpers of the response side's writes: input cleaning, recipients, labels."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from gongkai.core import clock, links
from gongkai.core.errors import ValidationFailed
from gongkai.opinion.response_models import (
    EventAssignment,
)
from gongkai.orgs.models import Agency, User

from . import permissions, routing
from .enums import (
    AssignmentRole,
    AssignmentStatus,
)

logger = logging.getLogger("gongkai.opinion.response")


# =====================================================================================
# Helpers
# =====================================================================================


def _text(value: Any, label: str, *, required: bool = True, max_length: int | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise ValidationFailed(f"请填写{label}。")
    if max_length is not None and len(text) > max_length:
        raise ValidationFailed(f"{label}不能超过 {max_length} 个字。")
    if "\x00" in text:
        raise ValidationFailed(f"{label}含有无效字符。")
    return text


def _moment(value: Any, label: str, *, required: bool = True, not_future: bool = True) -> dt.datetime | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(f"请填写{label}。")
        return None
    if isinstance(value, dt.datetime):
        moment = value if timezone.is_aware(value) else timezone.make_aware(value)
    else:
        raise ValidationFailed(f"{label}格式无效。")
    if not_future and moment > clock.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(f"{label}不能晚于当前时间。")
    return moment


def _users_with_roles(agency_ids: Iterable[int], roles: Iterable[str]) -> list[User]:
    ids = list(agency_ids)
    if not ids:
        return []
    return list(
        User.objects.filter(is_active=True, role_assignments__agency_id__in=ids, role_assignments__role__in=list(roles))
        .distinct()
        .order_by("pk")
    )


def receiving_recipients(agency: Agency | int) -> list[User]:
    """The receiving unit's opinion monitors and unit administrators."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return _users_with_roles([agency_id], permissions.RECEIVING_ROLES)


def coordinator_recipients(event) -> list[User]:
    """Who is told of warnings and escalations: the coordinator units' staff in the coordinating roles,
    or, before the event is routed, the holders of those roles at the jurisdiction's governments."""
    ids = permissions.coordinator_agency_ids(event)
    if not ids:
        ids = {a.pk for a in routing.jurisdiction_governments(event)}
    direct = _users_with_roles(ids, permissions.COORDINATOR_NOTICE_ROLES)
    # Covering roles held above (e.g. the county news office seen from a township) are not added:
    # the coordinators are the units of the event's own jurisdiction.
    return direct


def _event_link(event) -> str:
    return links.url("opinion.event.response", event.pk)  # the back office says where


def _agency_label(agency: Agency) -> str:
    return agency.name


def routing_lead(event) -> Agency | None:
    row = (
        EventAssignment.objects.filter(event=event, role=AssignmentRole.LEAD)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("agency")
        .first()
    )
    return row.agency if row else None
