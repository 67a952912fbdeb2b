"""Back-office pages of the proactive-disclosure catalogue (SPEC M2, M3 — the staff journey).

Items are read through ``gongkai.catalog.selectors`` (an item outside the user's units is a
404) and written through ``gongkai.catalog.services``, which check permissions and statuses;
a ``DomainError`` becomes a Chinese message on the page. No page here can set an item's
status, index number or public copy: only the review's approval publishes (SPEC R3.1).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from gongkai.audit.labels import event_label
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog import forms, importer, permissions, selectors, services
from gongkai.catalog.enums import (
    ConsultationAnswer,
    ConsultationKind,
    ItemAction,
    ItemStatus,
    SourceFormat,
    WithholdGround,
)
from gongkai.catalog.ingest import BadDocument, extract_from_docx, extract_from_html, extract_from_text
from gongkai.catalog.models import InformationItem
from gongkai.catalog.redaction import block_texts
from gongkai.catalog.review_record import ReviewRecord
from gongkai.catalog.review_record import review_record_docx as review_record_docx_bytes
from gongkai.catalog.reviews import CONCLUSIONS, TEMPLATE_KEY
from gongkai.catalog.transitions import EDITABLE
from gongkai.core import clock
from gongkai.core.errors import DomainError
from gongkai.orgs import permissions as org_perms
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import Agency
from gongkai.rules import selectors as rule_selectors
from gongkai.workflow.enums import ReviewAction, ReviewEvent
from gongkai.workflow.selectors import review_for, review_history

T = "backoffice/catalog/"
PAGE_SIZE = 30
SOURCE_SALT = "gongkai.catalog.item-source"
STATUS_BADGE = {
    ItemStatus.DRAFT: "",
    ItemStatus.IN_REVIEW: "warn",
    ItemStatus.RETURNED: "warn",
    ItemStatus.PUBLISHED: "ok",
    ItemStatus.NOT_PUBLIC: "",
    ItemStatus.REJECTED: "err",
    ItemStatus.WITHDRAWN: "err",
}
DECISIONS = (ReviewAction.ADVANCE, ReviewAction.COMPLETE, ReviewAction.RETURN, ReviewAction.REJECT)
CONCLUSION_LABELS = dict(CONCLUSIONS)
EVENT_LABELS = {
    "catalog.item.created": _l("建立草稿"),
    "catalog.item.updated": _l("修改工作稿"),
    "catalog.item.submit": _l("提交审查"),
    "catalog.item.resubmit": _l("重新提交审查"),
    "catalog.item.return": _l("退回修改"),
    "catalog.item.approve_publish": _l("审定公开：生成索引号并发布"),
    "catalog.item.approve_not_public": _l("审定不主动公开"),
    "catalog.item.reject": _l("审查不通过"),
    "catalog.item.correct": _l("更正（新版本）"),
    "catalog.item.withdraw": _l("撤回"),
    "catalog.item.cancel": _l("撤销审查"),
    "catalog.item.reopened": _l("年度自查：转为主动公开"),
    "catalog.redaction.added": _l("标注不予公开的内容"),
    "catalog.redaction.removed": _l("取消不予公开的标注"),
    "catalog.consultation.sent": _l("征求意见"),
    "catalog.consultation.answered": _l("记录征求意见的答复"),
    "catalog.consultation.expired": _l("征求意见逾期未答复"),
    **{f"review.{value}": label for value, label in ReviewEvent.choices},
}


# --- helpers ----------------------------------------------------------------------------------------


def _message(request, title: str, message: str, status: int) -> HttpResponse:
    return render(request, T + "message.html", {"title": title, "message": message}, status=status)


def _denied(request, message: str | None = None) -> HttpResponse:
    return _message(request, _("没有权限"), message or _("您没有执行此操作的权限。"), 403)


def _item_or_404(user, pk: int) -> InformationItem:
    item = selectors.item_list_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404(_("未找到该信息，或您无权查看。"))
    return item


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _dump_source(source_format: str, meta: dict) -> str:
    return signing.dumps({"format": source_format, "meta": meta}, salt=SOURCE_SALT, compress=True)


def _load_source(token: str | None) -> dict:
    """The extraction result carried from step 1 to step 2 (signed: the user cannot forge it)."""
    try:
        data = signing.loads(token or "", salt=SOURCE_SALT)
    except signing.BadSignature:
        return {"format": SourceFormat.FORM, "meta": {}}
    if not isinstance(data, dict) or data.get("format") not in SourceFormat.values:
        return {"format": SourceFormat.FORM, "meta": {}}
    return {"format": data["format"], "meta": data.get("meta") if isinstance(data.get("meta"), dict) else {}}


def _item_initial(item: InformationItem) -> dict:
    return {
        "title": item.title,
        "document_number": item.document_number,
        "produced_on": item.produced_on.isoformat() if item.produced_on else "",
        "keywords": item.keywords,
        "category": item.category_id,
        "five_disclosure": item.five_disclosure,
        "statutory_kind": item.statutory_kind,
        "section": item.section_id,
        "time_limit": item.time_limit,
        "time_limit_end": item.time_limit_end.isoformat() if item.time_limit_end else "",
        "attribute": item.attribute,
        "withhold_grounds": list(item.withhold_grounds),
        "attribute_reason": item.attribute_reason,
        "description": item.description,
        "topics": list(item.topics.values_list("pk", flat=True)),
        "body_html": item.body_html,
    }


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


# --- detail -----------------------------------------------------------------------------------------


def _consultation_rows(item: InformationItem) -> list[dict]:
    today = clock.today()
    rows = []
    consultations = item.consultations.select_related("consulted_agency", "recorded_by", "deadline")
    for c in consultations.order_by("sent_on", "id"):
        overdue = c.answer == ConsultationAnswer.PENDING and c.due_on is not None and today > c.due_on
        if overdue and c.kind == ConsultationKind.PUBLIC:
            state = _("征求意见期满")
        elif overdue and c.kind == ConsultationKind.AGENCY:
            state = _("已逾期未答复，视为同意")
        elif overdue:
            state = _("已逾期未答复")
        else:
            state = c.get_answer_display()
        # A public consultation ends with its period; there is no answer to record.
        pending = c.answer == ConsultationAnswer.PENDING and c.kind != ConsultationKind.PUBLIC
        rows.append({"c": c, "state": state, "overdue": overdue, "pending": pending})
    return rows


def _redaction_rows(item: InformationItem) -> list[dict]:
    texts = block_texts(item.body_html)
    rows = []
    for r in item.redactions.select_related("created_by"):
        where = [i + 1 for i, text in enumerate(texts) if r.passage in text]
        rows.append({"r": r, "paragraphs": where})
    return rows


def _conclusion_of(entries) -> str:
    for entry in reversed(entries):
        if entry.step is not None and entry.step.key == "office" and entry.data.get("conclusion"):
            return CONCLUSION_LABELS.get(entry.data["conclusion"], entry.data["conclusion"])
    return ""


def _history(item: InformationItem) -> list:
    entries = list(review_history(item).filter(review__template_key=TEMPLATE_KEY))
    for entry in entries:
        conclusion = entry.data.get("conclusion") if isinstance(entry.data, dict) else None
        entry.conclusion_label = CONCLUSION_LABELS.get(conclusion, conclusion or "")
    return entries


def _audit_rows(user, item: InformationItem) -> list:
    rows = list(selectors.item_audit_trail(user, item)[:300])
    for row in rows:
        # the item page words its own events more precisely; any other code gets the audit label, never the code
        row.label = EVENT_LABELS.get(row.event) or event_label(row.event)
    return rows


def _detail_context(request, item: InformationItem, **extra) -> dict:
    user = request.user
    review = review_for(item)
    can_edit = permissions.can_edit(user, item)
    can_review = permissions.can_review(user, item)
    moves = catalog_actions.available_names(item, user)
    context = {
        "item": item,
        "badge": STATUS_BADGE.get(item.status, ""),
        "review": review,
        "history": _history(item),
        "versions": list(item.versions.select_related("created_by").order_by("-number")),
        "consultations": _consultation_rows(item),
        "redactions": _redaction_rows(item),
        "audit": _audit_rows(user, item),
        "topics": list(item.topics.all()),
        "can_edit": can_edit and item.status in EDITABLE,
        # The moves the user may start now, from the action specs (catalog/actions.py).
        "can_submit": bool({ItemAction.SUBMIT, ItemAction.RESUBMIT} & set(moves)),
        "can_review": can_review,
        "can_mark": can_review and item.status not in (ItemStatus.WITHDRAWN, ItemStatus.REJECTED),
        "can_correct": ItemAction.CORRECT in moves,
        "can_withdraw": ItemAction.WITHDRAW in moves,
        "item_actions": {spec.name: spec for spec in catalog_actions.registry},
        "meta": item.source_meta or {},
        "is_resubmit": item.status == ItemStatus.RETURNED,
        "attachments": list(item.attachments.all()),
        "can_attach": (item.status in EDITABLE and can_edit)
        or (item.status == ItemStatus.PUBLISHED and permissions.can_correct(user, item)),
    }
    if context["can_submit"] and "submit_form" not in extra:
        extra["submit_form"] = forms.SubmitForm()
    if can_review and "consultation_form" not in extra:
        extra["consultation_form"] = forms.ConsultationForm(
            exclude_agency=item.agency, initial={"sent_on": clock.today().isoformat()}
        )
    if can_review and "answer_form" not in extra:
        extra["answer_form"] = forms.ConsultationAnswerForm(initial={"answered_on": clock.today().isoformat()})
    context.update(extra)
    return context


@login_required
def item_detail(request, pk: int):
    item = _item_or_404(request.user, pk)
    return render(request, T + "item_detail.html", _detail_context(request, item))


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


# --- reviewer tools: redactions -------------------------------------------------------------------


def _marked(text: str, passages: list[str]) -> str:
    html = str(escape(text))
    for passage in sorted(set(passages), key=len, reverse=True):
        needle = str(escape(passage))
        if needle and needle in html:
            html = html.replace(needle, f"<mark>{needle}</mark>")
    return mark_safe(html)  # built from escaped text only


@login_required
def item_redactions(request, pk: int):
    item = _item_or_404(request.user, pk)
    if not permissions.can_review(request.user, item):
        return _denied(request, _("只有保密审查人员或政务公开办可以标注不予公开的内容。"))
    form = forms.RedactionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                redaction = services.redaction_add(
                    actor=request.user,
                    item=item,
                    passage=form.cleaned_data["passage"],
                    ground=form.cleaned_data["ground"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                form.add_error("passage" if "正文" in exc.message else None, exc.message)
                status = exc.http_status
            else:
                messages.success(
                    request, _("已标注不予公开的内容（%(ground)s）。") % {"ground": redaction.get_ground_display()}
                )
                return redirect("backoffice:catalog_item_redactions", pk=item.pk)
    item.refresh_from_db()
    redactions = _redaction_rows(item)
    passages = [row["r"].passage for row in redactions]
    blocks = [
        {
            "n": i + 1,
            "html": _marked(text, [p for p in passages if p in text]),
            "marked": any(p in text for p in passages),
        }
        for i, text in enumerate(block_texts(item.body_html))
    ]
    return render(
        request,
        T + "item_redactions.html",
        {
            "item": item,
            "form": form,
            "blocks": blocks,
            "redactions": redactions,
            "can_remove": item.status != ItemStatus.PUBLISHED,
            "can_mark": item.status not in (ItemStatus.WITHDRAWN, ItemStatus.REJECTED),
        },
        status=status,
    )


@login_required
@require_POST
def redaction_remove(request, pk: int, rid: int):
    item = _item_or_404(request.user, pk)
    redaction = selectors.redaction_get(item, rid)
    if redaction is None:
        raise Http404(_("未找到该标注。"))
    try:
        services.redaction_remove(actor=request.user, redaction=redaction)
    except DomainError as exc:
        if exc.http_status == 403:
            return _denied(request, exc.message)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消该标注。"))
    return redirect("backoffice:catalog_item_redactions", pk=item.pk)


# --- reviewer tools: consultations ------------------------------------------------------------------


@login_required
@require_POST
def consultation_send(request, pk: int):
    item = _item_or_404(request.user, pk)
    if not permissions.can_review(request.user, item):
        return _denied(request, _("只有保密审查人员或政务公开办可以记录征求意见。"))
    form = forms.ConsultationForm(request.POST, exclude_agency=item.agency)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_send(
                actor=request.user,
                item=item,
                kind=data["kind"],
                sent_on=data["sent_on"],
                party_name=data["party_name"] if data["kind"] == ConsultationKind.THIRD_PARTY else "",
                consulted_agency=data["consulted_agency"] if data["kind"] == ConsultationKind.AGENCY else None,
                major_decision=bool(data.get("major_decision")) and data["kind"] == ConsultationKind.PUBLIC,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.http_status
        else:
            messages.success(
                request,
                _("已记录征求意见：%(who)s，答复期限 %(due)s。")
                % {
                    "who": consultation.party_name,
                    "due": consultation.due_on.isoformat() if consultation.due_on else "—",
                },
            )
            return redirect(reverse("backoffice:catalog_item_detail", args=[item.pk]) + "#consultations-h")
    return render(
        request, T + "item_detail.html", _detail_context(request, item, consultation_form=form), status=status
    )


@login_required
@require_POST
def consultation_answer(request, pk: int, cid: int):
    item = _item_or_404(request.user, pk)
    consultation = selectors.consultation_get(item, cid)
    if consultation is None:
        raise Http404(_("未找到该征求意见记录。"))
    if not permissions.can_review(request.user, item):
        return _denied(request, _("只有保密审查人员或政务公开办可以记录答复。"))
    form = forms.ConsultationAnswerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.consultation_answer(
                actor=request.user,
                consultation=consultation,
                answer=form.cleaned_data["answer"],
                answered_on=form.cleaned_data["answered_on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.http_status
        else:
            messages.success(request, _("已记录答复。"))
            return redirect(reverse("backoffice:catalog_item_detail", args=[item.pk]) + "#consultations-h")
    return render(
        request,
        T + "item_detail.html",
        _detail_context(request, item, answer_form=form, answer_for=consultation.pk),
        status=status,
    )


# --- the written review record (R3.4) ---------------------------------------------------------------


def _review_record_context(request, item: InformationItem) -> dict:
    history = _history(item)
    decisions = [e for e in history if e.action in DECISIONS or e.action in ("submit", "resubmit")]
    grounds = [str(WithholdGround(g).label) for g in item.withhold_grounds if g in WithholdGround.values]
    redactions = _redaction_rows(item)
    return {
        "item": item,
        "review": review_for(item),
        "decisions": decisions,
        "conclusion": _conclusion_of(history),
        "grounds": grounds,
        "redaction_grounds": sorted({row["r"].get_ground_display() for row in redactions}),
        "redactions": redactions,
        "consultations": _consultation_rows(item),
        "printed_at": timezone.localtime(),
    }


@login_required
def review_record(request, pk: int):
    item = _item_or_404(request.user, pk)
    return render(request, T + "review_record.html", _review_record_context(request, item))


def _day(value) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


@login_required
def review_record_docx(request, pk: int):
    """The same record as a Word file in the official layout, for the archive."""
    item = _item_or_404(request.user, pk)
    c = _review_record_context(request, item)
    reasons = [*c["grounds"], *([item.attribute_reason] if item.attribute_reason else [])]
    if c["redaction_grounds"]:
        reasons.append(_("部分内容不予公开") + "：" + "、".join(c["redaction_grounds"]))
    result = item.get_status_display() + (f"（{_('索引号')} {item.index_number}）" if item.index_number else "")
    record = ReviewRecord(
        agency=item.agency.name,
        title=item.title,
        fields=[
            (_("信息名称"), item.title),
            (_("文件编号"), item.document_number) if item.document_number else (_("内容摘要"), item.description or "—"),
            (_("发布机构"), item.agency.name + (f" · {item.section.name}" if item.section else "")),
            (_("产生时间"), _day(item.produced_on)),
            (_("拟定公开属性"), item.get_attribute_display()),
            (_("不公开的依据或理由"), "\n".join(reasons) or _("无（全文公开）")),
            (_("保密审查结论"), c["conclusion"] or _("（尚未复核）")),
            (_("审查结果"), result),
        ],
        decisions=[
            (
                e.step.name if e.step else _("提交"),
                e.actor_repr,
                e.get_action_display(),
                "；".join(x for x in (e.conclusion_label, e.comment) if x),
                _day(timezone.localtime(e.created_at)),
            )
            for e in c["decisions"]
        ],
        consultations=[
            (
                row["c"].get_kind_display(),
                row["c"].party_name,
                _day(row["c"].sent_on),
                _day(row["c"].due_on),
                str(row["state"]) + (f"：{row['c'].answer_note}" if row["c"].answer_note else ""),
            )
            for row in c["consultations"]
        ],
        redactions=[
            (
                "、".join(f"第 {n} 段" for n in row["paragraphs"]) or "—",
                row["r"].passage,
                row["r"].get_ground_display() + (f"：{row['r'].note}" if row["r"].note else ""),
                f"{row['r'].created_by}（{_day(timezone.localtime(row['r'].created_at))}）",
            )
            for row in c["redactions"]
        ],
        item_number=item.pk,
        printed_at=c["printed_at"],
    )
    response = HttpResponse(
        review_record_docx_bytes(record),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="review-record-{item.pk}.docx"'
    return response


# --- after publication: correction and withdrawal ---------------------------------------------------


@login_required
def item_correct(request, pk: int):
    item = _item_or_404(request.user, pk)
    spec = catalog_actions.registry.get(ItemAction.CORRECT)
    if not catalog_actions.registry.may(request.user, spec, item):
        return _denied(request, spec.denied_message)
    if item.status not in spec.allowed_from:
        return _message(request, _("不能更正"), _("只有已公开的信息可以更正。"), 409)
    form = forms.CorrectForm(
        request.POST or None, agency=item.agency, item_category=item.category, initial=_item_initial(item)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                corrected = services.item_correct(
                    actor=request.user,
                    item=item,
                    reason=form.cleaned_data["reason"],
                    topics=form.cleaned_data["topics"],
                    **form.service_fields(),
                )
            except DomainError as exc:
                forms.add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已更正并重新公开，当前为第 %(n)d 版；原版本已保留。") % {"n": corrected.version},
                )
                return redirect("backoffice:catalog_item_detail", pk=item.pk)
    return render(
        request,
        T + "item_form.html",
        {
            "form": form,
            "title": _("更正已公开的信息：%(title)s") % {"title": item.title},
            "item": item,
            "correcting": True,
            "next_version": item.version + 1,
        },
        status=status,
    )


@login_required
def item_withdraw(request, pk: int):
    item = _item_or_404(request.user, pk)
    spec = catalog_actions.registry.get(ItemAction.WITHDRAW)
    if not catalog_actions.registry.may(request.user, spec, item):
        return _denied(request, spec.denied_message)
    if item.status not in spec.allowed_from:
        return _message(request, _("不能撤回"), _("只有已公开的信息可以撤回。"), 409)
    form = forms.ReasonForm(
        request.POST or None,
        label=_("撤回理由"),
        help_text=_("经复查发现不应公开的，说明理由。撤回后该信息从门户网站和检索中移除，索引号保留。"),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.item_withdraw(actor=request.user, item=item, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("信息已撤回，不再公开。"))
                return redirect("backoffice:catalog_item_detail", pk=item.pk)
    return render(request, T + "item_withdraw.html", {"form": form, "item": item}, status=status)


# --- yearly self-check (R2.7, R3.6) -----------------------------------------------------------------


@login_required
def self_check(request):
    year = _int(request.GET.get("year")) or clock.today().year
    items = list(selectors.self_check_list_visible_to(request.user, year=year).prefetch_related("redactions"))
    for item in items:
        item.badge = STATUS_BADGE.get(item.status, "")
        item.redaction_grounds = sorted({r.get_ground_display() for r in item.redactions.all()})
        item.may_reopen = item.status in (ItemStatus.NOT_PUBLIC, ItemStatus.WITHDRAWN) and permissions.can_edit(
            request.user, item
        )
    return render(
        request,
        T + "self_check.html",
        {
            "items": items,
            "year": year,
            "years": range(clock.today().year, clock.today().year - 6, -1),
            "late": selectors.late_publication_counts(request.user, year=year),
            "proactive_period": _proactive_period(),
        },
    )


def _proactive_period():
    """The proactive disclosure period (条例 art. 26) from its rule record, for the page's text."""
    return rule_selectors.rule_value_or_none("disclosure.proactive_period")


