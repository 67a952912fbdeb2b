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
