"""Portal home, disclosure guides and the health check."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.catalog import presenters, selectors
from gongkai.catalog.services import GUIDE_FIELDS

from . import cache
from .params import parse_id

LATEST = 10
APPLY_URL = "/apply/"  # the disclosure-on-application journey (its own URL module)


def _category_counts(qs) -> dict[str, int]:
    return dict(qs.order_by().values_list("category__code").annotate(n=Count("id")).values_list("category__code", "n"))


def _categories_with_counts(qs, key: str) -> list[dict]:
    counts = cache.cached("category-counts", key, lambda: _category_counts(qs))
    return [{"category": c, "count": counts.get(c.code, 0)} for c in selectors.category_list()]


def _guide_filled(guide) -> bool:
    return guide is not None and any(getattr(guide, name) for name in GUIDE_FIELDS)


@require_safe
def home(request):
    items = selectors.public_items()
    latest = [{"item": item, "url": presenters.item_url(item)} for item in items[:LATEST]]
    agencies = [
        {"agency": agency, "has_guide": _guide_filled(getattr(agency, "guide", None))}
        for agency in selectors.public_agency_list()[:500]
    ]
    context = {
        "latest": latest,
        "categories": _categories_with_counts(items, "all"),
        "topics": list(selectors.topic_list()),
        "agencies": agencies,
        "apply_url": APPLY_URL,
    }
    return render(request, "portal/home.html", context)


@require_safe
def guide_list(request):
    agencies = [
        {"agency": agency, "has_guide": _guide_filled(getattr(agency, "guide", None))}
        for agency in selectors.public_agency_list()
    ]
    return render(request, "portal/guide_list.html", {"agencies": agencies, "apply_url": APPLY_URL})


@require_safe
def guide(request, agency_id: int):
    agency_id = parse_id(agency_id)
    agency = selectors.public_agency_get(agency_id) if agency_id else None
    if agency is None:
        raise Http404(_("没有该机构。"))
    record = selectors.guide_for(agency.pk)
    filled = _guide_filled(record)
    fields = []
    if filled:
        fields = [
            (_("办理机构名称"), record.office_name),
            (_("办公地址"), record.address),
            (_("邮政编码"), record.postcode),
            (_("办公时间"), record.hours),
            (_("联系电话"), record.phone),
            (_("传真"), record.fax),
            (_("网上联系方式"), record.online),
        ]
    context = {
        "agency": agency,
        "guide": record if filled else None,
        "contact_fields": fields,
        "categories": _categories_with_counts(selectors.public_item_list(agency=agency.pk), f"agency={agency.pk}"),
        "apply_url": APPLY_URL,
    }
    return render(request, "portal/guide.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
