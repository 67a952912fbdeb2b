"""Back-office pages of notifications: one's in-app messages, and the e-mail outbox
for system administrators (status, attempts, last error, retry)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError
from gongkai.notifications import selectors, services
from gongkai.notifications.enums import Status
from gongkai.orgs import permissions

from .workflow import render_error

PAGE_SIZE = 30


def _safe_link(request, link: str) -> str | None:
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return None


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notification_list_for(request.user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/notifications/list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread_count": selectors.unread_count_for(request.user),
            "is_sysadmin": permissions.is_system_admin(request.user),
        },
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read; with ``open=1`` continue to its link."""
    try:
        row = services.notification_mark_read(actor=request.user, notification_id=pk)
    except DomainError as exc:
        return render_error(request, exc)
    if request.POST.get("open") == "1":
        target = _safe_link(request, row.link)
        if target:
            return redirect(target)
    messages.success(request, _("已标为已读。"))
    return redirect("backoffice:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
    return redirect("backoffice:notification_list")


@login_required
def notification_outbox(request):
    try:
        permissions.require_system_admin(request.user)
    except DomainError as exc:
        return render_error(request, exc)
    status = request.GET.get("status") if request.GET.get("status") in Status.values else ""
    qs = selectors.outbox_list_visible_to(request.user, status=status or None).order_by("-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {value: selectors.outbox_list_visible_to(request.user, status=value).count() for value in Status.values}
    return render(
        request,
        "backoffice/notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in Status.choices],
            "retryable": (Status.FAILED, Status.SKIPPED),
        },
    )


@login_required
@require_POST
def notification_retry(request, pk: int):
    try:
        services.notification_retry(actor=request.user, notification_id=pk)
    except DomainError as exc:
        if exc.http_status in (401, 403):
            return render_error(request, exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已重新加入发送队列。"))
    back = reverse("backoffice:notification_outbox")
    status = request.POST.get("status")
    return redirect(f"{back}?status={status}" if status in Status.values else back)
