"""The public consultation column (意见征集) and the page of each policy: draft, consultation, adoption
report, the issued document and its interpretations (SPEC R7, R8.1).

Citizens comment without an account (name and contact optional); a comment is shown only after a
person approved it and only if the unit chose to show comments. Online comments are rate-limited
per client address (``services.CommentThrottled``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError
from gongkai.core.http import client_address
from gongkai.policy import selectors, services
from gongkai.policy.enums import PolicyState

T = "portal/policy/"
PAGE_SIZE = 20


def consultation_list(request):
    today = clock.today()
    page = Paginator(selectors.public_policies(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        T + "list.html",
        {"page": page, "open": selectors.open_consultations(today), "today": today},
    )


def interpretation_list(request):
    page = Paginator(selectors.public_interpretations_all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, T + "interpretations.html", {"page": page})


def _policy_or_404(pk: int):
    policy = selectors.public_policy(pk)
    if policy is None:
        raise Http404(_("没有找到该政策文件。"))
    return policy


def policy_page(request, pk: int, *, form_errors: list[str] | None = None, values: dict | None = None, status=200):
    policy = _policy_or_404(pk)
    today = clock.today()
    is_open = (
        policy.state == PolicyState.CONSULTING and policy.consultation_starts_on <= today <= policy.consultation_ends_on
    )
    released = policy.state == PolicyState.RELEASED
    report = selectors.public_report(policy)
    return render(
        request,
        T + "detail.html",
        {
            "p": policy,
            "is_open": is_open,
            "released": released,
            "articles": policy.articles(),
            "comments": selectors.public_comments(policy),
            "report": report,
            "groups": selectors.public_groups(policy) if report else [],
            "interpretations": selectors.public_interpretations(policy) if released else [],
            "hearings": selectors.hearings(policy),
            "today": today,
            "form_errors": form_errors or [],
            "values": values or {},
        },
        status=status,
    )


@require_POST
def comment(request, pk: int):
    policy = _policy_or_404(pk)
    values = {k: (request.POST.get(k) or "").strip() for k in ("body", "article", "name", "contact")}
    try:
        services.comment_submit(policy=policy, ip=client_address(request), **values)
    except services.CommentThrottled as exc:
        return policy_page(request, pk, form_errors=[exc.message], values=values, status=429)
    except DomainError as exc:
        return policy_page(request, pk, form_errors=[exc.message], values=values, status=422)
    messages.success(request, _("您的意见已提交，感谢参与。意见经工作人员审核后处理。"))
    return redirect("portal:policy", pk=pk)


@require_POST
def hearing_signup(request, pk: int, hearing_id: int):
    policy = _policy_or_404(pk)
    hearing = selectors.hearing_get(policy, hearing_id)
    if hearing is None:
        raise Http404(_("没有找到该会议。"))
    values = {k: (request.POST.get(k) or "").strip() for k in ("name", "contact", "statement")}
    try:
        services.hearing_signup(hearing=hearing, ip=client_address(request), **values)
    except services.CommentThrottled as exc:
        return policy_page(request, pk, form_errors=[exc.message], status=429)
    except DomainError as exc:
        return policy_page(request, pk, form_errors=[exc.message], status=422)
    messages.success(request, _("报名已提交。是否入选将通过您留下的联系方式通知。"))
    return redirect("portal:policy", pk=pk)
