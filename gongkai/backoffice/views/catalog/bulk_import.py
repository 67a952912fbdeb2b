"""Bulk import of drafts from a spreadsheet, and its template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.catalog import forms, importer, selectors, services
from gongkai.core.errors import DomainError

from .common import T, _denied

# --- bulk import (drafts only) ----------------------------------------------------------------------


@login_required
def item_import(request):
    agencies = selectors.agencies_importable_by(request.user)
    if not agencies.exists():
        return _denied(request, _("只有系统管理员或编制单位管理员可以批量导入信息。"))
    form = forms.ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    context = {
        "form": form,
        "columns": importer.COLUMNS,
        "forbidden": importer.FORBIDDEN_COLUMNS,
        "max_rows": importer.max_rows(),
        "max_mb": importer.max_bytes() / 1048576,
    }
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            agency = form.cleaned_data["agency"]
            if upload.size > importer.max_bytes():
                form.add_error("file", _("文件过大，上限为 %(mb).1f MB。") % {"mb": importer.max_bytes() / 1048576})
            else:
                try:
                    summary = services.item_import(
                        actor=request.user, agency=agency, data=upload.read(), filename=upload.name
                    )
                except importer.ImportFailed as exc:
                    return render(
                        request,
                        T + "import_result.html",
                        {**context, "failed": exc, "filename": upload.name, "agency": agency},
                        status=422,
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    items = selectors.items_by_ids(summary.item_ids)
                    return render(
                        request,
                        T + "import_result.html",
                        {**context, "summary": summary, "items": items, "filename": upload.name, "agency": agency},
                    )
        return render(request, T + "import.html", context, status=400)
    return render(request, T + "import.html", context)


@login_required
def import_template(request):
    if not selectors.agencies_importable_by(request.user).exists():
        return _denied(request, _("只有系统管理员或编制单位管理员可以批量导入信息。"))
    response = HttpResponse(
        importer.build_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"catalog-import-template.xlsx\"; filename*=UTF-8''"
        "%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
