"""Back-office pages of the review engine: the lists, a review's record and decisions.

The pages work for any reviewed object: they show the target's text and agency.
Views only parse input, call services/selectors and show ``DomainError.message``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, PermissionDenied
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.models import User
from gongkai.workflow import permissions, registry, selectors, services
from gongkai.workflow.enums import ReviewAction, ReviewStatus
from gongkai.workflow.forms import CancelForm, DecisionForm, ReassignForm, ResubmitForm
from gongkai.workflow.models import Review

TABS = {
    "todo": "待我审核",
    "mine": "我提交的",
    "all": "本单位的审核",
}
PAGE_SIZE = 30
DECISION_ACTIONS = (ReviewAction.ADVANCE, ReviewAction.COMPLETE, ReviewAction.RETURN, ReviewAction.REJECT)


def render_error(request, exc: DomainError):
    return render(
        request,
        "backoffice/workflow/message.html",
        {"title": _("无法完成操作"), "message": exc.message},
        status=exc.http_status,
    )


@login_required
def review_list(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "todo"
    status = request.GET.get("status") if request.GET.get("status") in ReviewStatus.values else ""
    if tab == "todo":
        qs = selectors.review_list_actionable_by(request.user)
    elif tab == "mine":
        qs = selectors.review_list_submitted_by(request.user, status=status or None)
    else:
        qs = selectors.review_list_visible_to(request.user, status=status or None)
    page = Paginator(qs.order_by("-submitted_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/workflow/list.html",
        {
            "tab": tab,
            "tabs": list(TABS.items()),
            "status": status,
            "statuses": ReviewStatus.choices,
            "page": page,
            "todo_count": selectors.review_list_actionable_by(request.user).count(),
        },
    )


def _field_labels(review: Review) -> dict[str, dict]:
    """For each step key: {data key: (label, {value: label})}, from the template in code."""
    template = registry.find_template(review.template_key)
    out: dict[str, dict] = {}
    for spec in template.steps if template else ():
        out[spec.key] = {f.key: (f.label, dict(f.choices or ())) for f in spec.fields}
    return out


def _data_rows(data: dict, labels: dict) -> list[tuple[str, str]]:
    rows = []
    for key, value in (data or {}).items():
        label, choices = labels.get(key, (key, {}))
        rows.append((label, choices.get(str(value), value)))
    return rows


def _context(request, review: Review, **forms) -> dict:
    steps = list(review.steps.select_related("agency", "section").order_by("index"))
    entries = list(review.entries.select_related("step", "actor").order_by("created_at", "id"))
    labels = _field_labels(review)
    for entry in entries:
        entry.data_rows = _data_rows(entry.data, labels.get(entry.step.key if entry.step else "", {}))
    current = steps[review.current_step] if review.is_active else None
    step_rows = []
    for step in steps:
        if review.status == ReviewStatus.APPROVED or step.index < review.current_step:
            state, badge = _("已通过"), "ok"
        elif step.index == review.current_step:
            state, badge = {
                ReviewStatus.IN_PROGRESS: (_("待审核"), "warn"),
                ReviewStatus.RETURNED: (_("已退回修改"), "warn"),
                ReviewStatus.REJECTED: (_("不予通过"), "err"),
                ReviewStatus.CANCELLED: (_("已撤销"), ""),
            }[review.status]
        else:
            state, badge = (_("未开始"), "") if review.is_active else (_("未进行"), "")
        decisions = [e for e in entries if e.step_id == step.pk and e.action in DECISION_ACTIONS]
        step_rows.append({"step": step, "state": state, "badge": badge, "entries": decisions})
    user = request.user
    can_decide = current is not None and permissions.can_decide(user, review, current)
    template = registry.find_template(review.template_key)
    spec = template.step(current.key) if (template and current) else None
    target_url = ""
    if template is not None and template.target_url is not None and review.target is not None:
        target_url = template.target_url(review.target)
    if can_decide and "decision_form" not in forms:
        forms["decision_form"] = DecisionForm(initial={"expected_step": review.current_step}, step_spec=spec)
    if permissions.can_resubmit(user, review) and "resubmit_form" not in forms:
        forms["resubmit_form"] = ResubmitForm()
    if permissions.can_cancel(user, review) and "cancel_form" not in forms:
        forms["cancel_form"] = CancelForm()
    if "reassign_form" not in forms:
        reassign = _reassign_form(user, review, steps)
        if reassign is not None:
            forms["reassign_form"] = reassign
    return {
        "review": review,
        "target_label": review.target_label,
        "steps": step_rows,
        "entries": entries,
        "current": current,
        "submit_data": _data_rows(review.data, {}),
        "unstaffed": [s for s in steps if s.index in (review.unstaffed_steps or [])],
        "target_url": target_url,
        **forms,
    }


def _reassignable_steps(user, review: Review, steps) -> list:
    if not review.is_active:
        return []
    return [s for s in steps if s.index >= review.current_step and permissions.can_reassign(user, review, s)]


def _reassign_form(user, review: Review, steps, data=None) -> ReassignForm | None:
    """The reassignment form for those who may reassign a remaining step (None otherwise)."""
    open_steps = _reassignable_steps(user, review, steps)
    if not open_steps:
        return None
    candidates: dict[int, User] = {}
    for step in open_steps:
        for person in selectors.review_step_candidates(step):
            candidates[person.pk] = person
    return ReassignForm(data, steps=open_steps, candidates=sorted(candidates.values(), key=lambda u: u.username))


@login_required
@require_POST
def review_reassign(request, pk: int):
    try:
        review = selectors.review_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render_error(request, exc)
    steps = list(review.steps.select_related("agency", "section").order_by("index"))
    form = _reassign_form(request.user, review, steps, request.POST)
    if form is None:
        return render_error(request, PermissionDenied(_("您不能改派该审核的审核人。")))
    status = 400
    if form.is_valid():
        try:
            services.review_step_reassign(
                actor=request.user,
                review=review,
                step_index=form.cleaned_data["step"],
                assignee=org_selectors.user_get(form.cleaned_data["assignee"]),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.http_status
        else:
            messages.success(request, _("已改派审核人。"))
            return redirect("backoffice:review_detail", pk=review.pk)
    return render(
        request, "backoffice/workflow/detail.html", _context(request, review, reassign_form=form), status=status
    )


@login_required
def review_detail(request, pk: int):
    try:
        review = selectors.review_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render_error(request, exc)
    return render(request, "backoffice/workflow/detail.html", _context(request, review))


@login_required
def review_print(request, pk: int):
    try:
        review = selectors.review_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render_error(request, exc)
    return render(request, "backoffice/workflow/print.html", _context(request, review))


@login_required
@require_POST
def review_decide(request, pk: int):
    try:
        review = selectors.review_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render_error(request, exc)
    current = review.get_current_step()
    template = registry.find_template(review.template_key)
    spec = template.step(current.key) if (template and current) else None
    form = DecisionForm(request.POST, step_spec=spec)
    status = 400
    if form.is_valid():
        try:
            services.review_decide(
                actor=request.user,
                review=review,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                data=form.decision_data(),
                expected_step=form.cleaned_data.get("expected_step"),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.http_status
        else:
            messages.success(request, _("已提交审核意见。"))
            return redirect("backoffice:review_detail", pk=review.pk)
    review.refresh_from_db()
    return render(
        request, "backoffice/workflow/detail.html", _context(request, review, decision_form=form), status=status
    )


@login_required
@require_POST
def review_resubmit(request, pk: int):
    try:
        review = selectors.review_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render_error(request, exc)
    form = ResubmitForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.review_resubmit(actor=request.user, review=review, comment=form.cleaned_data["comment"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.http_status
        else:
            messages.success(request, _("已重新提交审核。"))
            return redirect("backoffice:review_detail", pk=review.pk)
    return render(
        request, "backoffice/workflow/detail.html", _context(request, review, resubmit_form=form), status=status
    )


@login_required
@require_POST
def review_cancel(request, pk: int):
    try:
        review = selectors.review_get_visible_to(request.user, pk)
    except DomainError as exc:
        return render_error(request, exc)
    form = CancelForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.review_cancel(actor=request.user, review=review, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.http_status
        else:
            messages.success(request, _("已撤销审核。"))
            return redirect("backoffice:review_detail", pk=review.pk)
    return render(
        request, "backoffice/workflow/detail.html", _context(request, review, cancel_form=form), status=status
    )
