"""Constants and helpers shared by the FOI back-office pages."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.foi import permissions, selectors
from gongkai.foi.models import Application
from gongkai.orgs import selectors as org_selectors

T = "backoffice/foi/"
PAGE_SIZE = 50


def _message(request, exc: DomainError, *, app=None, title=None):
    return render(
        request,
        T + "message.html",
        {"title": title or _("无法完成操作"), "message": exc.message, "app": app},
        status=exc.http_status,
    )


def _get_app(request, pk: int) -> Application:
    return selectors.application_get_visible_to(request.user, pk)


def _handling_agencies(user):
    ids = permissions.handling_agency_ids(user)
    return org_selectors.agency_list_by_ids(ids or [], active_only=True)


def _files(request, name: str) -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in request.FILES.getlist(name)]
