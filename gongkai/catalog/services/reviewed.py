"""Publication of a document reviewed on another app's review (the annual report, SPEC R9.4).

The annual report is approved on its own review template (``annual.report``); its approval hook
asks the catalogue, through ``catalog.interface.publish_reviewed_document``, to file it as an item
of the topic column it names and publish it at once with the review's procedure text. Nothing
else calls this: a document reaches here only after a completed review (R3.1 holds).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core.errors import ValidationFailed
from gongkai.orgs.models import Agency

from ..enums import Attribute, ItemAction, SourceFormat
from ..events import CatalogEvent
from ..models import Category, InformationItem, Topic
from .attachments import ATTACHMENT_TYPES
from .publication import _public_fields, publish_approved
from .transition import item_transition

# The work-information category of 004 附件1 holds the annual reports and gazette issues.
CATEGORY_CODE = "04"


def _attach(actor, item: InformationItem, filename: str, name: str, content: bytes) -> None:
    """A generated file of the reviewed document (the reviewer is not the item's author: the review
    already decided, so the author's editing right is not asked again; the type checks still apply)."""
    from django.core.files.base import ContentFile

    from ..models import Attachment

    ext = filename.rsplit(".", 1)[-1].lower()
    if ext not in ATTACHMENT_TYPES or not content.startswith(ATTACHMENT_TYPES[ext][1]):
        raise ValidationFailed(f"附件“{filename}”类型无效。")
    attachment = Attachment(item=item, name=name[:200], size=len(content), content_type=ATTACHMENT_TYPES[ext][0])
    attachment.file.save(filename, ContentFile(content), save=False)
    attachment.save()
    audit_log(
        actor=actor,
        event=CatalogEvent.ATTACHMENT_ADDED,
        target=item,
        data={"attachment_id": attachment.pk, "name": attachment.name, "size": len(content), "public": True},
    )


def publish_reviewed_document(
    *,
    actor,
    agency_id: int,
    title: str,
    produced_on: dt.date,
    body_text: str,
    keywords: str,
    topic_slug: str,
    topic_name: str,
    review_procedure: str,
    files: list[tuple[str, str, bytes]] = (),
) -> InformationItem:
    agency = Agency.objects.get(pk=agency_id)
    category = Category.objects.filter(code=CATEGORY_CODE).first() or Category.objects.filter(is_active=True).first()
    if category is None:
        raise ValidationFailed("目录中没有可用的信息分类，无法发布。")
    with transaction.atomic():
        topic, _ = Topic.objects.get_or_create(slug=topic_slug, defaults={"name": topic_name})
        body_html = "".join(f"<p>{line}</p>" for line in body_text.splitlines() if line.strip())
        item = InformationItem.objects.create(
            agency=agency,
            created_by=actor,
            title=title,
            produced_on=produced_on,
            attribute=Attribute.ACTIVE,
            keywords=keywords,
            category=category,
            body_html=body_html,
            body_text=body_text,
            source_format=SourceFormat.FORM,
        )
        item.topics.set([topic])
        audit_log(actor=actor, event=CatalogEvent.ITEM_CREATED, target=item, data={"new": _public_fields(item)})
        for filename, name, content in files:
            _attach(actor, item, filename, name, content)
        item_transition(actor=actor, item=item, action=ItemAction.SUBMIT, data={"review": review_procedure})
        item.refresh_from_db()
        return publish_approved(actor=actor, item=item, review_procedure=review_procedure)
