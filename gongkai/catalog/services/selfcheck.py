"""The annual self-check (年度自查): re-review of withheld or withdrawn items."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

from .. import permissions
from ..enums import Attribute, ItemStatus
from ..models import InformationItem
from .disclosure_clock import _sync_disclosure_clock
from .items import item_submit, item_update
from .transition import _lock


def item_reopen(*, actor, item: InformationItem, reason: str) -> InformationItem:
    """R2.7 / R3.6 (004 附件4 第十五条): a withheld item whose reason has lapsed is proposed for
    active disclosure and goes through the whole review again (attribute → 主动公开, then submit)."""
    if not permissions.can_edit(actor, item):
        raise PermissionDenied("您不能重新提交这条信息。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请说明不予公开的理由已经消失的情况。", detail={"reason": "请填写理由。"})
    with transaction.atomic():
        locked = _lock(item)
        if locked.status not in (ItemStatus.NOT_PUBLIC, ItemStatus.WITHDRAWN, ItemStatus.REJECTED):
            raise InvalidTransition(f"信息当前状态为“{locked.get_status_display()}”，不需要重新审查。")
        old = {"attribute": locked.attribute, "withhold_grounds": list(locked.withhold_grounds)}
        updated = item_update(
            actor=actor, item=locked, attribute=Attribute.ACTIVE, withhold_grounds=[], attribute_reason=""
        )
        audit_log(
            actor=actor,
            event=CatalogEvent.ITEM_REOPENED,
            target=updated,
            data={"reason": reason, "old": old, "new": {"attribute": Attribute.ACTIVE, "withhold_grounds": []}},
        )
        # The information changed (its grounds lapsed): art. 26's period runs again from today.
        _sync_disclosure_clock(updated, restart=True, start=clock.today())
        updated.save(update_fields=["disclosure_deadline", "updated_at"])
        submitted = item_submit(actor=actor, item=updated, comment=f"年度自查：{reason}")
    return submitted
