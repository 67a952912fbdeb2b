"""What other domain apps may ask the catalogue — its only module they may import.

Domain apps (``catalog``, ``foi``, ``opinion``, ...) do not import each other's models, services
or selectors (``lint-imports``, contract "Domain apps use each other only through
``<app>.interface``"): they call an ``interface`` module that answers with plain values, so the
catalogue can change its tables without breaking them. Public copy only, never a working copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from .selectors import public_items


@dataclass(frozen=True)
class PublishedItem:
    pk: int
    index_number: str
    title: str
    # The public page of the item (the same address the search index stores).
    url: str


def published_item(ref: str) -> PublishedItem | None:
    """A published item by its index number (or ``catalog:<id>``), or None."""
    ref = (ref or "").strip()
    if ref.startswith("catalog:") and ref[8:].isdigit():
        item = public_items().filter(pk=int(ref[8:])).first()
    else:
        item = public_items().filter(index_number=ref).first()
    if item is None:
        return None
    return PublishedItem(
        pk=item.pk, index_number=item.index_number, title=item.public_title, url=f"/catalog/items/{item.pk}/"
    )


# --- Annual report (SPEC R9.4) and gazette (R2.8) -----------------------------------------------


def suggest_statutory_kind(title: str, document_number: str = "") -> str:
    """The 条例 art. 20–21 kind suggested for a title and 文号 ("" if none)."""
    from .statutory import suggest

    return suggest(title, document_number)


def statutory_kind_labels() -> dict[str, str]:
    from .enums import StatutoryKind

    return {k: str(v) for k, v in StatutoryKind.choices}


def statutory_counts(*, agency_ids: list[int], year: int) -> dict[str, int]:
    """Published items by 条例 art. 20–21 kind: ``<kind>.year`` (produced in the year), ``rule.in_force``,
    ``normative.in_force`` (on 31 December) and ``items`` (tagged items behind the figures)."""
    from .statutory import counts

    return counts(agency_ids, year)


def published_count(*, agency_ids: list[int], start, end) -> int:
    """Items of the agencies published between the dates (inclusive)."""
    return (
        public_items()
        .filter(agency_id__in=agency_ids, published_at__date__gte=start, published_at__date__lte=end)
        .count()
    )


def published_items(pks: list[int]) -> list[PublishedItem]:
    """Published items by id, in the order given (unpublished ones are left out)."""
    found = {i.pk: i for i in public_items().filter(pk__in=pks)}
    return [
        PublishedItem(pk=i.pk, index_number=i.index_number, title=i.public_title, url=f"/catalog/items/{i.pk}/")
        for i in (found.get(pk) for pk in pks)
        if i is not None
    ]


def publish_reviewed_document(
    *,
    actor,
    agency_id: int,
    title: str,
    produced_on,
    body_text: str,
    keywords: str,
    topic_slug: str,
    topic_name: str,
    review_procedure: str,
    files: list[tuple[str, str, bytes]] = (),
) -> PublishedItem:
    """File a document approved on another app's review as a published item of a topic column,
    with its files attached (``(filename, display name, bytes)``)."""
    from .services.reviewed import publish_reviewed_document as publish

    item = publish(
        actor=actor,
        agency_id=agency_id,
        title=title,
        produced_on=produced_on,
        body_text=body_text,
        keywords=keywords,
        topic_slug=topic_slug,
        topic_name=topic_name,
        review_procedure=review_procedure,
        files=files,
    )
    return PublishedItem(
        pk=item.pk, index_number=item.index_number, title=item.public_title, url=f"/catalog/items/{item.pk}/"
    )


def item_attachments(pk: int) -> list[dict]:
    """The public attachments of a published item: ``{"name", "url"}``."""
    item = public_items().filter(pk=pk).first()
    if item is None:
        return []
    return [
        {"name": a.name, "url": f"/catalog/items/{item.pk}/attachments/{a.pk}/", "content_type": a.content_type}
        for a in item.attachments.filter(is_public=True)
    ]


def published_item_text(pk: int) -> dict | None:
    """The public copy of a published item for a compiled publication (the gazette): ``{"pk", "title",
    "index_number", "document_number", "agency", "produced_on", "body_text", "url"}``."""
    item = public_items().filter(pk=pk).select_related("agency").first()
    if item is None:
        return None
    meta = item.public_meta or {}
    return {
        "pk": item.pk,
        "title": item.public_title,
        "index_number": item.index_number,
        "document_number": meta.get("document_number", ""),
        "agency": item.agency.name,
        "produced_on": meta.get("produced_on", ""),
        "body_text": item.public_body_text,
        "url": f"/catalog/items/{item.pk}/",
    }


# --- Documents of other apps published through the publication review (policy, SPEC M7) -----------

_published_listeners: list = []


def on_item_published(callback) -> None:
    """Call ``callback(item_id=..., url=...)`` whenever an item is published by its review (inside the
    approval's transaction: raising undoes the approval). Registered from ``AppConfig.ready``."""
    if callback not in _published_listeners:
        _published_listeners.append(callback)


def item_published(pk: int) -> None:
    """Tell the listeners that item ``pk`` was just published (called by the catalogue only)."""
    for callback in list(_published_listeners):
        callback(item_id=pk, url=f"/catalog/items/{pk}/")


def attribute_choices() -> list[tuple[str, str]]:
    """The disclosure attributes (主动公开 / 依申请公开 / 不予公开) as (value, label)."""
    from .enums import Attribute

    return [(str(v), str(label)) for v, label in Attribute.choices]


def submit_document_for_publication(
    *,
    actor,
    agency_id: int,
    title: str,
    document_number: str,
    produced_on,
    body_text: str,
    keywords: str,
    description: str = "",
) -> int:
    """Create a 政策文件 item (actively disclosed) as ``actor`` and send it into the publication review
    (section → disclosure office → leader); returns the item id. Nothing is public until the review
    approves it (then ``on_item_published`` listeners are told)."""
    from django.utils.html import escape

    from gongkai.orgs.models import Agency

    from .models import Category
    from .services import item_create, item_submit

    agency = Agency.objects.get(pk=agency_id)
    category = Category.objects.filter(code="02").first() or Category.objects.filter(is_active=True).first()
    body_html = "".join(f"<p>{escape(line)}</p>" for line in body_text.splitlines() if line.strip())
    item = item_create(
        actor=actor,
        agency=agency,
        title=title,
        document_number=document_number,
        produced_on=produced_on,
        keywords=keywords,
        category=category,
        description=description,
        body_html=body_html,
    )
    item_submit(actor=actor, item=item)
    return item.pk


# --- For oversight (the assessment contract, /work/notes/assessment_contract.md) --------------------


def assessment_figures(*, agency_id: int, start, end) -> list[dict]:
    """Proactive disclosure on time (条例 art. 26 clock): of the unit's items published in
    [start, end] with a clock, the share published by their due date."""
    from django.db.models import Count, Q

    from gongkai.core import links

    from .enums import Attribute
    from .models import InformationItem

    row = InformationItem.objects.filter(
        agency_id=agency_id,
        attribute=Attribute.ACTIVE,
        published_at__date__gte=start,
        published_at__date__lte=end,
        published_late__isnull=False,
    ).aggregate(total=Count("id"), late=Count("id", filter=Q(published_late=True)))
    total, late = row["total"] or 0, row["late"] or 0
    url = None
    if "catalog.items" in links.registered():
        url = links.url("catalog.items") + f"?agency={agency_id}&from={start.isoformat()}&to={end.isoformat()}"
    return [
        {
            "key": "catalog.published_on_time",
            "label": "主动公开按时发布率（条例第二十六条）",
            "value": float(total - late) if total else None,
            "target": float(total) if total else None,
            "rate": ((total - late) / total) if total else None,
            "records": total,
            "url": url,
        }
    ]


def late_publication_summary(pk: int) -> dict | None:
    """An item published after its art. 26 due date (or overdue and unpublished): for an
    accountability case. Plain values; the title is the working title (staff only)."""
    from gongkai.core import clock, links
    from gongkai.rules.enums import DeadlineStatus

    from .models import InformationItem

    item = InformationItem.objects.select_related("agency", "disclosure_deadline").filter(pk=pk).first()
    if item is None:
        return None
    deadline = item.disclosure_deadline
    overdue = bool(
        deadline
        and deadline.status == DeadlineStatus.OPEN
        and deadline.due_at is not None
        and deadline.due_at < clock.now()
    )
    return {
        "id": item.pk,
        "title": item.title,
        "agency_id": item.agency_id,
        "due_date": deadline.due_date if deadline else None,
        "late": bool(item.published_late) or overdue,
        "published": item.published_at is not None,
        "url": links.url_for(item),
    }


def recent_published_refs(*, limit: int = 10) -> list[str]:
    """Index numbers of the newest published items (for compilations such as the gazette's demo issue)."""
    return list(public_items().order_by("-published_at", "-id").values_list("index_number", flat=True)[:limit])


def published_titles(*, limit: int = 5000) -> list[str]:
    """Titles of the newest published items (e.g. the government-information examples the websites
    app's classifier is trained on)."""
    return list(public_items().values_list("title", flat=True)[:limit])


def publication_review_id(item_id: int) -> int | None:
    """The id of the active publication review of item ``item_id`` (None if it has none)."""
    from gongkai.workflow.selectors import review_active_for

    from .models import InformationItem

    item = InformationItem.objects.filter(pk=item_id).first()
    review = review_active_for(item) if item is not None else None
    return review.pk if review is not None else None
