"""Back-office pages of the leader mailbox and hotline: the list (open, overdue), a case page with
the actions the table allows (triage, routing, claim, send back, transfer, extension, reply, review
of a dissatisfied rating) and return visits."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, NotFound
from gongkai.interaction import permissions, selectors, services
from gongkai.interaction.enums import Action, ReplyKind, Status, VisitMethod, VisitResult
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors

T = "backoffice/interaction/"


def _require_any(user) -> None:
    if not org_permissions.allowed_anywhere(user, "interaction.letter", "view"):
        raise Http404


@login_required
def letter_list(request):
    _require_any(request.user)
    state = request.GET.get("state", "open")
    q = (request.GET.get("q") or "").strip()[:100]
    if state == "overdue":
        letters = selectors.letter_overdue(request.user, clock.now())
    else:
        letters = list(
            selectors.letter_list_visible_to(
                request.user, status=state if state in ("open", *Status.values) else None, q=q
            )[:200]
        )
    return render(request, T + "list.html", {"letters": letters, "state": state, "q": q, "statuses": Status.choices})


@login_required
def letter_detail(request, pk: int):
    try:
        letter = selectors.letter_get_visible_to(request.user, pk)
    except NotFound:
        raise Http404 from None
    actions = [
        (a, Action(a).label)
        for a in selectors.letter_actions(letter)
        if a
        not in (
            Action.REVIEW_APPROVED,
            Action.REVIEW_RETURNED,
            Action.CLOSE,
            Action.RATE_SATISFIED,
            Action.RATE_DISSATISFIED,
        )
    ]
    return render(
        request,
        T + "detail.html",
        {
            "letter": letter,
            "actions": actions,
            "events": selectors.letter_events(letter),
            "visits": selectors.letter_visits(letter),
            "agencies": org_selectors.agency_list_active(order_by=("region__code", "name")),
            "suggestion": services.route_suggestion(letter) if letter.status == Status.RECEIVED else None,
            "duplicates": services.duplicate_candidates(letter) if letter.status == Status.RECEIVED else [],
            "reply_kinds": ReplyKind.choices,
            "visit_methods": VisitMethod.choices,
            "visit_results": VisitResult.choices,
            "can_coordinate": permissions.can_coordinate(request.user, letter),
            "today": clock.today().isoformat(),
        },
    )


@login_required
@require_POST
def letter_act(request, pk: int):
    try:
        letter = selectors.letter_get_visible_to(request.user, pk)
    except NotFound:
        raise Http404 from None
    action = request.POST.get("action", "")
    params: dict = {}
    if request.POST.get("agency"):
        params["agency"] = org_selectors.agency_get(request.POST["agency"], active_only=True)
    for key in ("reason", "reply_text", "reply_kind", "comment"):
        if key in request.POST:
            params[key] = request.POST[key]
    if action == Action.MERGE:
        into = (
            selectors.letter_list_visible_to(request.user)
            .filter(tracking_number=request.POST.get("into", "").strip())
            .first()
        )
        params["into"] = into
    try:
        services.letter_transition(actor=request.user, letter=letter, action=action, **params)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已%(a)s。") % {"a": Action(action).label})
    return redirect("backoffice:interaction_detail", letter.pk)


@login_required
@require_POST
def letter_visit(request, pk: int):
    try:
        letter = selectors.letter_get_visible_to(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        visited_on = dt.date.fromisoformat(request.POST.get("visited_on", ""))
    except ValueError:
        messages.error(request, _("回访日期格式不正确。"))
        return redirect("backoffice:interaction_detail", letter.pk)
    try:
        services.return_visit_record(
            actor=request.user,
            letter=letter,
            method=request.POST.get("method", ""),
            visited_on=visited_on,
            result=request.POST.get("result", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录回访。"))
    return redirect("backoffice:interaction_detail", letter.pk)


@login_required
@require_POST
def letter_publish(request, pk: int):
    try:
        letter = selectors.letter_get_visible_to(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        services.letter_publish(actor=request.user, letter=letter, publish=request.POST.get("publish") == "1")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:interaction_detail", letter.pk)
