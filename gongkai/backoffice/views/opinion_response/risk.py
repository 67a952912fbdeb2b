"""Opinion risk assessment of major decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound, PermissionDenied
from gongkai.opinion.response import (
    risk,
)
from gongkai.opinion.response.forms import (
    RiskAssessmentForm,
)
from gongkai.orgs import selectors as org_selectors

from .common import T, _message

# --- Opinion risk assessment of major decisions ------------------------------------------------------------------


def _risk_form(request, data=None, *, assessment=None):
    from gongkai.opinion.selectors import plan_list_visible_to

    initial = {}
    if assessment is not None:
        initial = {f: getattr(assessment, f) for f in risk.FIELDS}
        initial["agency"] = assessment.agency
    form = RiskAssessmentForm(
        data,
        agencies=risk.editable_agencies(request.user),
        plans=plan_list_visible_to(request.user).select_related("agency"),
        initial=initial,
    )
    if assessment is not None:
        form.fields["agency"].disabled = True
        form.fields["agency"].queryset = org_selectors.agency_list_by_ids(
            [assessment.agency_id], order_by=("region__code", "name")
        )
    return form


def _risk_values(form) -> dict:
    return {f: form.cleaned_data[f] for f in risk.FIELDS}


@login_required
def risk_list(request):
    form = _risk_form(request, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                row = risk.risk_assessment_create(
                    actor=request.user, agency=form.cleaned_data["agency"], **_risk_values(form)
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存风险评估。"))
                return redirect("backoffice:opinion_response_risk", row.pk)
        status = 422
    else:
        status = 200
    rows = risk.risk_assessment_list_visible_to(request.user)
    return render(
        request,
        T + "risk_list.html",
        {"rows": rows[:200], "form": form if risk.editable_agencies(request.user).exists() else None},
        status=status,
    )


@login_required
def risk_detail(request, pk: int):
    try:
        row = risk.risk_assessment_get_visible_to(request.user, pk)
    except NotFound as exc:
        return _message(request, exc)
    editable = row.status == "draft" and risk.can_edit(request.user, row.agency_id)
    form = _risk_form(request, request.POST or None, assessment=row) if editable else None
    status = 200
    if request.method == "POST":
        if form is None:
            return _message(request, PermissionDenied(_("您不能修改此风险评估。")))
        if form.is_valid():
            try:
                risk.risk_assessment_update(actor=request.user, assessment=row, **_risk_values(form))
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("backoffice:opinion_response_risk", row.pk)
        status = 422
    return render(
        request,
        T + "risk_detail.html",
        {
            "r": row,
            "form": form,
            "can_conclude": row.status == "draft" and risk.can_conclude(request.user, row.agency_id),
        },
        status=status,
    )


@login_required
@require_POST
def risk_conclude(request, pk: int):
    try:
        row = risk.risk_assessment_get_visible_to(request.user, pk)
        risk.risk_assessment_conclude(actor=request.user, assessment=row)
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("评估已审定。"))
    return redirect("backoffice:opinion_response_risk", pk)
