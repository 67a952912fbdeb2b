"""Reads of the catalogue. Public reads see only published items and only their public copy."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.orgs import permissions as org_perms

from .enums import Attribute, ItemStatus
from .models import Category, Consultation, DisclosureGuide, FacetCount, InformationItem, Redaction, Topic

# Everything a public page, feed, export or API response may read from an item.
PUBLIC_ONLY = (
    "id",
    "agency_id",
    "category_id",
    "five_disclosure",
    "attribute",
    "produced_on",
    "index_number",
    "published_at",
    "public_title",
    "public_body_html",
    "public_body_text",
    "public_meta",
    "version",
    "updated_at",
)


def item_list_visible_to(user) -> QuerySet[InformationItem]:
    """Back office: the items whose working copies the user may read (matrix ``catalog.item``/``view``)."""
    qs = InformationItem.objects.select_related("agency", "category", "section", "created_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    visible = org_perms.allowed_agency_ids(user, "catalog.item", "view")
    return qs if visible is None else qs.filter(agency_id__in=visible)


def public_items() -> QuerySet[InformationItem]:
    """Portal, API, feeds, sitemap, exports: published items, public fields only."""
    return (
        InformationItem.objects.filter(status=ItemStatus.PUBLISHED)
        .select_related("agency", "category")
        .only(*PUBLIC_ONLY, "agency__name", "agency__region_id", "category__name", "category__code")
        .order_by("-published_at", "-id")
    )


def public_item_list(
    *,
    category: str | None = None,
    agency: int | None = None,
    year: int | None = None,
    five: str | None = None,
    topic: str | None = None,
    modified_since: dt.datetime | None = None,
    sort: str = "-published_at",
) -> QuerySet[InformationItem]:
    qs = public_items()
    if category:
        qs = qs.filter(category__code=category)
    if agency:
        qs = qs.filter(agency_id=agency)
    if year:
        qs = qs.filter(produced_year=year)  # the year of produced_on, kept by the model (an indexed column)
    if five:
        qs = qs.filter(five_disclosure=five)
    if topic:
        qs = qs.filter(topics__slug=topic)
    if modified_since:
        qs = qs.filter(Q(published_at__gte=modified_since) | Q(updated_at__gte=modified_since))
    orders = {
        "-published_at": ("-published_at", "-id"),
        "published_at": ("published_at", "id"),
        "-produced_on": ("-produced_on", "-id"),
        "produced_on": ("produced_on", "id"),
        "title": ("public_title", "id"),
    }
    return qs.order_by(*orders.get(sort, orders["-published_at"]))


def public_item_get(item_id: int) -> InformationItem | None:
    return public_items().filter(pk=item_id).first()


def public_facets(qs: QuerySet[InformationItem]) -> dict[str, list[tuple]]:
    """Counts per category, agency, year and 五公开 tag of a public item list."""
    base = qs.order_by()
    return {
        "category": list(
            base.values_list("category__code", "category__name").annotate(n=Count("id")).order_by("category__code")
        ),
        "agency": list(base.values_list("agency_id", "agency__name").annotate(n=Count("id")).order_by("agency__name")),
        "year": [
            (y, y, n)
            for y, n in base.values_list("produced_on__year").annotate(n=Count("id")).order_by("-produced_on__year")
        ],
        "five": list(base.exclude(five_disclosure="").values_list("five_disclosure").annotate(n=Count("id"))),
    }


def category_list() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("order", "code")


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True)


def guide_for(agency_id: int) -> DisclosureGuide | None:
    return DisclosureGuide.objects.select_related("agency").filter(agency_id=agency_id).first()


# --- 条例 art. 26: the proactive-disclosure clocks ------------------------------------------------


def disclosure_clock_rows(user, *, now: dt.datetime | None = None) -> list[dict]:
    """Unpublished items of the user's units whose art. 26 clock is overdue or due soon, grouped
    by unit: ``[{"agency", "overdue": [items], "due_soon": [items]}]`` (units with neither left
    out). Each item carries ``clock`` (its Deadline) and ``clock_state``."""
    from gongkai.rules.enums import DeadlineState, DeadlineStatus
    from gongkai.rules.selectors import deadline_state

    qs = (
        item_list_visible_to(user)
        .filter(disclosure_deadline__status=DeadlineStatus.OPEN)
        .exclude(status=ItemStatus.PUBLISHED)
        .select_related("disclosure_deadline__jurisdiction")
        .order_by("agency__name", "disclosure_deadline__due_at", "id")
    )
    groups: dict[int, dict] = {}
    for item in qs:
        state = deadline_state(item.disclosure_deadline, now)
        if state not in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON):
            continue
        item.clock, item.clock_state = item.disclosure_deadline, state
        group = groups.setdefault(item.agency_id, {"agency": item.agency, "overdue": [], "due_soon": []})
        group["overdue" if state == DeadlineState.OVERDUE else "due_soon"].append(item)
    return list(groups.values())


def disclosure_clock_counts(user, *, now: dt.datetime | None = None) -> dict[str, int]:
    """For the dashboard: how many of the user's items are overdue / due soon (art. 26)."""
    rows = disclosure_clock_rows(user, now=now)
    return {
        "overdue": sum(len(r["overdue"]) for r in rows),
        "due_soon": sum(len(r["due_soon"]) for r in rows),
    }


