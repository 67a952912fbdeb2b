"""Reviewer tools: redactions, consultations and the written review record (R3.4) with its Word copy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import forms, permissions, selectors, services
from gongkai.catalog.enums import (
    ConsultationKind,
    ItemStatus,
    WithholdGround,
)
from gongkai.catalog.models import InformationItem
from gongkai.catalog.redaction import block_texts
from gongkai.catalog.review_record import ReviewRecord
from gongkai.catalog.review_record import review_record_docx as review_record_docx_bytes
from gongkai.core.errors import DomainError
from gongkai.workflow.selectors import review_for

from .common import DECISIONS, T, _denied, _item_or_404
from .detail import _conclusion_of, _consultation_rows, _detail_context, _history, _redaction_rows

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
