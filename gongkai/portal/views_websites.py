"""The public directory of official websites and new-media accounts (citizens check that an
account is real). Reads only through ``gongkai.websites.selectors``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from gongkai.websites import selectors
from gongkai.websites.enums import Platform

PAGE_SIZE = 50


def directory(request):
    q = (request.GET.get("q") or "").strip()[:100]
    platform = request.GET.get("platform", "")
    platform = platform if platform in Platform.values else ""
    page = Paginator(selectors.public_directory(q=q, platform=platform), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/websites/directory.html",
        {"page": page, "q": q, "platform": platform, "platforms": Platform.choices},
    )