def late_publication_counts(user, *, year: int) -> list[dict]:
    """Per unit: items published in ``year`` and how many of them after their art. 26 due date."""
    rows = (
        item_list_visible_to(user)
        .filter(published_at__isnull=False, published_at__year=year, attribute=Attribute.ACTIVE)
        .values("agency_id", "agency__name")
        .annotate(published=Count("id"), late=Count("id", filter=Q(published_late=True)))
        .order_by("agency__name")
    )
    return [{"agency": r["agency__name"], "published": r["published"], "late": r["late"]} for r in rows]


def self_check_list_visible_to(user, *, year: int | None = None) -> QuerySet[InformationItem]:
    """R2.7 / R3.6: withheld and not-proactively-public items whose grounds should be re-examined."""
    qs = item_list_visible_to(user).filter(
        Q(status=ItemStatus.NOT_PUBLIC) | Q(status=ItemStatus.PUBLISHED, redactions__isnull=False)
    )
    qs = qs.filter(attribute__in=[Attribute.WITHHELD, Attribute.ON_REQUEST]) | qs.filter(redactions__isnull=False)
    if year:
        qs = qs.filter(produced_on__year__lte=year)
    return qs.distinct().order_by("produced_on", "id")


# --- Public reads used by the portal, feeds, sitemap, exports and the public API ----------------


FACET_COLUMNS = {
    "category": "category_id",
    "agency": "agency_id",
    "year": "year",
    "five": "five_disclosure",
    "form": "attribute",
}


def public_facet_counts(
    *,
    category: str | None = None,
    agency: int | None = None,
    year: int | None = None,
    five: str | None = None,
    form: str | None = None,
) -> dict[str, dict]:
    """``{facet: {value: n}}`` of the published items matching the filters (category code, agency
    id, year, 五公开 tag, form), every facet counted with all the filters applied — from the
    maintained ``FacetCount`` rows (``services/facet_counts.py``), not from the items. Facets:
    ``category`` (category ids), ``agency`` (agency ids), ``year``, ``five``, ``form``."""
    rows = FacetCount.objects.filter(n__gt=0).order_by()
    if category:
        rows = rows.filter(category__code=category)
    if agency:
        rows = rows.filter(agency_id=agency)
    if year:
        rows = rows.filter(year=year)
    if five:
        rows = rows.filter(five_disclosure=five)
    if form:
        rows = rows.filter(attribute=form)
    return {
        name: dict(rows.values_list(column).annotate(total=Sum("n")).values_list(column, "total"))
        for name, column in FACET_COLUMNS.items()
    }


def public_catalog_facets(qs: QuerySet[InformationItem]) -> dict[str, list[tuple]]:
    """``public_facets`` plus the 公开形式 (form) facet: ``[(attribute, n), ...]``."""
    facets = public_facets(qs)
    facets["form"] = list(qs.order_by().values_list("attribute").annotate(n=Count("id")).order_by("attribute"))
    return facets


