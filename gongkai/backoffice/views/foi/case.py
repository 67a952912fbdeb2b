"""The case page: details, the applicant's personal data, the clock and the actions of the typed action registry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, NotFound
from gongkai.foi import actions as foi_actions
from gongkai.foi import permissions, selectors, services
from gongkai.foi.enums import (
    OPEN_STATUSES,
    Action,
    AppealKind,
    AppealResult,
    ApplicantKind,
    ConsultationOpinion,
    ConsultationParty,
    DeliveryMethod,
    FeeBasis,
    Status,
)
from gongkai.foi.models import Application

from .common import T, _get_app, _message

# --- The case page -----------------------------------------------------------------------------------------


def _detail_context(request, app: Application, *, personal=None, error=None):
    user = request.user
    from gongkai.workflow import selectors as review_selectors

    clock_view = selectors.clock_view(app)
    specs = foi_actions.available(app, user)
    actions = [spec.name for spec in specs]
    can_handle = permissions.can_handle(user, app)
    handlers = selectors.handler_list_for(app)
    return {
        "app": app,
        "items": list(app.items.all()),
        "clock": clock_view,
        "actions": actions,
        # The case's action forms, read from the action specs (foi/actions.py).
        "action_forms": [
            {
                "spec": spec,
                "form": spec.form(application=app, action=spec.name) if spec.form else None,
                "help": spec.help_text(app),
            }
            for spec in specs
        ],
        "Action": Action,
        "can_handle": can_handle,
        "can_see_personal": permissions.can_see_personal_data(user, app),
        "can_request_extension": can_handle
        and app.status in foi_actions.registry.get(Action.EXTEND).allowed_from
        and not app.events.filter(action=Action.EXTEND).exists(),
        "personal": personal,
        "error": error,
        "events": selectors.timeline(app),
        "consultations": list(app.consultations.select_related("deadline")),
        "fees": list(app.fees.select_related("deadline")),
        "attachments": list(app.attachments.all()),
        "appeals": list(app.appeals.all()),
        "review": review_selectors.review_for(app),
        "repeats": list(app.repeats.all()),
        "earlier": list(selectors.earlier_applications(app)[:20]) if can_handle else [],
        "month_count": selectors.applicant_application_count(app),
        "mass_delay_suggested": _mass_delay_suggested(app),
        "can_set_mass_delay": can_handle
        and app.mass_delay_set_at is None
        and app.status in OPEN_STATUSES
        and app.status != Status.SUPPLEMENT_REQUESTED,
        "applicant_messages": list(selectors.applicant_messages(app)) if can_handle else [],
        "handlers": handlers,
        "agencies": selectors.transfer_agency_choices(app),
        "party_kinds": ConsultationParty.choices,
        "opinions": ConsultationOpinion.choices,
        "fee_bases": FeeBasis.choices,
        "delivery_methods": DeliveryMethod.choices,
        "appeal_kinds": AppealKind.choices,
        "appeal_results": AppealResult.choices,
        "today": clock.today(),
        "query_code": request.session.pop(f"foi_code_{app.pk}", None),
        "org_kind": app.applicant_kind != ApplicantKind.NATURAL,
    }


def _mass_delay_suggested(app: Application):
    from gongkai.rules.selectors import rule_value_or_none

    rv = rule_value_or_none("foi.mass_delay_period", app.agency.region, clock.today())
    return rv


@login_required
def application_detail(request, pk: int):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    return render(request, T + "detail.html", _detail_context(request, app))


@login_required
@require_POST
def application_personal(request, pk: int):
    """Show the full personal data (audited) — a POST, so that nothing prefetches it."""
    try:
        app = _get_app(request, pk)
        personal = services.application_personal_data(actor=request.user, application=app)
    except DomainError as exc:
        return _message(request, exc, title=_("没有权限"))
    return render(request, T + "detail.html", _detail_context(request, app, personal=personal))


@login_required
def application_clock(request, pk: int):
    """How the due date was computed (Deadline.explain()), for every clock of the case."""
    from gongkai.rules.selectors import deadlines_for

    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    deadlines = list(deadlines_for(app).order_by("start_at", "id"))
    return render(
        request,
        T + "clock.html",
        {"app": app, "deadlines": [{"d": d, "lines": d.explain().splitlines()} for d in deadlines]},
    )


@login_required
@require_POST
def application_act(request, pk: int, action: str):
    try:
        app = _get_app(request, pk)
    except DomainError as exc:
        return _message(request, exc, title=_("无法打开"))
    try:
        spec = foi_actions.registry.get(action)
    except NotFound as exc:
        return _message(request, exc, app=app)
    try:
        form = spec.form(request.POST, request.FILES, application=app, action=spec.name) if spec.form else None
        inputs = form.inputs() if form is not None else None
        services.application_transition(app, spec.name, actor=request.user, inputs=inputs)
    except DomainError as exc:
        app = selectors.application_reload(app)
        ctx = _detail_context(request, app, error=exc.message)
        return render(request, T + "detail.html", ctx, status=exc.http_status)
    messages.success(request, _("已完成：%(a)s。") % {"a": spec.label})
    return redirect("backoffice:foi_detail", app.pk)
