"""The maintained facet counts of the public catalogue (``models.FacetCount``).

An item counts while it is published, under the key of its public facet fields. The moves that
change a count are few and all pass through this module in the same transaction as the change:
``item_transition`` when an item enters or leaves ``published`` (publication, withdrawal), and
``item_correct`` when a correction changes a published item's category, year or 五公开 tag.
``facet_counts_rebuild`` recounts every row from the items (migration, bulk loads, repair).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F

from ..enums import ItemStatus
from ..models import FacetCount, InformationItem

FacetKey = tuple[int, int, int, str, str]


def facet_key(item: InformationItem) -> FacetKey:
    """The facet values an item is counted under (category, agency, year, 五公开, form)."""
    return (item.category_id, item.agency_id, item.produced_on.year, item.five_disclosure or "", item.attribute)


def _key_filter(key: FacetKey) -> dict:
    category_id, agency_id, year, five, attribute = key
    return {
        "category_id": category_id,
        "agency_id": agency_id,
        "year": year,
        "five_disclosure": five,
        "attribute": attribute,
    }


def facet_count_add(key: FacetKey, delta: int) -> None:
    """Add ``delta`` to the count of ``key`` (in the caller's transaction)."""
    rows = FacetCount.objects.filter(**_key_filter(key))
    if rows.update(n=F("n") + delta):
        return
    try:
        with transaction.atomic():
            FacetCount.objects.create(**_key_filter(key), n=delta)
    except IntegrityError:  # created concurrently
        rows.update(n=F("n") + delta)


def facet_count_move(old: FacetKey, new: FacetKey) -> None:
    """A published item's facet values changed (a correction)."""
    if old != new:
        facet_count_add(old, -1)
        facet_count_add(new, +1)


def facet_count_status(item: InformationItem, old_status: str, new_status: str) -> None:
    """Called by ``item_transition`` for every move: counts follow the item into and out of ``published``."""
    if old_status != ItemStatus.PUBLISHED and new_status == ItemStatus.PUBLISHED:
        facet_count_add(facet_key(item), +1)
    elif old_status == ItemStatus.PUBLISHED and new_status != ItemStatus.PUBLISHED:
        facet_count_add(facet_key(item), -1)


def facet_counts_rebuild() -> int:
    """Recount every row from the published items (one GROUP BY); returns the number of rows."""
    with transaction.atomic():
        FacetCount.objects.all().delete()
        groups = (
            InformationItem.objects.filter(status=ItemStatus.PUBLISHED)
            .order_by()
            .values_list("category_id", "agency_id", "produced_year", "five_disclosure", "attribute")
            .annotate(n=Count("id"))
        )
        rows = [
            FacetCount(
                category_id=category_id,
                agency_id=agency_id,
                year=year,
                five_disclosure=five or "",
                attribute=attribute,
                n=n,
            )
            for category_id, agency_id, year, five, attribute, n in groups
        ]
        FacetCount.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
