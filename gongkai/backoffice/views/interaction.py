"""Back-office pages of the leader mailbox and hotline: the list (open, overdue), a case page with
the actions the table allows (triage, routing, claim, send back, transfer, extension, reply, review
of a dissatisfied rating) and return visits."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, NotFound, ValidationFailed
from gongkai.interaction import permissions, selectors, services, statistics
from gongkai.interaction.enums import Action, Channel, Kind, ReplyKind, Status, VisitMethod, VisitResult
from gongkai.interaction.services import hotline
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors
from gongkai.workflow import selectors as review_selectors

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
    elif state == "due_soon":
        letters = selectors.letter_due_soon(request.user, clock.now())
    else:
        letters = list(
            selectors.letter_list_visible_to(
                request.user, status=state if state in ("open", *Status.values) else None, q=q
            )[:200]
        )
    return render(request, T + "list.html", {"letters": letters, "state": state, "q": q, "statuses": Status.choices})


@login_required
def letter_detail(request, pk: int, contact: dict | None = None):
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
            "review": review_selectors.review_active_for(letter),
            "contact": contact,
            "attachments": selectors.letter_attachments(letter),
            "can_see_contact": permissions.can_see_personal_data(request.user, letter),
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
def letter_contact(request, pk: int):
    """The writer's full contact (audited), shown once on the case page."""
    try:
        letter = selectors.letter_get_visible_to(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        contact = services.letter_personal_data(actor=request.user, letter=letter)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:interaction_detail", letter.pk)
    return letter_detail(request, pk, contact=contact)


@login_required
def letter_attachment(request, pk: int, aid: int):
    try:
        letter = selectors.letter_get_visible_to(request.user, pk)
        name, content_type, blob = services.letter_attachment(actor=request.user, letter=letter, attachment_id=aid)
    except (NotFound, DomainError):
        raise Http404 from None
    response = HttpResponse(blob, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


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


def _period(request) -> tuple[dt.date, dt.date]:
    today = clock.today()
    try:
        start = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    return start, end


@login_required
def letter_statistics(request):
    _require_any(request.user)
    start, end = _period(request)
    stats = statistics.compute(user=request.user, start=start, end=end)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            statistics.statistics_xlsx(stats),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f"attachment; filename=interaction-{start}-{end}.xlsx"
        return response
    return render(request, T + "statistics.html", {"stats": stats, "headers": statistics.HEADERS})


def _offices(user, op: str):
    ids = permissions.agency_ids(user, op)
    agencies = org_selectors.agency_list_active(order_by=("region__code", "name"))
    return agencies if ids is None else agencies.filter(pk__in=ids)


def _require_op(user, op: str) -> None:
    if not org_permissions.allowed_anywhere(user, "interaction.letter", op):
        raise Http404


@login_required
def letter_register(request):
    """Hotline operators register a call (or a letter received otherwise)."""
    _require_op(request.user, "create")
    offices = _offices(request.user, "create")
    error, values = "", {}
    if request.method == "POST":
        values = {
            k: (request.POST.get(k) or "").strip()
            for k in ("office", "channel", "kind", "title", "content", "name", "phone", "address")
        }
        office = offices.filter(pk=values["office"] if values["office"].isdigit() else 0).first()
        try:
            if office is None:
                raise ValidationFailed(_("请选择信箱单位。"))
            letter, _code = services.letter_register(
                actor=request.user,
                office=office,
                channel=values["channel"],
                data=services.LetterInput(
                    kind=values["kind"],
                    title=values["title"],
                    content=values["content"],
                    name=values["name"],
                    phone=values["phone"],
                    address=values["address"],
                    anonymous=not values["name"] and values["kind"] == "suggestion",
                    publish_consent=request.POST.get("publish_consent") == "1",
                ),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已登记，编号 %(n)s。") % {"n": letter.tracking_number})
            return redirect("backoffice:interaction_detail", letter.pk)
    return render(
        request,
        T + "register.html",
        {
            "offices": offices,
            "kinds": Kind.choices,
            "channels": [c for c in Channel.choices if c[0] != Channel.MAILBOX],
            "error": error,
            "values": values,
        },
        status=422 if error else 200,
    )


@login_required
def hotline_import_page(request):
    _require_op(request.user, "create")
    offices = _offices(request.user, "create")
    result, errors, error = None, [], ""
    if request.method == "POST":
        office = offices.filter(pk=request.POST.get("office") or 0).first()
        upload = request.FILES.get("file")
        try:
            if office is None:
                raise ValidationFailed(_("请选择信箱单位。"))
            if upload is None:
                raise ValidationFailed(_("请选择要导入的文件。"))
            result = hotline.hotline_import(
                actor=request.user,
                office=office,
                data=upload.read(),
                filename=upload.name,
                source=(request.POST.get("source") or "12345").strip()[:40],
            )
        except DomainError as exc:
            error = exc.message
            errors = (exc.detail or {}).get("errors", []) if isinstance(exc.detail, dict) else []
    return render(
        request,
        T + "import.html",
        {
            "offices": offices,
            "result": result,
            "errors": errors,
            "error": error,
            "headers": sorted(set(hotline.HEADERS)),
        },
        status=422 if error else 200,
    )


@login_required
def routing_rules(request):
    _require_op(request.user, "coordinate")
    offices = _offices(request.user, "coordinate")
    if request.method == "POST":
        office = offices.filter(pk=request.POST.get("office") or 0).first()
        try:
            if office is None:
                raise ValidationFailed(_("请选择信箱单位。"))
            if request.POST.get("delete"):
                rule = selectors.routing_rule_get(
                    int(request.POST["delete"]) if request.POST["delete"].isdigit() else 0
                )
                if rule is None:
                    raise ValidationFailed(_("未找到该交办规则。"))
                services.routing_rule_delete(actor=request.user, rule=rule)
            else:
                place_id = request.POST.get("place") or ""
                services.routing_rule_save(
                    actor=request.user,
                    office=office,
                    target=org_selectors.agency_get(request.POST.get("target") or 0, active_only=True),
                    place=selectors.places().filter(pk=place_id).first() if place_id.isdigit() else None,
                    keywords=request.POST.get("keywords", ""),
                    kind=request.POST.get("kind", ""),
                    priority=int(request.POST.get("priority") or 100)
                    if (request.POST.get("priority") or "100").isdigit()
                    else -1,
                )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存交办规则。"))
        return redirect("backoffice:interaction_rules")
    return render(
        request,
        T + "rules.html",
        {
            "rules": selectors.routing_rules_visible_to(request.user),
            "offices": offices,
            "agencies": org_selectors.agency_list_active(order_by=("region__code", "name")),
            "places": selectors.places(),
            "kinds": Kind.choices,
        },
    )
