"""The application list and the registration of an application received on paper, by post or at the counter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core import clock
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.foi import permissions, selectors, services
from gongkai.foi.enums import (
    Channel,
    Status,
)
from gongkai.foi.forms import StaffApplicationForm
from gongkai.orgs import selectors as org_selectors

from .common import PAGE_SIZE, T, _handling_agencies, _message

# --- Lists -----------------------------------------------------------------------------------------------


@login_required
def application_list(request):
    status = request.GET.get("status") if request.GET.get("status") in Status.values else ""
    state = request.GET.get("state") if request.GET.get("state") in ("open", "due_soon", "overdue") else ""
    try:
        agency_id = int(request.GET.get("agency") or 0) or None
    except ValueError:
        agency_id = None
    q = (request.GET.get("q") or "").strip()[:100]
    if state == "due_soon":
        apps = selectors.application_list_due_soon(request.user, agency_id=agency_id)
    elif state == "overdue":
        apps = selectors.application_list_overdue(request.user, agency_id=agency_id)
    else:
        apps = list(
            selectors.application_list_visible_to(
                request.user, status=status or None, agency_id=agency_id, q=q, open_only=state == "open"
            )[:PAGE_SIZE]
        )
    now = clock.now()
    rows = [{"app": a, "clock": selectors.clock_view(a, now)} for a in apps]
    visible = selectors.application_list_visible_to(request.user)
    agencies = org_selectors.agency_list_by_ids(visible.values("agency_id"))
    return render(
        request,
        T + "list.html",
        {
            "rows": rows,
            "status": status,
            "state": state,
            "q": q,
            "agency_id": agency_id,
            "agencies": agencies,
            "statuses": Status.choices,
            "can_register": bool(permissions.handling_agency_ids(request.user)),
            "limit": PAGE_SIZE,
        },
    )


# --- Registration ------------------------------------------------------------------------------------------


@login_required
def application_register(request):
    agencies = _handling_agencies(request.user)
    if not agencies:
        return _message(request, services.PermissionDenied(_("您无权登记政府信息公开申请。")), title=_("没有权限"))
    initial = {"submitted_on": clock.today(), "channel": Channel.IN_PERSON, "agency": agencies.first()}
    form = StaffApplicationForm(request.POST or None, request.FILES or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            app, code = services.application_register(
                actor=request.user,
                agency=d["agency"],
                channel=d["channel"],
                data=form.to_input(),
                submitted_on=d["submitted_on"],
                signed_for_on=d.get("signed_for_on"),
                confirmed_on=d.get("confirmed_on"),
                receipt_note=d.get("receipt_note", ""),
            )
        except ValidationFailed as exc:
            form.apply_errors(exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[f"foi_code_{app.pk}"] = code
            messages.success(request, _("已登记申请 %(n)s。") % {"n": app.tracking_number})
            return redirect("backoffice:foi_detail", app.pk)
    return render(request, T + "register.html", {"form": form}, status=422 if form.errors else 200)
