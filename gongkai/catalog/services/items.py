"""The working copy: create, update, submit into the publication review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from gongkai.orgs.models import Agency

from .. import permissions
from ..enums import ItemAction, ItemStatus, SourceFormat
from ..models import InformationItem, Topic
from ..transitions import EDITABLE
from .disclosure_clock import _sync_disclosure_clock
from .publication import _jsonable, _public_fields
from .transition import _lock, item_transition
from .validation import _check_attribute_justified, _validate

# --- Working copy -------------------------------------------------------------------------------


def item_create(
    *,
    actor,
    agency: Agency,
    source_format: str = SourceFormat.FORM,
    source_meta: dict | None = None,
    topics: Iterable[Topic] = (),
    **fields: Any,
) -> InformationItem:
    if not permissions.can_author(actor, agency):
        raise PermissionDenied("您不能为该机构录入信息。")
    if source_format not in SourceFormat.values:
        raise ValidationFailed("来源格式无效。")
    cleaned = _validate(agency, fields)
    with transaction.atomic():
        item = InformationItem.objects.create(
            agency=agency, created_by=actor, source_format=source_format, source_meta=source_meta or {}, **cleaned
        )
        if topics:
            item.topics.set(topics)
        audit_log(actor=actor, event=CatalogEvent.ITEM_CREATED, target=item, data={"new": _public_fields(item)})
        _sync_disclosure_clock(item)
    return item


def item_update(
    *, actor, item: InformationItem, topics: Iterable[Topic] | None = None, **fields: Any
) -> InformationItem:
    if not permissions.can_edit(actor, item):
        raise PermissionDenied("您不能修改这条信息。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status not in EDITABLE:
            raise InvalidTransition(f"信息当前状态为“{locked.get_status_display()}”，不能修改工作稿。")
        cleaned = _validate(locked.agency, fields, partial_item=locked)
        old = {k: getattr(locked, k) for k in cleaned}
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.save()
        if topics is not None:
            locked.topics.set(topics)
        changed_old = {k: v for k, v in old.items() if v != cleaned[k]}
        if {"produced_on", "attribute"} & set(changed_old):
            _sync_disclosure_clock(locked, restart=True)
        audit_log(
            actor=actor,
            event=CatalogEvent.ITEM_UPDATED,
            target=locked,
            data={
                "old": _jsonable(changed_old),
                "new": _jsonable({k: cleaned[k] for k in changed_old}),
            },
        )
    return locked


def item_submit(*, actor, item: InformationItem, comment: str = "") -> InformationItem:
    """Send the item into the publication review (section → disclosure office → leader)."""
    from gongkai.workflow.selectors import review_active_for
    from gongkai.workflow.services import review_resubmit, review_start

    from ..reviews import TEMPLATE_KEY

    if not permissions.can_edit(actor, item):
        raise PermissionDenied("您不能提交这条信息。")
    with transaction.atomic():
        locked = _lock(item)
        _check_attribute_justified(locked)
        if locked.status == ItemStatus.RETURNED:
            review = review_active_for(locked)
            if review is None:
                raise InvalidTransition("找不到被退回的审查记录。")
            # The resubmitted hook moves the item back to IN_REVIEW.
            review_resubmit(actor=actor, review=review, comment=comment)
        else:
            item_transition(actor=actor, item=locked, action=ItemAction.SUBMIT)
            review_start(actor=actor, target=locked, template_key=TEMPLATE_KEY, agency=locked.agency, comment=comment)
    locked.refresh_from_db()
    return locked


def get_item_for_update(*, actor, item_id: int) -> InformationItem:
    from ..selectors import item_list_visible_to

    item = item_list_visible_to(actor).filter(pk=item_id).first()
    if item is None:
        raise NotFound("未找到该信息。")
    return item
