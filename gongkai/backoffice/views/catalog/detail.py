"""An item's detail page: its consultations, redactions, review history and audit trail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.audit.labels import event_label
from gongkai.catalog import actions as catalog_actions
from gongkai.catalog import forms, permissions, selectors
from gongkai.catalog.enums import (
    ConsultationAnswer,
    ConsultationKind,
    ItemAction,
    ItemStatus,
)
from gongkai.catalog.models import InformationItem
from gongkai.catalog.redaction import block_texts
from gongkai.catalog.reviews import TEMPLATE_KEY
from gongkai.catalog.transitions import EDITABLE
from gongkai.core import clock
from gongkai.workflow.selectors import review_for, review_history

from .common import CONCLUSION_LABELS, EVENT_LABELS, STATUS_BADGE, T, _item_or_404

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
