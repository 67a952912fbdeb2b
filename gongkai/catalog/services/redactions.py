"""Partial disclosure (区分处理): marking passages not to be disclosed."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

from .. import permissions
from ..enums import ItemStatus, WithholdGround
from ..models import InformationItem, Redaction
from ..redaction import passage_found
from .publication import _index, _refresh_public_copy, _snapshot
from .transition import _lock

# --- Partial disclosure -------------------------------------------------------------------------


def redaction_add(*, actor, item: InformationItem, passage: str, ground: str, note: str = "") -> Redaction:
    if not permissions.can_review(actor, item):
        raise PermissionDenied("只有保密审查人员或政务公开办可以标注不予公开的内容。")
    passage = (passage or "").strip()
    if not passage:
        raise ValidationFailed("请填写要不予公开的内容。")
    if ground not in WithholdGround.values:
        raise ValidationFailed("请选择不予公开的理由。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status in (ItemStatus.WITHDRAWN, ItemStatus.REJECTED):
            raise InvalidTransition("该信息当前状态下不能标注。")
        if not passage_found(locked.body_html, passage):
            raise ValidationFailed("正文中找不到这段内容（须为同一段落、列表项或表格单元格中的原文）。")
        redaction = Redaction.objects.create(item=locked, passage=passage, ground=ground, note=note, created_by=actor)
        audit_log(
            actor=actor,
            event=CatalogEvent.REDACTION_ADDED,
            target=locked,
            data={"ground": ground, "length": len(passage), "redaction_id": redaction.pk},
        )
        if locked.status == ItemStatus.PUBLISHED:
            _republish_after_redaction(actor, locked, f"区分处理：{redaction.get_ground_display()}")
    return redaction


def redaction_remove(*, actor, redaction: Redaction) -> None:
    item = redaction.item
    if not permissions.can_review(actor, item):
        raise PermissionDenied("只有保密审查人员或政务公开办可以取消标注。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status == ItemStatus.PUBLISHED:
            raise InvalidTransition("已公开信息的区分处理不能直接取消，请撤回后重新审查。")
        audit_log(actor=actor, event=CatalogEvent.REDACTION_REMOVED, target=locked, data={"redaction_id": redaction.pk})
        redaction.delete()


def _republish_after_redaction(actor, item: InformationItem, reason: str) -> None:
    item.version += 1
    _refresh_public_copy(item)
    item.save()
    _snapshot(item, actor, reason)
    _index(item)
