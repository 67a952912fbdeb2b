"""Disclosure guides (R2.8)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.catalog import forms, permissions, selectors, services
from gongkai.core.errors import DomainError
from gongkai.orgs import permissions as org_perms
from gongkai.orgs import selectors as org_selectors

from .common import T, _denied

# --- disclosure guides (R2.8) -----------------------------------------------------------------------


@login_required
def guide_list(request):
    agencies = selectors.agencies_with_guide_editable_by(request.user)
    guides = selectors.guides_by_agency(agencies)
    rows = [(agency, guides.get(agency.pk)) for agency in agencies]
    return render(request, T + "guide_list.html", {"rows": rows})


@login_required
def guide_edit(request, agency_id: int):
    visible = org_perms.visible_agency_ids(request.user)
    agency = org_selectors.agency_get(agency_id)
    if agency is None or (visible is not None and agency.pk not in visible):
        raise Http404(_("未找到该机构。"))
    if not permissions.can_edit_guide(request.user, agency):
        return _denied(request, _("只有本单位的编制单位管理员或政务公开办可以编辑公开指南。"))
    guide = selectors.guide_for(agency.pk)
    initial = {name: getattr(guide, name) for name in services.GUIDE_FIELDS} if guide else {}
    form = forms.GuideForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.guide_save(actor=request.user, agency=agency, **form.cleaned_data)
            except DomainError as exc:
                forms.add_service_errors(form, exc)
            else:
                messages.success(request, _("公开指南已保存。"))
                return redirect("backoffice:catalog_guide_list")
    categories = selectors.category_list()
    return render(
        request,
        T + "guide_form.html",
        {"form": form, "agency": agency, "guide": guide, "categories": categories},
        status=status,
    )
