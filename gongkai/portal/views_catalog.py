"""Public catalogue pages: browsing with facets and sorting, item page, print view, attachments,
Excel export. Reads only through ``gongkai.catalog.selectors.public_*``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.catalog import presenters, selectors
from gongkai.catalog.enums import Attribute, FiveDisclosure
from gongkai.catalog.public_search import index_version
from gongkai.orgs import selectors as org_selectors

from . import cache, export
from .params import SORTS, CatalogFilters, category_get, parse_filters, parse_id, topic_get

PAGE_SIZE = 20


def public_item_or_404(item_id):
    item_id = parse_id(item_id)
    item = selectors.public_item_get(item_id) if item_id is not None else None
    if item is None:
        raise Http404(_("未找到该信息，可能尚未公开或已撤回。"))
    return item


def _facet_group(filters: CatalogFilters, base_url: str, name: str, label: str, rows) -> dict:
    """``rows`` are ``(value, label, count)``; links keep the other filters and reset the page."""
    current = getattr(filters, name)
    items = [
        {
            "value": value,
            "label": text,
            "count": count,
            "selected": current is not None and str(current) == str(value),
            "url": f"{base_url}?{filters.querystring(**{name: value})}",
        }
        for value, text, count in rows
        if value not in (None, "")
    ]
    return {
        "name": name,
        "label": label,
        "items": items,
        "clear_url": f"{base_url}?{filters.querystring(**{name: None})}" if current is not None else None,
    }


def compute_facets(qs) -> dict[str, list[tuple]]:
    """The counts of ``selectors.public_catalog_facets`` in one pass over the view's rows (one
    GROUP BY over the five public facet fields, summed up here) instead of five. Used for topic
    views; the other views read the maintained counts (``maintained_facets``)."""
    rows = list(
        qs.order_by()
        .values_list("category_id", "agency_id", "produced_on__year", "five_disclosure", "attribute")
        .annotate(n=Count("id"))
    )
    sums: list[dict] = [{}, {}, {}, {}, {}]
    for *values, n in rows:
        for bucket, value in zip(sums, values, strict=True):
            bucket[value] = bucket.get(value, 0) + n
    return _facet_rows(*sums)


def maintained_facets(filters: CatalogFilters) -> dict[str, list[tuple]]:
    """The same counts from the maintained facet-count rows (no pass over the items)."""
    counts = selectors.public_facet_counts(
        category=filters.category, agency=filters.agency, year=filters.year, five=filters.five, form=filters.form
    )
    return _facet_rows(counts["category"], counts["agency"], counts["year"], counts["five"], counts["form"])


def _facet_rows(by_category: dict, by_agency: dict, by_year: dict, by_five: dict, by_form: dict):
    categories = selectors.categories_by_id(list(by_category))
    agencies = org_selectors.agency_names_by_id(list(by_agency))
    return {
        "category": sorted(
            ((categories[pk].code, categories[pk].name, n) for pk, n in by_category.items() if pk in categories),
            key=lambda row: row[0],
        ),
        "agency": sorted(
            ((pk, agencies[pk], n) for pk, n in by_agency.items() if pk in agencies), key=lambda row: row[1]
        ),
        "year": sorted(((y, y, n) for y, n in by_year.items() if y is not None), reverse=True),
        "five": sorted((code, n) for code, n in by_five.items() if code),
        "form": sorted(by_form.items()),
    }


def facet_counts(filters: CatalogFilters, qs) -> dict[str, list[tuple]]:
    """The facet counts of the filtered view (cached: see ``cache.py``). Topics are not among
    the maintained counts: a topic view groups its own rows."""
    key = filters.querystring(include_scope=True, sort=None)
    if filters.topic:
        return cache.cached("facets", key, lambda: compute_facets(qs))
    return cache.cached("facets", key, lambda: maintained_facets(filters))


class CountedPaginator(Paginator):
    """A paginator told its count (the facet counts already hold it: one category per item)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def facet_groups(facets: dict, filters: CatalogFilters, base_url: str, hide: tuple[str, ...] = ()) -> list[dict]:
    five_labels = dict(FiveDisclosure.choices)
    form_labels = dict(Attribute.choices)
    groups = [
        ("category", _("信息分类"), facets["category"]),
        ("agency", _("发布机构"), facets["agency"]),
        ("year", _("产生年份"), facets["year"]),
        ("five", _("五公开"), [(code, five_labels.get(code, code), n) for code, n in facets["five"]]),
        ("form", _("公开形式"), [(code, form_labels.get(code, code), n) for code, n in facets["form"]]),
    ]
    return [_facet_group(filters, base_url, name, label, rows) for name, label, rows in groups if name not in hide]


def _rows(page) -> list[dict]:
    """The items of a page of ids, in the page's order."""
    ids = list(page.object_list)
    # The list shows no body: do not read the 20 public bodies.
    items = {
        item.pk: item
        for item in selectors.public_items().filter(pk__in=ids).defer("public_body_html", "public_body_text")
    }
    return [
        {
            "item": items[pk],
            "url": presenters.item_url(items[pk]),
            "document_number": presenters.document_number(items[pk]),
        }
        for pk in ids
        if pk in items
    ]


