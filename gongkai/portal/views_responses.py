"""The public responses column (回应关切): approved and published responses, grouped by event.

Only what passed the ``opinion.release`` review is shown: each response's text, time and unit,
and the event's public name as released with it. Nothing of the monitoring (posts, volumes,
warning levels, reasons, routing) appears here.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.core.errors import NotFound
from gongkai.opinion.response import selectors
from gongkai.opinion.response.enums import ResponseKind

T = "portal/responses/"
PAGE_SIZE = 20


def response_list(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in ResponseKind.values else ""
    rows = selectors.public_response_list()
    if kind:
        rows = rows.filter(kind=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        T + "list.html",
        {"page": page, "kind": kind, "kinds": ResponseKind.choices, "events": selectors.public_event_page_list()[:10]},
    )


def response_event(request, pk: int):
    try:
        page = selectors.public_event_page_get(pk)
    except NotFound as exc:
        return render(request, T + "not_found.html", {"message": exc.message}, status=404)
    responses = selectors.public_response_list().filter(event_id=page.event_id).order_by("published_at", "id")
    return render(request, T + "event.html", {"page": page, "responses": responses})


def response_detail(request, pk: int):
    try:
        row = selectors.public_response_get(pk)
    except NotFound as exc:
        return render(request, T + "not_found.html", {"message": exc.message}, status=404)
    page = getattr(row.event, "public_page", None)
    return render(request, T + "detail.html", {"r": row, "page": page if page and page.is_public else None})
