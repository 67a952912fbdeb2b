"""Back-office pages of disclosure on application (依申请公开)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongkai.core.errors import DomainError
from gongkai.foi import selectors

T = "backoffice/foi/"


@login_required
def application_list(request):
    apps = selectors.application_list_visible_to(request.user)[:200]
    return render(request, T + "list.html", {"apps": apps})


@login_required
def application_detail(request, pk: int):
    try:
        app = selectors.application_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render(
            request, T + "message.html", {"title": "无法打开", "message": exc.message}, status=exc.http_status
        )
    return render(request, T + "detail.html", {"app": app})
