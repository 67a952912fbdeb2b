"""The agency's letter settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.foi import selectors, services
from gongkai.orgs import selectors as org_selectors

from .common import T, _message

# --- Agency letter settings --------------------------------------------------------------------------------------


@login_required
def agency_profile(request, agency_id: int):
    agency = org_selectors.agency_get(agency_id)
    if agency is None:
        raise Http404
    from gongkai.orgs import permissions as org_permissions

    if not (
        org_permissions.is_system_admin(request.user) or org_permissions.has_role(request.user, "unit_admin", agency)
    ):
        return _message(
            request, services.PermissionDenied(_("只有本单位管理员可以修改告知书设置。")), title=_("没有权限")
        )
    profile = selectors.agency_profile_for(agency)
    error = None
    if request.method == "POST":
        p = request.POST
        try:
            services.agency_profile_save(
                actor=request.user,
                agency=agency,
                letter_prefix=p.get("letter_prefix", ""),
                letter_word=p.get("letter_word", ""),
                office_name=p.get("office_name", ""),
                office_address=p.get("office_address", ""),
                office_phone=p.get("office_phone", ""),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已保存告知书设置。"))
            return redirect(reverse("backoffice:foi_profile", args=[agency.pk]))
    return render(
        request,
        T + "profile.html",
        {"agency": agency, "profile": profile, "error": error},
        status=422 if error else 200,
    )
