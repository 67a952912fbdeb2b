"""Back-office pages of the audit log: list with filters, one event, chain verification."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.audit import selectors
from gongkai.audit.chain import verify_chain
from gongkai.audit.services import audit_log
from gongkai.core.errors import DomainError
from gongkai.orgs import permissions

from .workflow import render_error

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label=gettext_lazy("事件"), required=False)
    actor = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=100)
    target_type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("请输入有效的日期，例如 2026-01-31。")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("请输入有效的日期，例如 2026-01-31。")},
    )

    def __init__(self, *args, events: list[str], target_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("全部"))] + [(e, e) for e in events]
        self.fields["target_type"].choices = [("", _("全部"))] + [(t, _model_label(t)) for t in target_types]
        for name in ("event", "target_type"):
            self.fields[name].error_messages["invalid_choice"] = _("请选择列表中的选项。")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return cleaned


def _model(target_type: str):
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _model_label(target_type: str) -> str:
    model = _model(target_type)
    return f"{model._meta.verbose_name}（{target_type}）" if model else target_type


def _field_label(model, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def _decorate(event) -> None:
    """Attach ``changes`` (field, old, new) rows and ``extra`` (key, value) rows to an event."""
    data = event.data if isinstance(event.data, dict) else {"data": event.data}
    old = data.get("old") if isinstance(data.get("old"), dict) else {}
    new = data.get("new") if isinstance(data.get("new"), dict) else {}
    model = _model(event.target_type) if event.target_type else None
    keys = list(dict.fromkeys([*old.keys(), *new.keys()]))
    event.changes = [(_field_label(model, k), _show(old.get(k)), _show(new.get(k))) for k in keys]
    event.extra = [(k, _show(v)) for k, v in data.items() if k not in ("old", "new")]
    event.target_label = _model_label(event.target_type) if event.target_type else ""


@login_required
def audit_list(request):
    user = request.user
    form = AuditFilterForm(
        request.GET or None,
        events=selectors.audit_event_names_visible_to(user),
        target_types=selectors.audit_target_types_visible_to(user),
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    elif form.is_bound:
        # Apply the fields that are valid; the invalid ones are shown with their errors.
        filters = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    qs = selectors.audit_event_list_visible_to(user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        _decorate(event)
    return render(
        request,
        "backoffice/audit/list.html",
        {"form": form, "page": page, "is_sysadmin": permissions.is_system_admin(user)},
    )


@login_required
def audit_detail(request, pk: int):
    try:
        event = selectors.audit_event_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render_error(request, exc)
    _decorate(event)
    return render(request, "backoffice/audit/detail.html", {"event": event})


@login_required
def audit_verify(request):
    try:
        permissions.require_system_admin(request.user)
    except DomainError as exc:
        return render_error(request, exc)
    result = None
    if request.method == "POST":
        result = verify_chain()
        audit_log(
            actor=request.user,
            event="audit.verified",
            data={"ok": result.ok, "checked": result.checked, "broken_seq": result.broken_seq, "reason": result.reason},
        )
    broken = None
    if result is not None and not result.ok and result.broken_seq is not None:
        broken = selectors.audit_event_list_visible_to(request.user).filter(seq=result.broken_seq).first()
    return render(request, "backoffice/audit/verify.html", {"result": result, "broken": broken})
