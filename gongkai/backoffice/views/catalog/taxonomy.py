"""Configuration: categories and topics (system administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import forms, services
from gongkai.core.errors import DomainError

from .common import T, _denied

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
