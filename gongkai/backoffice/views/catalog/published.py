"""After publication: correction and withdrawal; the yearly self-check (R2.7, R3.6), the disclosure
clocks and reopening an item.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import actions as catalog_actions
from gongkai.catalog import forms, permissions, selectors, services
from gongkai.catalog.enums import (
    ItemAction,
    ItemStatus,
)
from gongkai.core import clock
from gongkai.core.errors import DomainError
from gongkai.rules import selectors as rule_selectors

from .common import STATUS_BADGE, T, _denied, _int, _item_initial, _item_or_404, _message

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
