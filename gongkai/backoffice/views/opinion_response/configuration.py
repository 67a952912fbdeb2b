"""Configuration: routing rules and webhooks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound, PermissionDenied
from gongkai.opinion.nlp.categories import LABELS as CATEGORY_LABELS
from gongkai.opinion.response import (
    permissions,
    selectors,
    services,
    webhooks,
)
from gongkai.opinion.response.enums import (
    DeliveryStatus,
)
from gongkai.opinion.response.forms import (
    RoutingRuleForm,
    WebhookForm,
)
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors

from .common import T, _category_choices, _message

# --- Routing rules ---------------------------------------------------------------------------------------------


def _rule_regions(user):
    regions = org_selectors.region_list()
    if org_permissions.is_system_admin(user):
        return regions
    return org_selectors.region_list_by_ids([r.pk for r in regions if permissions.can_edit_routing_rules(user, r)])


@login_required
def routing_rules(request):
    regions = _rule_regions(request.user)
    agencies = selectors.routing_target_agencies()
    form = RoutingRuleForm(request.POST or None, regions=regions, agencies=agencies, categories=_category_choices())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.routing_rule_create(actor=request.user, **d)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已添加交办规则。"))
            return redirect("backoffice:opinion_response_rules")
    rules = selectors.routing_rule_list()
    return render(
        request,
        T + "rules.html",
        {"rules": rules, "form": form, "can_edit": regions.exists(), "categories": CATEGORY_LABELS},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def routing_rule_toggle(request, pk: int):
    rule = selectors.routing_rule_get(pk)
    if rule is None:
        return _message(request, NotFound(_("未找到该规则。")))
    try:
        services.routing_rule_update(actor=request.user, rule=rule, is_active=not rule.is_active)
    except DomainError as exc:
        return _message(request, exc)
    return redirect("backoffice:opinion_response_rules")


@login_required
@require_POST
def routing_rule_delete(request, pk: int):
    rule = selectors.routing_rule_get(pk)
    if rule is None:
        return _message(request, NotFound(_("未找到该规则。")))
    try:
        services.routing_rule_delete(actor=request.user, rule=rule)
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已删除。"))
    return redirect("backoffice:opinion_response_rules")


# --- Webhook ---------------------------------------------------------------------------------------------------


@login_required
def webhook_list(request):
    if not org_permissions.is_system_admin(request.user):
        return _message(request, PermissionDenied(_("只有系统管理员可以管理预警推送。")), title=_("没有权限"))
    form = WebhookForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.webhook_endpoint_save(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已添加推送地址。"))
            return redirect("backoffice:opinion_response_webhooks")
    status = request.GET.get("status") if request.GET.get("status") in DeliveryStatus.values else ""
    deliveries = selectors.webhook_delivery_list(status=status)
    return render(
        request,
        T + "webhooks.html",
        {
            "endpoints": selectors.webhook_endpoint_list(),
            "deliveries": deliveries[:100],
            "form": form,
            "status": status,
            "statuses": DeliveryStatus.choices,
        },
    )


@login_required
@require_POST
def webhook_retry(request, pk: int):
    try:
        webhooks.webhook_retry(actor=request.user, delivery_id=pk)
    except DomainError as exc:
        return _message(request, exc)
    messages.success(request, _("已重新排队推送。"))
    return redirect("backoffice:opinion_response_webhooks")


@login_required
@require_POST
def webhook_toggle(request, pk: int):
    endpoint = selectors.webhook_endpoint_get(pk)
    if endpoint is None:
        return _message(request, NotFound(_("未找到该推送地址。")))
    try:
        webhooks.webhook_endpoint_save(
            actor=request.user,
            endpoint=endpoint,
            name=endpoint.name,
            url=endpoint.url,
            is_active=not endpoint.is_active,
            region=endpoint.region,
        )
    except DomainError as exc:
        return _message(request, exc)
    return redirect("backoffice:opinion_response_webhooks")
