"""Responses to an event: create, detail, submit, resubmit, withdraw."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound, PermissionDenied
from gongkai.opinion.response import actions as response_actions
from gongkai.opinion.response import (
    permissions,
    selectors,
    services,
)
from gongkai.opinion.response.enums import (
    ResponseAction,
    ResponseStatus,
)
from gongkai.opinion.response.forms import (
    ResponseForm,
)
from gongkai.workflow.selectors import review_for

from .common import T, _event, _message, _my_units

# --- Responses ------------------------------------------------------------------------------------------------


@login_required
def response_create(request, pk: int):
    try:
        event = _event(request, pk)
    except NotFound as exc:
        return _message(request, exc)
    units = _my_units(request, event)
    if not units.exists():
        return _message(request, PermissionDenied(_("只有承办单位的工作人员可以起草回应。")), event=event)
    form = ResponseForm(request.POST or None)
    unit_id = request.POST.get("agency") or str(units.first().pk)
    if request.method == "POST" and form.is_valid():
        agency = units.filter(pk=unit_id).first() if unit_id.isdigit() else None
        if agency is None:
            return _message(request, PermissionDenied(_("请选择您所在的承办单位。")), event=event)
        try:
            row = services.response_create(actor=request.user, event=event, agency=agency, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("回应草稿已保存。"))
            return redirect("backoffice:opinion_response_detail", row.pk)
    return render(request, T + "response_form.html", {"event": event, "form": form, "units": units, "unit_id": unit_id})


@login_required
def response_detail(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    editable = row.status in (ResponseStatus.DRAFT, ResponseStatus.RETURNED) and permissions.is_unit_staff(
        request.user, row.agency_id
    )
    form = None
    if editable:
        initial = {f: getattr(row, f) for f in services.RESPONSE_FIELDS}
        if row.held_at:
            initial["held_at"] = row.held_at.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
        form = ResponseForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.response_update(actor=request.user, response=row, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("backoffice:opinion_response_detail", row.pk)
    review = review_for(row)
    moves = {spec.name for spec in response_actions.responses.available(row, request.user)}
    return render(
        request,
        T + "response_detail.html",
        {
            "r": row,
            "event": row.event,
            "form": form,
            "review": review,
            # the moves the user may start now, from the specs (opinion/response/actions.py)
            "can_submit": editable and ResponseAction.SUBMIT in moves,
            "can_resubmit": editable
            and ResponseAction.RESUBMIT in moves
            and review is not None
            and review.submitted_by_id == request.user.pk,
            "can_withdraw": ResponseAction.WITHDRAW in moves,
        },
    )


@login_required
@require_POST
def response_submit(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
        services.response_submit(actor=request.user, response=row, comment=request.POST.get("comment", ""))
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已提交审核。"))
    return redirect("backoffice:opinion_response_detail", pk)


@login_required
@require_POST
def response_resubmit(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
        services.response_resubmit(actor=request.user, response=row, comment=request.POST.get("comment", ""))
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已重新提交审核。"))
    return redirect("backoffice:opinion_response_detail", pk)


@login_required
@require_POST
def response_withdraw(request, pk: int):
    try:
        row = selectors.response_get_visible_to(request.user, pk)
        services.response_withdraw(actor=request.user, response=row, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已从回应栏目撤下。"))
    return redirect("backoffice:opinion_response_detail", pk)