@login_required
def disclosure_clocks(request):
    """条例 art. 26: per unit, the unpublished items whose disclosure period is overdue or due soon."""
    return render(
        request,
        T + "disclosure_clocks.html",
        {"groups": selectors.disclosure_clock_rows(request.user), "proactive_period": _proactive_period()},
    )


@login_required
@require_POST
def item_reopen(request, pk: int):
    item = _item_or_404(request.user, pk)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请说明不予公开的理由已经消失的情况。"))
        return redirect("backoffice:catalog_self_check")
    try:
        services.item_reopen(actor=request.user, item=item, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        if exc.http_status == 403:
            return _denied(request, exc.message)
        messages.error(request, exc.message)
        return redirect("backoffice:catalog_self_check")
    messages.success(request, _("已转为主动公开并提交审查。"))
    return redirect("backoffice:catalog_item_detail", pk=item.pk)


# --- configuration: categories and topics (system administrators) -----------------------------------


def _sysadmin_only(request, message: str) -> HttpResponse | None:
    if not services.can_maintain_taxonomy(request.user):
        return _denied(request, message)
    return None


@login_required
def category_list(request):
    if denied := _sysadmin_only(request, _(services.CATEGORY_ADMIN_ONLY)):
        return denied
    categories = services.categories_in_order()
    return render(request, T + "category_list.html", {"categories": categories})


@login_required
def category_form(request, pk: int | None = None):
    if denied := _sysadmin_only(request, _(services.CATEGORY_ADMIN_ONLY)):
        return denied
    category = None
    initial = {}
    if pk is not None:
        category = services.category_or_none(pk)
        if category is None:
            raise Http404(_("未找到该分类。"))
        initial = {"name": category.name, "description": category.description}
    form = forms.CategoryForm(request.POST or None, initial=initial, editing=category is not None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if category is None:
                    services.category_create(actor=request.user, **form.cleaned_data)
                else:
                    services.category_update(actor=request.user, category=category, **form.cleaned_data)
            except DomainError as exc:
                forms.add_service_errors(form, exc)
            else:
                messages.success(request, _("信息分类已保存。"))
                return redirect("backoffice:catalog_category_list")
    title = _("新建信息分类") if category is None else _("编辑信息分类：%(name)s") % {"name": category.name}
    return render(
        request,
        T + "simple_form.html",
        {"form": form, "title": title, "back": reverse("backoffice:catalog_category_list")},
        status=status,
    )


@login_required
@require_POST
def category_action(request, pk: int):
    category = services.category_or_none(pk)
    if category is None:
        raise Http404(_("未找到该分类。"))
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            services.category_move(actor=request.user, category=category, direction=action)
        elif action in ("activate", "deactivate"):
            services.category_set_active(actor=request.user, category=category, active=action == "activate")
        else:
            messages.error(request, _("未知的操作。"))
            return redirect("backoffice:catalog_category_list")
    except DomainError as exc:
        if exc.http_status == 403:
            return _denied(request, exc.message)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已更新信息分类“%(name)s”。") % {"name": category.name})
    return redirect("backoffice:catalog_category_list")


@login_required
def topic_list(request):
    if denied := _sysadmin_only(request, _(services.TOPIC_ADMIN_ONLY)):
        return denied
    topics = services.topics_for_staff()
    return render(request, T + "topic_list.html", {"topics": topics})


@login_required
def topic_form(request, pk: int | None = None):
    if denied := _sysadmin_only(request, _(services.TOPIC_ADMIN_ONLY)):
        return denied
    topic = None
    initial = {}
    if pk is not None:
        topic = services.topic_or_none(pk)
        if topic is None:
            raise Http404(_("未找到该专题。"))
        initial = {"name": topic.name, "description": topic.description}
    form = forms.TopicForm(request.POST or None, initial=initial, editing=topic is not None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if topic is None:
                    services.topic_create(actor=request.user, **form.cleaned_data)
                else:
                    services.topic_update(actor=request.user, topic=topic, **form.cleaned_data)
            except DomainError as exc:
                forms.add_service_errors(form, exc)
            else:
                messages.success(request, _("专题已保存。"))
                return redirect("backoffice:catalog_topic_list")
    title = _("新建专题") if topic is None else _("编辑专题：%(name)s") % {"name": topic.name}
    return render(
        request,
        T + "simple_form.html",
        {"form": form, "title": title, "back": reverse("backoffice:catalog_topic_list")},
        status=status,
    )


@login_required
@require_POST
def topic_set_active(request, pk: int):
    topic = services.topic_or_none(pk)
    if topic is None:
        raise Http404(_("未找到该专题。"))
    active = request.POST.get("active") == "1"
    try:
        services.topic_set_active(actor=request.user, topic=topic, active=active)
    except DomainError as exc:
        if exc.http_status == 403:
            return _denied(request, exc.message)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("专题已启用。") if active else _("专题已停用。"))
    return redirect("backoffice:catalog_topic_list")


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
