"""Back-office pages of the policy lifecycle (政策制定与解读): drafts, consultation, comments and their
grouping, the adoption report, submission and 退文, sign-off, issue with interpretation, the expert
library.

Views parse input and call ``gongkai.policy.services`` / ``selectors``; a refused action shows the
service's Chinese message and changes nothing (each service is one transaction).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.catalog import interface as catalog_interface
from gongkai.core import clock
from gongkai.core.errors import DomainError, PermissionDenied, ValidationFailed
from gongkai.orgs import selectors as org_selectors
from gongkai.policy import actions, permissions, selectors, services
from gongkai.policy.enums import (
    AdoptionDecision,
    CommentChannel,
    CommentStatus,
    ExpertUseKind,
    HearingKind,
    InterpretationForm,
    PolicyKind,
    PolicyState,
)
from gongkai.policy.transitions import EDITABLE
from gongkai.workflow.selectors import review_for

T = "backoffice/policy/"


def _date(value: str, label: str, *, required: bool = True) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationFailed(_("请填写%(label)s。") % {"label": label})
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_("%(label)s格式应为 年-月-日，例如 2026-03-02。") % {"label": label}) from None


def _policy(request, pk: int):
    policy = selectors.policy_get_visible(request.user, pk)
    if policy is None:
        raise Http404(_("没有找到该政策文件，或您无权查看。"))
    return policy


@login_required
def policy_list(request):
    ids = permissions.visible_agency_ids(request.user)
    if ids is not None and not ids:
        raise Forbidden(_("您没有查看政策文件的权限。"))
    rows = selectors.policy_list_visible_to(request.user).order_by("-updated_at")[:200]
    return render(
        request,
        T + "list.html",
        {"rows": rows, "can_create": bool(permissions.draft_agency_ids(request.user))},
    )


@login_required
def policy_create(request):
    agencies = org_selectors.agency_list_by_ids(permissions.draft_agency_ids(request.user), active_only=True)
    if not agencies.exists():
        raise Forbidden(_("您不能起草政策文件。"))
    values = {k: request.POST.get(k, "") for k in ("agency", "kind", "title", "draft_text", "explanation", "basis")}
    error = ""
    if request.method == "POST":
        agency = agencies.filter(pk=values["agency"] or 0).first()
        try:
            if agency is None:
                raise ValidationFailed(_("请选择起草单位。"))
            policy = services.policy_create(
                actor=request.user,
                agency=agency,
                kind=values["kind"],
                title=values["title"],
                draft_text=values["draft_text"],
                explanation=values["explanation"],
                basis=values["basis"],
                show_comments=bool(request.POST.get("show_comments")),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已保存草案。"))
            return redirect("backoffice:policy_detail", pk=policy.pk)
    return render(
        request,
        T + "create.html",
        {"agencies": agencies, "kinds": PolicyKind.choices, "values": values, "error": error},
        status=422 if error else 200,
    )


@login_required
def policy_detail(request, pk: int):
    policy = _policy(request, pk)
    can_draft = permissions.can_draft(request.user, policy.agency)
    report = selectors.report_of(policy)
    context = {
        "p": policy,
        "can_draft": can_draft,
        "can_review": permissions.can_review_submission(request.user, policy),
        "moves": actions.available_names(policy, request.user),
        "editable": policy.state in EDITABLE,
        "comments": selectors.staff_comments(policy),
        "groups": selectors.groups_with_size(policy),
        "report": report,
        "report_review": review_for(report) if report else None,
        "signoff_review": review_for(policy),
        "submissions": selectors.submissions(policy),
        "interpretations": selectors.interpretations(policy),
        "experts": selectors.experts_for_policy(policy),
        "attributes": catalog_interface.attribute_choices(),
        "forms": InterpretationForm.choices,
        "channels": [c for c in CommentChannel.choices if c[0] != CommentChannel.ONLINE],
        "decisions": [d for d in AdoptionDecision.choices if d[0]],
        "statuses": CommentStatus,
        "use_kinds": ExpertUseKind.choices,
        "hearings": selectors.hearings(policy),
        "hearing_kinds": HearingKind.choices,
        "articles": policy.articles(),
        "states": PolicyState,
        "today": clock.today(),
        "submission_problems": services.submission_problems(policy) if policy.state in EDITABLE else [],
        "report_problems": services.report_problems(policy)
        if policy.state not in (PolicyState.DRAFTING, PolicyState.CONSULTING)
        else [],
    }
    return render(request, T + "detail.html", context)


def _comment(policy, request):
    comment = selectors.comment_get(policy, int(request.POST.get("comment") or 0))
    if comment is None:
        raise ValidationFailed(_("没有找到该意见。"))
    return comment


_UPDATE_FIELDS = (
    "title",
    "draft_text",
    "explanation",
    "basis",
    "disclosure_attribute",
    "attribute_reason",
    "plan_outline",
    "plan_channels",
    "plan_timing",
    "plan_background",
    "plan_none_reason",
    "materials",
    "consultation_record",
)


def _act_update(request, policy) -> str:
    post = request.POST
    fields = {k: post.get(k, "") for k in _UPDATE_FIELDS}
    fields["plan_forms"] = post.getlist("plan_forms")
    fields["plan_none_needed"] = bool(post.get("plan_none_needed"))
    fields["show_comments"] = bool(post.get("show_comments"))
    fields["major_revision"] = bool(post.get("major_revision"))
    services.policy_update(actor=request.user, policy=policy, **fields)
    return _("已保存。")


def _act_open(request, policy) -> str:
    post = request.POST
    services.consultation_open(
        actor=request.user,
        policy=policy,
        starts_on=_date(post.get("starts_on"), _("开始日期")),
        ends_on=_date(post.get("ends_on"), _("截止日期")),
        shortened_reason=post.get("shortened_reason", ""),
    )
    return _("草案已在意见征集栏目公开征求意见。")


def _act_close(request, policy) -> str:
    services.consultation_close(actor=request.user, policy=policy)
    return _("征求意见已结束。")


def _act_moderate(request, policy) -> str:
    services.comment_moderate(
        actor=request.user, comment=_comment(policy, request), status=request.POST.get("status", "")
    )
    return _("已审核。")


def _act_register(request, policy) -> str:
    post = request.POST
    services.comment_register(
        actor=request.user,
        policy=policy,
        body=post.get("body", ""),
        channel=post.get("channel", ""),
        article=post.get("article", ""),
        name=post.get("name", ""),
        contact=post.get("contact", ""),
    )
    return _("已登记意见。")


def _act_contact(request, policy) -> str:
    data = services.comment_contact(actor=request.user, comment=_comment(policy, request))
    return _("意见人：%(name)s；联系方式：%(contact)s") % {
        "name": data["name"] or _("未留姓名"),
        "contact": data["contact"] or _("未留联系方式"),
    }


def _act_group(request, policy) -> str:
    n = services.comments_group(actor=request.user, policy=policy)
    return _("已归类 %(n)s 条意见。") % {"n": n}


def _act_assign(request, policy) -> str:
    post = request.POST
    group = selectors.group_get(policy, int(post.get("group") or 0)) if post.get("group") else None
    services.comment_assign(
        actor=request.user, comment=_comment(policy, request), group=group, theme=post.get("theme", "")
    )
    return _("已调整归类。")


def _act_decide(request, policy) -> str:
    post = request.POST
    group = selectors.group_get(policy, int(post.get("group") or 0))
    if group is None:
        raise ValidationFailed(_("没有找到该意见归类。"))
    services.group_decide(
        actor=request.user,
        group=group,
        decision=post.get("decision", ""),
        reason=post.get("reason", ""),
        theme=post.get("theme", ""),
    )
    return _("已保存采纳情况。")


def _act_report(request, policy) -> str:
    services.report_submit(actor=request.user, policy=policy, summary=request.POST.get("summary", ""))
    return _("采纳情况已提交审核，审核通过后公布。")


def _act_interpretation(request, policy) -> str:
    user, post = request.user, request.POST
    expert = selectors.expert_get_visible(user, int(post.get("expert") or 0)) if post.get("expert") else None
    services.interpretation_add(
        actor=user,
        policy=policy,
        form=post.get("form", ""),
        title=post.get("title", ""),
        body=post.get("body", ""),
        link_url=post.get("link_url", ""),
        expert=expert,
    )
    return _("已保存解读。")


def _act_remove_interpretation(request, policy) -> str:
    row = selectors.interpretation_get(policy, int(request.POST.get("interpretation") or 0))
    if row is None:
        raise ValidationFailed(_("没有找到该解读。"))
    services.interpretation_remove(actor=request.user, interpretation=row)
    return _("已删除解读。")


def _act_submit(request, policy) -> str:
    submission = services.policy_submit(actor=request.user, policy=policy)
    if submission.reasons:
        raise ValidationFailed(_("报送材料不全，已退文：") + "".join(submission.reasons))
    return _("已报送政府办公室。")


def _act_return(request, policy) -> str:
    services.submission_return(actor=request.user, policy=policy, reason=request.POST.get("reason", ""))
    return _("已退文。")


def _act_accept(request, policy) -> str:
    services.submission_accept(
        actor=request.user,
        policy=policy,
        meeting_on=_date(request.POST.get("meeting_on"), _("会议审议日期"), required=False),
    )
    return _("已受理，文件与解读送同步审签。")


def _act_issue(request, policy) -> str:
    post = request.POST
    services.policy_issue(
        actor=request.user,
        policy=policy,
        document_number=post.get("document_number", ""),
        issued_on=_date(post.get("issued_on"), _("印发日期")),
        keywords=post.get("keywords", ""),
    )
    return _("已印发，文件进入公开前审查；审查通过后文件与解读同步公开。")


def _act_hearing(request, policy) -> str:
    post = request.POST
    held_on = _date(post.get("held_on"), _("举行日期"))
    try:
        hour, minute = (int(x) for x in (post.get("held_time") or "09:00").split(":")[:2])
        held_at = timezone.make_aware(dt.datetime.combine(held_on, dt.time(hour, minute)))
    except ValueError:
        raise ValidationFailed(_("举行时间格式应为 时:分，例如 09:30。")) from None
    try:
        seats = int(post.get("seats") or 0)
    except ValueError:
        raise ValidationFailed(_("名额应为整数。")) from None
    services.hearing_announce(
        actor=request.user,
        policy=policy,
        kind=post.get("kind", ""),
        title=post.get("title", ""),
        held_at=held_at,
        place=post.get("place", ""),
        seats=seats,
        signup_until=_date(post.get("signup_until"), _("报名截止日期")),
        selection_method=post.get("selection_method", ""),
    )
    return _("已公告。")


def _hearing(request, policy):
    hearing = selectors.hearing_get(policy, int(request.POST.get("hearing") or 0))
    if hearing is None:
        raise ValidationFailed(_("没有找到该会议。"))
    return hearing


def _act_hearing_select(request, policy) -> str:
    hearing = _hearing(request, policy)
    ids = [int(x) for x in request.POST.getlist("signup") if x.isdigit()]
    services.hearing_select(actor=request.user, hearing=hearing, signup_ids=ids)
    return _("已确定参加人员。")


def _act_hearing_record(request, policy) -> str:
    hearing = _hearing(request, policy)
    services.hearing_record(actor=request.user, hearing=hearing, minutes=request.POST.get("minutes", ""))
    return _("会议记录已公开。")


def _act_use_expert(request, policy) -> str:
    user, post = request.user, request.POST
    expert = selectors.expert_get_visible(user, int(post.get("expert") or 0))
    if expert is None:
        raise ValidationFailed(_("请选择专家。"))
    services.expert_use_record(
        actor=user, expert=expert, policy=policy, kind=post.get("kind", ""), note=post.get("note", "")
    )
    return _("已记录专家参与。")


# One handler per action of the policy page: each parses its form fields, calls one service and
# returns the success message.
ACTS = {
    "update": _act_update,
    "open": _act_open,
    "close": _act_close,
    "moderate": _act_moderate,
    "register": _act_register,
    "contact": _act_contact,
    "group": _act_group,
    "assign": _act_assign,
    "decide": _act_decide,
    "report": _act_report,
    "interpretation": _act_interpretation,
    "remove_interpretation": _act_remove_interpretation,
    "submit": _act_submit,
    "return": _act_return,
    "accept": _act_accept,
    "issue": _act_issue,
    "hearing": _act_hearing,
    "hearing_select": _act_hearing_select,
    "hearing_record": _act_hearing_record,
    "use_expert": _act_use_expert,
}


def _act(request, policy, action: str) -> str:
    """Run one action; returns the success message."""
    handler = ACTS.get(action)
    if handler is None:
        raise ValidationFailed(_("未知的操作。"))
    return handler(request, policy)


@login_required
@require_POST
def policy_act(request, pk: int, action: str):
    policy = _policy(request, pk)
    try:
        message = _act(request, policy, action)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect("backoffice:policy_detail", pk=pk)


# --- Expert library -------------------------------------------------------------------------------------


@login_required
def expert_list(request):
    ids = permissions.expert_agency_ids(request.user)
    if ids is not None and not ids:
        raise Forbidden(_("您没有查看专家库的权限。"))
    manage = permissions.expert_manage_agency_ids(request.user)
    agencies = org_selectors.agency_list_by_ids(manage, active_only=True)
    error, values = "", {}
    if request.method == "POST":
        values = {
            k: request.POST.get(k, "")
            for k in ("agency", "name", "field", "affiliation", "title", "contact", "filed_on")
        }
        agency = agencies.filter(pk=values["agency"] or 0).first()
        try:
            if agency is None:
                raise PermissionDenied(_("请选择您可以维护的专家库所属单位。"))
            services.expert_save(
                actor=request.user,
                agency=agency,
                name=values["name"],
                field=values["field"],
                affiliation=values["affiliation"],
                title=values["title"],
                contact=values["contact"],
                filed_on=_date(values["filed_on"], _("备案日期"), required=False),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("已保存专家。"))
            return redirect("backoffice:policy_expert_list")
    return render(
        request,
        T + "experts.html",
        {
            "rows": selectors.expert_list_visible_to(request.user),
            "agencies": agencies,
            "error": error,
            "values": values,
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def expert_contact(request, pk: int):
    expert = selectors.expert_get_visible(request.user, pk)
    if expert is None:
        raise Http404(_("没有找到该专家。"))
    try:
        contact = services.expert_contact(actor=request.user, expert=expert)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s 的联系方式：%(c)s") % {"name": expert.name, "c": contact or _("未登记")})
    return redirect("backoffice:policy_expert_list")