def public_category_get(code: str) -> Category | None:
    return category_list().filter(code=code).first()


def public_topic_get(slug: str) -> Topic | None:
    return topic_list().filter(slug=slug).first()


def public_agency_list():
    """Active agencies (their names are public), with their guide if they have one."""
    from gongkai.orgs.models import Agency

    return Agency.objects.filter(is_active=True).select_related("guide").order_by("region_id", "id")


def public_agency_get(agency_id: int):
    return public_agency_list().filter(pk=agency_id).first()


def public_attachments(item_id: int):
    """The attachments published with a public item (none for an item that is not public)."""
    from .models import Attachment

    return (
        Attachment.objects.filter(item_id=item_id, is_public=True, item__status=ItemStatus.PUBLISHED)
        .only("id", "item_id", "name", "file", "size", "content_type")
        .order_by("id")
    )


def public_attachment_get(item_id: int, attachment_id: int):
    from .models import Attachment

    return (
        Attachment.objects.filter(pk=attachment_id, item_id=item_id, is_public=True, item__status=ItemStatus.PUBLISHED)
        .only("id", "item_id", "name", "file", "size", "content_type")
        .first()
    )


# --- Back-office additions (staff pages of issue 3) -----------------------------------------------


def agencies_authorable_by(user) -> QuerySet:
    """Active agencies the user may enter items for (sub-users, section heads, unit administrators)."""
    from gongkai.orgs.models import Agency

    ids = org_perms.allowed_agency_ids(user, "catalog.item", "create") or set()
    return Agency.objects.filter(pk__in=ids, is_active=True).order_by("name")


def agencies_importable_by(user) -> QuerySet:
    """Agencies whose drafts the user may bulk-import: all for system administrators, else their units."""
    from gongkai.orgs.models import Agency

    qs = Agency.objects.filter(is_active=True).order_by("name")
    ids = org_perms.allowed_agency_ids(user, "catalog.item", "import")
    return qs if ids is None else qs.filter(pk__in=ids)


def agencies_with_guide_editable_by(user) -> QuerySet:
    """Agencies whose disclosure guide the user may edit (unit administrators, the disclosure office)."""
    from gongkai.orgs.models import Agency

    qs = Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
    ids = org_perms.allowed_agency_ids(user, "catalog.guide", "edit")
    return qs if ids is None else qs.filter(pk__in=ids)


def item_audit_trail(user, item: InformationItem) -> QuerySet:
    """Audit events of the item and of its consultations, oldest first, for whoever may read
    the item's working copy (its history belongs to it; the audit log as a whole is scoped
    by the matrix row ``audit.log``)."""
    from gongkai.audit.selectors import audit_trail_of

    if not item_list_visible_to(user).filter(pk=item.pk).exists():
        return audit_trail_of([])
    consultation_ids = [str(pk) for pk in item.consultations.values_list("pk", flat=True)]
    return audit_trail_of([("catalog.informationitem", [str(item.pk)]), ("catalog.consultation", consultation_ids)])


def categories_by_id(ids) -> dict[int, Category]:
    """``{pk: category}`` for the categories among ``ids``."""
    return {c.pk: c for c in Category.objects.filter(pk__in=ids)}


# --- Single records and small maps for the edges (the caller has already checked the item) -----------------


def redaction_get(item: InformationItem, pk) -> Redaction | None:
    return Redaction.objects.filter(pk=pk, item=item).select_related("item").first()


def consultation_get(item: InformationItem, pk) -> Consultation | None:
    return Consultation.objects.filter(pk=pk, item=item).select_related("item__agency").first()


def guides_by_agency(agencies) -> dict[int, DisclosureGuide]:
    """``{agency id: guide}`` for the agencies (a queryset or list) that have a disclosure guide."""
    return {g.agency_id: g for g in DisclosureGuide.objects.filter(agency__in=agencies)}


def items_by_ids(ids) -> QuerySet[InformationItem]:
    """The items among ``ids``, by id (not scoped: for ids a service just returned)."""
    return InformationItem.objects.filter(pk__in=ids).order_by("id")
