"""Moves of the item transition table (locked row, audited)."""

from __future__ import annotations

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core.errors import InvalidTransition

from ..actions import registry
from ..models import InformationItem
from .facet_counts import facet_count_status

# --- Transitions --------------------------------------------------------------------------------


def _lock(item: InformationItem) -> InformationItem:
    return InformationItem.objects.select_for_update().select_related("agency__region", "category").get(pk=item.pk)


def item_transition(*, actor, item: InformationItem, action: str, data: dict | None = None) -> InformationItem:
    """Apply one move of the transition table (its spec in ``actions.py``) to a locked row and audit it.
    Who may is checked by the calling service (its page, its review hook)."""
    spec = registry.get(action)
    locked = _lock(item)
    new_status = spec.leads_to.get(locked.status)
    if new_status is None:
        raise InvalidTransition(
            f"信息当前状态为“{locked.get_status_display()}”，不能执行“{spec.label}”。",
            detail={"status": locked.status, "action": action},
        )
    old_status = locked.status
    locked.status = new_status
    locked.save(update_fields=["status", "updated_at"])
    facet_count_status(locked, old_status, new_status)
    audit_log(
        actor=actor,
        event=CatalogEvent.item_action(action),
        target=locked,
        data={"old": {"status": old_status}, "new": {"status": new_status}, **(data or {})},
    )
    item.status = new_status
    return locked
