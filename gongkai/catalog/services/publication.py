"""Publication (only from the approval hook), correction and withdrawal of a published item.

The invariant of SPEC R3.1 — nothing is public without a completed review — holds because
the only function that makes an item public (``publish_approved``) is called from the approval
hook of the publication review (``reviews.py``), and the public fields are written nowhere else
except ``item_correct`` (which needs an already published item) and ``item_withdraw``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

from .. import index_numbers, permissions
from ..enums import Attribute, ConsultationAnswer, ItemAction, ItemStatus
from ..models import InformationItem, ItemVersion
from ..redaction import Passage, redact
from .consultations import _expire_consultation
from .disclosure_clock import _stop_disclosure_clock
from .facet_counts import facet_count_move, facet_key
from .transition import _lock, item_transition
from .validation import _validate

SEARCH_KIND = "catalog.item"

# --- Publication (called only from the approval hook) ----------------------------------------------


def _public_fields(item: InformationItem) -> dict[str, Any]:
    """The R2.2 fields as shown to the public (from the working copy)."""
    return {
        "title": item.title,
        "document_number": item.document_number,
        "produced_on": item.produced_on.isoformat() if item.produced_on else None,
        "attribute": item.attribute,
        "attribute_label": item.get_attribute_display(),
        "description": item.description,
        "time_limit": item.time_limit,
        "time_limit_label": item.get_time_limit_display(),
        "time_limit_end": item.time_limit_end.isoformat() if item.time_limit_end else None,
        "keywords": item.keywords,
        "category": item.category.name if item.category_id else "",
        "category_code": item.category.code if item.category_id else "",
        "five_disclosure": item.five_disclosure,
        "five_disclosure_label": item.get_five_disclosure_display() if item.five_disclosure else "",
        "section": item.section.name if item.section_id else "",
        "agency": item.agency.name,
    }


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in values.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif hasattr(v, "pk"):
            v = str(v)
        out[k] = v
    return out


def _redaction_notes(item: InformationItem) -> list[dict[str, str]]:
    return [{"ground": r.ground, "label": r.get_ground_display()} for r in item.redactions.all()]


def _refresh_public_copy(item: InformationItem, *, review_procedure: str | None = None) -> None:
    """Compute the public copy (redactions applied) from the working copy."""
    passages = [Passage(r.passage, r.get_ground_display()) for r in item.redactions.all()]
    html, text = redact(item.body_html, passages)
    meta = _public_fields(item)
    meta["redactions"] = _redaction_notes(item)
    meta["review_procedure"] = review_procedure or item.public_meta.get("review_procedure", "")
    item.public_title = item.title
    item.public_body_html = html
    item.public_body_text = text
    item.public_meta = meta


def _snapshot(item: InformationItem, actor, reason: str) -> None:
    ItemVersion.objects.create(
        item=item,
        number=item.version,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
        snapshot={
            "index_number": item.index_number,
            "title": item.public_title,
            "body_html": item.public_body_html,
            "meta": item.public_meta,
            "published_at": item.published_at.isoformat() if item.published_at else None,
        },
    )


def _index(item: InformationItem) -> None:
    from gongkai.search.services import index_document

    meta = item.public_meta
    index_document(
        kind=SEARCH_KIND,
        object_id=item.pk,
        title=item.public_title,
        body=" ".join(filter(None, [meta.get("document_number"), meta.get("keywords"), item.public_body_text])),
        agency_id=item.agency_id,
        facets={
            "category": meta.get("category_code", ""),
            "year": item.produced_on.year,
            "five": item.five_disclosure or "",
            "form": item.attribute,
        },
        published_at=item.published_at,
        url=f"/catalog/items/{item.pk}/",
    )


def _unindex(item: InformationItem) -> None:
    from gongkai.search.services import remove_document

    remove_document(kind=SEARCH_KIND, object_id=item.pk)


def publish_approved(*, actor, item: InformationItem, review_procedure: str) -> InformationItem:
    """Make an approved item public. Only the publication review's approval hook calls this."""
    locked = _lock(item)
    if locked.attribute != Attribute.ACTIVE:
        raise ValidationFailed("只有公开属性为“主动公开”的信息才能发布。")
    pending = locked.consultations.filter(answer=ConsultationAnswer.PENDING)
    for consultation in pending:
        _expire_consultation(consultation)
    if locked.consultations.filter(answer=ConsultationAnswer.PENDING).exists():
        raise ValidationFailed("仍有征求意见未答复且未到期，不能发布。")
    if locked.index_number is None:
        number = index_numbers.assign(locked)
        locked.index_number, locked.index_year, locked.index_seq = number.value, number.year, number.seq
    locked.published_at = clock.now()
    locked.version += 1
    _refresh_public_copy(locked, review_procedure=review_procedure)
    _stop_disclosure_clock(locked, locked.published_at)
    locked.save()
    item_transition(
        actor=actor,
        item=locked,
        action=ItemAction.APPROVE_PUBLISH,
        data={"index_number": locked.index_number, "version": locked.version},
    )
    locked.status = ItemStatus.PUBLISHED
    _snapshot(locked, actor, "审查通过，发布")
    _index(locked)
    from ..interface import item_published

    item_published(locked.pk)
    return locked


def item_correct(*, actor, item: InformationItem, reason: str, topics=None, **fields: Any) -> InformationItem:
    """R2.5: the unit administrator corrects a published item: a new version, the old one kept."""
    if not permissions.can_correct(actor, item):
        raise PermissionDenied("只有本单位的编制单位管理员可以更正已公开的信息。")
    if not (reason or "").strip():
        raise ValidationFailed("请填写更正说明。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status != ItemStatus.PUBLISHED:
            raise InvalidTransition("只有已公开的信息可以更正。")
        if "attribute" in fields and fields["attribute"] != Attribute.ACTIVE:
            raise ValidationFailed("更正不能改变公开属性；不再公开的信息请撤回。")
        cleaned = _validate(locked.agency, fields, partial_item=locked)
        old = _public_fields(locked)
        old_key = facet_key(locked)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        if topics is not None:
            locked.topics.set(topics)
        locked.version += 1
        _refresh_public_copy(locked)
        locked.save()
        facet_count_move(old_key, facet_key(locked))
        new = _public_fields(locked)
        item_transition(
            actor=actor,
            item=locked,
            action=ItemAction.CORRECT,
            data={
                "reason": reason,
                "version": locked.version,
                "changes": {
                    "old": {k: v for k, v in old.items() if new.get(k) != v},
                    "new": {k: v for k, v in new.items() if old.get(k) != v},
                },
            },
        )
        _snapshot(locked, actor, reason)
        _index(locked)
    return locked


def item_withdraw(*, actor, item: InformationItem, reason: str) -> InformationItem:
    """R3.6: a published item found not disclosable on re-review leaves the portal and the index."""
    if not permissions.can_withdraw(actor, item):
        raise PermissionDenied("只有编制单位管理员或政务公开办负责人可以撤回已公开的信息。")
    if not (reason or "").strip():
        raise ValidationFailed("请填写撤回理由。")
    with transaction.atomic():
        locked = _lock(item)
        if locked.status != ItemStatus.PUBLISHED:
            raise InvalidTransition("只有已公开的信息可以撤回。")
        locked.withdrawn_at = clock.now()
        locked.withdrawn_reason = reason.strip()
        locked.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        item_transition(actor=actor, item=locked, action=ItemAction.WITHDRAW, data={"reason": reason.strip()})
        _unindex(locked)
    return locked