def _catalog_page(request, *, heading: str, base_url: str, scope: dict, intro: str = "", extra: dict | None = None):
    filters = parse_filters(request.GET).with_scope(**scope)
    qs = filters.queryset()
    # Page through ids only (ordered from the index), then load the page's 20 rows: sorting
    # whole rows would read every public body of the view.
    facets = facet_counts(filters, qs)
    total = sum(n for _code, _name, n in facets["category"])
    page = CountedPaginator(qs.values_list("id", flat=True), PAGE_SIZE, count=total).get_page(request.GET.get("page"))
    hide = tuple(k for k in scope if k != "topic")
    query = filters.querystring(include_scope=True)
    # The facet block (up to hundreds of links) is rendered once per view and catalogue version,
    # like the counts it shows; it depends only on the filters, the page's address and the language.
    facets_html = cache.cached(
        "facets-html",
        f"{get_language()}|{base_url}|{','.join(hide)}|{filters.querystring(include_scope=True, sort=None)}",
        lambda: render_to_string(
            "portal/catalog/_facets.html", {"facet_groups": facet_groups(facets, filters, base_url, hide=hide)}
        ),
    )
    page_query = filters.querystring()

    def rows_html() -> str:
        return render_to_string(
            "portal/catalog/_rows.html",
            {"heading": heading, "page": page, "rows": _rows(page), "page_query": page_query},
        )

    if "topic" in scope:  # topic membership changes do not write the index: not cached
        table_html = rows_html()
    else:
        # The table and pager of this page, rendered once per view, page, language and version of
        # the catalogue's index (read from the database: every publish, correction and withdrawal
        # replaces it in its own transaction, so no process can serve a page listing a withdrawn
        # item, whatever its cache). An agency rename reaches the rows when the entry expires.
        table_html = cache.cached(
            "rows-html",
            f"{index_version()}|{get_language()}|{base_url}|{heading}|{filters.querystring(include_scope=True)}|{page.number}",
            rows_html,
        )
    context = {
        "heading": heading,
        "intro": intro,
        "filters": filters,
        "facets_html": facets_html,
        "table_html": table_html,
        "page": page,
        "base_url": base_url,
        "page_query": page_query,
        "sorts": [
            {"value": key, "label": label, "selected": key == filters.sort} for key, (_order, label) in SORTS.items()
        ],
        "sort_hidden": filters.params(sort=None),
        "clear_url": base_url if filters.active or filters.sort != "new" else None,
        "export_url": reverse("portal:export") + (f"?{query}" if query else ""),
        "export_cap": export.max_rows(),
        **(extra or {}),
    }
    return render(request, "portal/catalog/list.html", context)


@require_safe
def catalog(request):
    return _catalog_page(request, heading=_("政府信息公开目录"), base_url=reverse("portal:catalog"), scope={})


@require_safe
def catalog_category(request, code: str):
    category = category_get(code)
    if category is None:
        raise Http404(_("没有该信息分类。"))
    return _catalog_page(
        request,
        heading=category.name,
        intro=category.description,
        base_url=reverse("portal:catalog_category", args=[category.code]),
        scope={"category": category.code},
        extra={"feed_kind": "category", "feed_key": category.code},
    )


@require_safe
def catalog_agency(request, agency_id: int):
    agency_id = parse_id(agency_id)
    agency = selectors.public_agency_get(agency_id) if agency_id else None
    if agency is None:
        raise Http404(_("没有该发布机构。"))
    return _catalog_page(
        request,
        heading=agency.name,
        base_url=reverse("portal:catalog_agency", args=[agency.pk]),
        scope={"agency": agency.pk},
        extra={"feed_kind": "agency", "feed_key": agency.pk, "guide_agency": agency},
    )


@require_safe
def topic_list(request):
    return render(request, "portal/catalog/topics.html", {"topics": selectors.topic_list()})


@require_safe
def catalog_topic(request, slug: str):
    topic = topic_get(slug)
    if topic is None:
        raise Http404(_("没有该专题。"))
    return _catalog_page(
        request,
        heading=_("专题：%(name)s") % {"name": topic.name},
        intro=topic.description,
        base_url=reverse("portal:catalog_topic", args=[topic.slug]),
        scope={"topic": topic.slug},
    )


def _item_context(item) -> dict:
    return {
        "item": item,
        "nine_fields": presenters.nine_fields(item),
        "other_fields": presenters.other_fields(item),
        "keywords": presenters.keywords(item),
        "redaction_labels": presenters.redaction_labels(item),
        "attachments": list(selectors.public_attachments(item.pk)),
    }


@require_safe
def item_detail(request, item_id: int):
    item = public_item_or_404(item_id)
    if request.GET.get("print"):
        return render(request, "portal/catalog/item_print.html", _item_context(item))
    return render(request, "portal/catalog/item.html", _item_context(item))


@require_safe
def item_print(request, item_id: int):
    item = public_item_or_404(item_id)
    return render(request, "portal/catalog/item_print.html", _item_context(item))


@require_safe
def attachment_download(request, item_id: int, attachment_id: int):
    item_id, attachment_id = parse_id(item_id), parse_id(attachment_id)
    attachment = selectors.public_attachment_get(item_id, attachment_id) if item_id and attachment_id else None
    if attachment is None or not attachment.file:
        raise Http404(_("未找到该附件。"))
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("未找到该附件。")) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )


@require_safe
def export_xlsx(request):
    filters = parse_filters(request.GET)
    content, count, truncated = export.catalog_workbook(filters, url_prefix=request.build_absolute_uri("/")[:-1])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        "attachment; filename=\"catalog.xlsx\"; filename*=UTF-8''%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E7%9B%AE%E5%BD%95.xlsx"
    )
    response["X-Export-Rows"] = str(count)
    response["X-Export-Truncated"] = "1" if truncated else "0"
    return response
