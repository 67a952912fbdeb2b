"""Reads of the leader mailbox and hotline (the edges call only these and the services)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from gongkai.core.errors import NotFound

from . import permissions
from .enums import OPEN_STATUSES, Status
from .models import Letter, LetterEvent, ReturnVisit, RoutingRule
from .transitions import actions_from


def _base() -> QuerySet[Letter]:
    return Letter.objects.select_related("office", "handling_agency", "place", "answer_deadline", "claim_deadline")


def letter_list_visible_to(
    user, *, status: str | None = None, q: str = "", agency_id: int | None = None, kind: str = ""
) -> QuerySet[Letter]:
    ids = permissions.viewable_agency_ids(user)
    qs = _base()
    if ids is not None:
        qs = qs.filter(Q(office_id__in=ids) | Q(handling_agency_id__in=ids))
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if agency_id:
        qs = qs.filter(Q(office_id=agency_id) | Q(handling_agency_id=agency_id))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(tracking_number__icontains=q) | Q(content__icontains=q))
    return qs


def letter_get_visible_to(user, pk: int) -> Letter:
    letter = _base().filter(pk=pk).first()
    if letter is None or not permissions.can_view(user, letter):
        raise NotFound("未找到该来信。")
    return letter


def letter_events(letter: Letter, *, public_only: bool = False) -> QuerySet[LetterEvent]:
    qs = letter.events.select_related("agency")
    return qs.filter(public=True) if public_only else qs


def letter_attachments(letter: Letter):
    return letter.attachments.only("id", "name", "size", "content_type")


def letter_visits(letter: Letter) -> QuerySet[ReturnVisit]:
    return letter.visits.all()


def letter_actions(letter: Letter) -> list[str]:
    return actions_from(letter.status)


def letter_overdue(user, now: dt.datetime) -> list[Letter]:
    out = []
    for letter in letter_list_visible_to(user, status="open"):
        deadline = letter.claim_deadline if letter.status == Status.ASSIGNED else letter.answer_deadline
        if deadline is not None and deadline.due_at is not None and deadline.due_at < now:
            out.append(letter)
    return out


def letter_due_soon(user, now: dt.datetime) -> list[Letter]:
    """Open letters whose claim or answer clock is due soon (the rules kernel's threshold) but not overdue."""
    from gongkai.rules.selectors import is_due_soon

    out = []
    for letter in letter_list_visible_to(user, status="open"):
        deadline = letter.claim_deadline if letter.status == Status.ASSIGNED else letter.answer_deadline
        if deadline is None or deadline.due_at is None or deadline.due_at < now:
            continue
        if is_due_soon(deadline, now):
            out.append(letter)
    return out


def routing_rules_for(office_id: int) -> QuerySet[RoutingRule]:
    return RoutingRule.objects.filter(office_id=office_id).select_related("target", "place")


def routing_rules_visible_to(user) -> QuerySet[RoutingRule]:
    ids = permissions.agency_ids(user, "coordinate")
    qs = RoutingRule.objects.select_related("target", "place", "office")
    return qs if ids is None else qs.filter(office_id__in=ids)


def routing_rule_get(pk: int) -> RoutingRule | None:
    return RoutingRule.objects.filter(pk=pk).first()


def published_letters(*, q: str = "", kind: str = "", office_id: int | None = None) -> QuerySet[Letter]:
    qs = Letter.objects.filter(published=True, publish_consent=True).select_related("office", "handling_agency")
    if kind:
        qs = qs.filter(kind=kind)
    if office_id:
        qs = qs.filter(office_id=office_id)
    return qs.order_by("-published_at", "-id")


def published_letter(public_id: str) -> Letter | None:
    return (
        Letter.objects.filter(published=True, publish_consent=True, public_id=str(public_id or "")[:32])
        .select_related("office", "handling_agency")
        .first()
    )


def letter_by_external_id(source: str, external_id: str) -> Letter | None:
    return Letter.objects.filter(external_source=source, external_id=external_id).first()


def published_search(q: str) -> list[Letter]:
    """Published letters matching ``q`` in the public search index (personal data removed there)."""
    from gongkai.search.selectors import search

    result = search(q, kinds=["interaction.letter"], page_size=50)
    ids = [int(h.object_id) for h in result.hits if str(h.object_id).isdigit()]
    found = {x.pk: x for x in published_letters().filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def public_monthly_statistics(*, months: int = 12) -> list[dict]:
    """Letters received, answered and satisfaction by month (counts only, no personal data)."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from .enums import ANSWERED_STATUSES, Rating

    rows = (
        Letter.objects.exclude(status__in=[Status.MERGED])
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=Q(status__in=ANSWERED_STATUSES)),
            rated=Count("id", filter=~Q(rating="")),
            pleased=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
        )
        .order_by("-month")[:months]
    )
    out = []
    for r in rows:
        rate = f"{r['pleased'] * 100 / r['rated']:.0f}%" if r["rated"] else "—"
        out.append({"month": r["month"], "received": r["received"], "answered": r["answered"], "satisfaction": rate})
    return out


def mailbox_offices():
    """Units whose mailbox takes letters on the portal (active governments and departments)."""
    from gongkai.orgs import selectors as org_selectors

    return org_selectors.agency_list_active(order_by=("region__code", "name")).select_related("region")


def places():
    from gongkai.orgs import selectors as org_selectors

    return org_selectors.region_list()


def letter_by_public_id(public_id: str) -> Letter | None:
    return _base().filter(public_id=str(public_id or "")[:32]).first()
