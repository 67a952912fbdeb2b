"""Back-office pages of the audit log: list with filters, one event, chain verification."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.audit import checkpoints, labels, selectors
from gongkai.audit.events import AuditLogEvent
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
        self.fields["event"].choices = [("", _("全部"))] + [(e, labels.event_label(e)) for e in events]
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
    """The model's Chinese name; never the raw ``app.model`` code."""
    model = _model(target_type)
    return str(model._meta.verbose_name) if model else _("其他对象")


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_label(model, name: str) -> str:
    field = _field(model, name)
    if field is None:
        return labels.data_key_label(name)
    if field.is_relation and field.auto_created and not field.concrete:
        # A reverse relation (``items`` of an application) has no verbose_name of its own.
        return str(field.related_model._meta.verbose_name_plural)
    return str(getattr(field, "verbose_name", name))


def _local_time(value: str) -> str | None:
    """An ISO date-time written by ``audit_log`` (UTC) shown in local time, or None."""
    if len(value) < 16 or value[4:5] != "-" or "T" not in value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        return None
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _show(value: Any, field=None) -> str:
    if value is None:
        return "—"
    choices = dict(field.flatchoices) if field is not None and getattr(field, "choices", None) else None
    if choices and isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict) and set(value) == {"id", "repr"}:
        return str(value["repr"])
    if isinstance(value, dict):
        return "；".join(f"{labels.data_key_label(str(k))}：{_show(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return "、".join(_show(v, field) for v in value) or "—"
    if isinstance(value, str):
        local = _local_time(value)
        if local is not None:
            return local
    return str(value)


def _decorate(event) -> None:
    """Attach ``changes`` (field, old, new) rows, ``extra`` (key, value) rows and Chinese labels."""
    data = event.data if isinstance(event.data, dict) else {"data": event.data}
    old = data.get("old") if isinstance(data.get("old"), dict) else {}
    new = data.get("new") if isinstance(data.get("new"), dict) else {}
    # The fields the data describes: the target's, unless the event's app registered another model
    # (a review's status and step are logged on the reviewed object).
    described = labels.data_model_for(event.event) or event.target_type
    model = _model(described) if described else None
    keys = list(dict.fromkeys([*old.keys(), *new.keys()]))
    event.changes = []
    for key in keys:
        field = _field(model, key)
        event.changes.append((_field_label(model, key), _show(old.get(key), field), _show(new.get(key), field)))
    event.extra = [
        (_field_label(model, k), _show(v, _field(model, k))) for k, v in data.items() if k not in ("old", "new")
    ]
    event.target_label = _model_label(event.target_type) if event.target_type else ""
    event.event_label = labels.event_label(event.event)


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
        permissions.require(
            permissions.allowed_anywhere(request.user, "audit.log", "verify"), "只有系统管理员可以校验审计链。"
        )
    except DomainError as exc:
        return render_error(request, exc)
    result = None
    if request.method == "POST":
        result = checkpoints.verify_all()
        audit_log(
            actor=request.user,
            event=AuditLogEvent.VERIFIED,
            data={"ok": result.ok, "checked": result.checked, "broken_seq": result.broken_seq, "reason": result.reason},
        )
        if result.ok:
            # Anchor the head just verified (and the event recording the verification).
            checkpoints.checkpoint_write()
    broken = None
    if result is not None and not result.ok and result.broken_seq is not None:
        broken = selectors.audit_event_list_visible_to(request.user).filter(seq=result.broken_seq).first()
    return render(request, "backoffice/audit/verify.html", {"result": result, "broken": broken})
