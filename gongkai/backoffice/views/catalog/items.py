"""Items: the list, creating (from a Word, HTML or text file), editing, submitting, versions and
attachments.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import forms, permissions, selectors, services
from gongkai.catalog.enums import (
    ItemStatus,
    SourceFormat,
)
from gongkai.catalog.ingest import BadDocument, extract_from_docx, extract_from_html, extract_from_text
from gongkai.catalog.transitions import EDITABLE
from gongkai.core.errors import DomainError
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Agency

from .common import (
    PAGE_SIZE,
    STATUS_BADGE,
    T,
    _denied,
    _dump_source,
    _int,
    _item_initial,
    _item_or_404,
    _load_source,
    _message,
)
from .detail import _detail_context

# --- list -------------------------------------------------------------------------------------------


@login_required
def item_list(request):
    qs = selectors.item_list_visible_to(request.user)
    status = request.GET.get("status") if request.GET.get("status") in ItemStatus.values else ""
    agency_id = _int(request.GET.get("agency"))
    q = (request.GET.get("q") or "").strip()[:100]
    if status:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if q:
        qs = qs.filter(title__icontains=q)
    agencies = org_selectors.agency_list_by_name_visible_to(request.user)
    page = Paginator(qs.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.badge = STATUS_BADGE.get(item.status, "")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        T + "item_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ItemStatus.choices,
            "agency_id": agency_id,
            "agencies": agencies,
            "q": q,
            "query": params.urlencode(),
            "can_create": selectors.agencies_authorable_by(request.user).exists(),
        },
    )


# --- create -----------------------------------------------------------------------------------------


def _extract(cleaned: dict) -> tuple[dict, str, dict]:
    """Run the ingestion step on the upload or the pasted content; return (form initial, source format, meta)."""
    agency: Agency = cleaned["agency"]
    mode = cleaned["mode"]
    initial: dict = {"agency": agency.pk}
    if mode == "blank":
        return initial, SourceFormat.FORM, {}
    options: dict = {"gazetteer": [agency.name, agency.region.name]}
    limit = services.keyword_limit(agency)
    if limit is not None:  # no rule where the agency is: the extractor keeps its own length
        options["keyword_max_chars"] = limit
    if mode == "docx":
        upload = cleaned["file"]
        doc = extract_from_docx(upload.read(), **options)
    elif mode == "html":
        doc = extract_from_html(cleaned["pasted"], **options)
    else:
        doc = extract_from_text(cleaned["pasted"], **options)
    initial.update(
        {
            "title": doc.title or "",
            "document_number": doc.document_number or "",
            "produced_on": doc.signing_date.isoformat() if doc.signing_date else "",
            "keywords": " ".join(doc.keywords),
            "body_html": doc.body_html,
        }
    )
    warnings = list(doc.warnings)
    if doc.issuing_agency and doc.issuing_agency != agency.name:
        warnings.append(
            _("文档的发文机关为“%(doc)s”，与所选发布机构“%(agency)s”不同，请核对。")
            % {"doc": doc.issuing_agency, "agency": agency.name}
        )
    meta = {
        "filename": cleaned["file"].name if mode == "docx" else "",
        "issuing_agency": doc.issuing_agency or "",
        "co_issuing_agencies": list(doc.co_issuing_agencies),
        "date_source": doc.date_source or "",
        "attachments": list(doc.attachments),
        "source_index_number": doc.source_index_number or "",
        "converted_from_traditional": doc.converted_from_traditional,
        "warnings": warnings,
    }
    return initial, doc.source_format, meta


DATE_SOURCES = {
    "signature": _("落款日期"),
    "header": _("网页信息栏的发文日期"),
    "print": _("印发日期"),
}


def _item_form_page(request, form, source: dict, *, status: int = 200) -> HttpResponse:
    meta = source.get("meta") or {}
    return render(
        request,
        T + "item_form.html",
        {
            "form": form,
            "title": _("新建政府信息"),
            "source_token": _dump_source(source["format"], meta),
            "source_format_label": SourceFormat(source["format"]).label,
            "meta": meta,
            "date_source_label": DATE_SOURCES.get(meta.get("date_source") or "", ""),
            "creating": True,
        },
        status=status,
    )


@login_required
def item_create(request):
    agencies = selectors.agencies_authorable_by(request.user)
    if not agencies.exists():
        return _denied(request, _("只有本单位的下级用户、科室负责人或编制单位管理员可以录入政府信息。"))
    stage = request.POST.get("stage") if request.method == "POST" else None
    if stage == "save":
        source = _load_source(request.POST.get("source"))
        form = forms.ItemForm(request.POST, agencies=agencies)
        if form.is_valid():
            try:
                item = services.item_create(
                    actor=request.user,
                    agency=form.cleaned_data["agency"],
                    source_format=source["format"],
                    source_meta=source["meta"],
                    topics=form.cleaned_data["topics"],
                    **form.service_fields(),
                )
            except DomainError as exc:
                forms.add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存草稿“%(title)s”。核对无误后请提交审查。") % {"title": item.title})
                return redirect("backoffice:catalog_item_detail", pk=item.pk)
        return _item_form_page(request, form, source, status=400)
    if stage == "extract":
        source_form = forms.SourceForm(request.POST, request.FILES, agencies=agencies)
        if source_form.is_valid():
            try:
                initial, source_format, meta = _extract(source_form.cleaned_data)
            except BadDocument as exc:
                source_form.add_error("file" if source_form.cleaned_data["mode"] == "docx" else "pasted", exc.message)
            else:
                form = forms.ItemForm(initial=initial, agencies=agencies)
                return _item_form_page(request, form, {"format": source_format, "meta": meta})
        return render(request, T + "item_source.html", {"form": source_form}, status=400)
    return render(request, T + "item_source.html", {"form": forms.SourceForm(agencies=agencies)})


# --- edit and submit --------------------------------------------------------------------------------


@login_required
def item_edit(request, pk: int):
    item = _item_or_404(request.user, pk)
    if not permissions.can_edit(request.user, item):
        return _denied(request, _("只有录入人、本单位科室负责人或编制单位管理员可以修改这条信息。"))
    if item.status not in EDITABLE:
        return _message(
            request,
            _("不能修改"),
            _("信息当前状态为“%(status)s”，不能修改工作稿。已公开的信息由编制单位管理员更正。")
            % {"status": item.get_status_display()},
            409,
        )
    form = forms.ItemForm(
        request.POST or None, agency=item.agency, item_category=item.category, initial=_item_initial(item)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.item_update(
                    actor=request.user, item=item, topics=form.cleaned_data["topics"], **form.service_fields()
                )
            except DomainError as exc:
                forms.add_service_errors(form, exc)
            else:
                messages.success(request, _("工作稿已保存。"))
                return redirect("backoffice:catalog_item_detail", pk=item.pk)
    return render(
        request,
        T + "item_form.html",
        {"form": form, "title": _("修改：%(title)s") % {"title": item.title}, "item": item},
        status=status,
    )


@login_required
@require_POST
def item_submit(request, pk: int):
    item = _item_or_404(request.user, pk)
    form = forms.SubmitForm(request.POST)
    if not form.is_valid():
        return render(request, T + "item_detail.html", _detail_context(request, item, submit_form=form), status=400)
    try:
        services.item_submit(actor=request.user, item=item, comment=form.cleaned_data["comment"])
    except DomainError as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {}
        status = exc.http_status
        item.refresh_from_db()
        context = _detail_context(request, item, submit_error=exc.message, submit_detail=list(detail.values()))
        return render(request, T + "item_detail.html", context, status=status)
    messages.success(request, _("已提交审查：科室 → 政务公开办复核 → 分管负责同志审批。"))
    return redirect("backoffice:catalog_item_detail", pk=item.pk)


# --- versions ---------------------------------------------------------------------------------------


@login_required
def item_version(request, pk: int, number: int):
    item = _item_or_404(request.user, pk)
    version = item.versions.select_related("created_by").filter(number=number).first()
    if version is None:
        raise Http404(_("未找到该版本。"))
    snapshot = version.snapshot or {}
    return render(
        request,
        T + "item_version.html",
        {
            "item": item,
            "version": version,
            "snapshot": snapshot,
            "meta": snapshot.get("meta") or {},
            # Our own cleaned HTML (rendered from escaped text by the ingestion renderer).
            "body": mark_safe(snapshot.get("body_html") or ""),
        },
    )


@login_required
@require_POST
def attachment_add(request, pk: int):
    item = _item_or_404(request.user, pk)
    upload = request.FILES.get("file")
    error, status = None, 400
    if upload is None:
        error = _("请选择要上传的文件。")
    elif upload.size > services._attachment_max_bytes():
        error = _("附件不能超过 %(mb)s MB。") % {"mb": services._attachment_max_bytes() // (1024 * 1024)}
    else:
        try:
            services.attachment_add(
                actor=request.user,
                item=item,
                filename=upload.name,
                content=upload.read(),
                name=request.POST.get("name", ""),
                is_public=request.POST.get("is_public") == "on",
            )
        except DomainError as exc:
            error = exc.message
            status = exc.http_status
        else:
            messages.success(request, _("附件已上传。"))
            return redirect(reverse("backoffice:catalog_item_detail", args=[item.pk]) + "#attachments-h")
    return render(
        request,
        T + "item_detail.html",
        _detail_context(request, item, attachment_error=error),
        status=status,
    )


@login_required
@require_POST
def attachment_remove(request, pk: int, aid: int):
    item = _item_or_404(request.user, pk)
    attachment = item.attachments.filter(pk=aid).first()
    if attachment is None:
        raise Http404(_("未找到该附件。"))
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except DomainError as exc:
        return _message(request, _("不能删除附件"), exc.message, exc.http_status)
    messages.success(request, _("附件已删除。"))
    return redirect(reverse("backoffice:catalog_item_detail", args=[item.pk]) + "#attachments-h")
