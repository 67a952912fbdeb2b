"""Constants and helpers shared by the back-office pages of opinion response."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.opinion.nlp.categories import LABELS as CATEGORY_LABELS
from gongkai.opinion.response import actions as response_actions
from gongkai.opinion.response import (
    selectors,
)
from gongkai.opinion.response.enums import (
    AssignmentAction,
)

T = "backoffice/opinion_response/"
CLAIM = response_actions.assignments.get(AssignmentAction.CLAIM)
PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ECHARTS = "vendor/echarts/echarts.min.js"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _message(request, exc: DomainError, *, event=None, title=None):
    return render(
        request,
        T + "message.html",
        {"title": title or _("无法完成操作"), "message": exc.message, "event": event},
        status=exc.http_status,
    )


def _event(request, pk: int):
    return selectors.event_get_visible_to(request.user, pk)


def _category_choices():
    return [(k, v) for k, v in CATEGORY_LABELS.items()]


def _jurisdiction_agencies(event):
    return selectors.jurisdiction_agency_list(event)


def _my_units(request, event):
    """Units of the event (not withdrawn) where the user is staff."""
    return selectors.event_units_of(request.user, event)


def _event_url(event) -> str:
    return reverse("backoffice:opinion_response_event", args=[event.pk])


def _level_badge(level: str) -> str:
    return {"red": "err", "orange": "warn", "yellow": "warn"}.get(level, "")
