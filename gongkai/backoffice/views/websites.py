"""Back-office pages of government websites and new-media accounts: the register, an account's
posts and checks, findings and their rectification, the monthly inspection report.

Reads through ``gongkai.websites.selectors``, writes through ``gongkai.websites.services`` /
``checks`` (which check permissions). Pages show ``DomainError.message``.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, PermissionDenied, ValidationFailed
from gongkai.websites import checks, permissions, reports, selectors, services
from gongkai.websites.actions import ACCOUNT_ACTIONS, FINDING_ACTIONS
from gongkai.websites.classifier import model_meta
from gongkai.websites.enums import FindingKind, FindingState, Platform, Status
from gongkai.websites.forms import AccountForm, ChangeForm, ImportForm, NoteForm, RegisterForm
from gongkai.websites.rules import SHARE_KEY

T = "backoffice/websites/"
PAGE_SIZE = 50


def _error(request, exc: DomainError):
    return render(
        request, T + "message.html", {"title": _("无法完成操作"), "message": exc.message}, status=exc.http_status
    )


def _require(request, obj: str, op: str) -> None:
    if not permissions.may_anywhere(request.user, obj, op):
        raise PermissionDenied(_("您没有访问此页面的权限。"))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def account_list(request):
    try:
        _require(request, "websites.account", "view")
    except DomainError as exc:
        return _error(request, exc)
    g = request.GET
    status = g.get("status", "") if g.get("status", "") in Status.values else ""
    platform = g.get("platform", "") if g.get("platform", "") in Platform.values else ""
    qs = selectors.account_list_visible_to(
        request.user, agency_id=_int(g.get("agency")), status=status, platform=platform
    )
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    return render(
        request,
        T + "account_list.html",
        {
            "page": page,
            "status": status,
            "platform": platform,
            "statuses": Status.choices,
            "platforms": Platform.choices,
            "may_create": permissions.may_anywhere(request.user, "websites.account", "create"),
            "query": urlencode({"status": status, "platform": platform}),
        },
    )


@login_required
def account_create(request):
    try:
        _require(request, "websites.account", "create")
    except DomainError as exc:
        return _error(request, exc)
    agencies = selectors.agencies_for(request.user, "websites.account", "create")
    form = RegisterForm(request.POST or None)
    form.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            account = services.account_register(
                actor=request.user, agency=data.pop("agency"), data=data, existing=data.pop("existing", False)
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            return _error(request, exc)
        else:
            messages.success(request, _("已登记。新开设的账号请提交开设申请。"))
            return redirect("backoffice:websites_account_detail", pk=account.pk)
    return render(request, T + "account_form.html", {"form": form, "title": _("登记网站或新媒体账号")})


@login_required
def account_edit(request, pk: int):
    try:
        account = selectors.account_get_visible_to(request.user, pk)
    except DomainError as exc:
        return _error(request, exc)
    initial = {f: getattr(account, f) for f in services.ACCOUNT_FIELDS}
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(actor=request.user, account=account, data=form.cleaned_data)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            return _error(request, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("backoffice:websites_account_detail", pk=account.pk)
    return render(request, T + "account_form.html", {"form": form, "title": _("修改登记信息"), "account": account})


def _change_form(account, data=None) -> ChangeForm:
    form = ChangeForm(data)
    form.fields["merge_target"].choices = [("", "—")] + [
        (a.pk, f"{a.name}（{a.get_platform_display()}，{a.agency.name}）") for a in selectors.merge_targets(account)
    ]
    return form


@login_required
def account_detail(request, pk: int):
    try:
        account = selectors.account_get_visible_to(request.user, pk)
    except DomainError as exc:
        return _error(request, exc)
    day = _date(request.GET.get("day"))
    posts = selectors.posts_for(account, day=day)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    gap = checks.update_gap(account, today)
    shares = [checks.share_on(account, d) for d in sorted({p.published_on for p in page.object_list}, reverse=True)]
    return render(
        request,
        T + "account_detail.html",
        {
            "account": account,
            "page": page,
            "day": day,
            "query": urlencode({"day": day.isoformat()}) if day else "",
            "gap": gap,
            "shares": shares,
            "share_rule_unset": any(s.rule_unset for s in shares),
            "share_rule_message": checks.share_rule_unset_message(),
            "share_rule_key": SHARE_KEY,
            "changes": selectors.changes_for(account),
            "pending": selectors.pending_change(account),
            "findings": selectors.findings_for(account)[:50],
            "may_edit": permissions.can_edit_account(request.user, account),
            "actions": ACCOUNT_ACTIONS.available(account, request.user),
            "may_content": permissions.can_manage_content(request.user, account),
            "change_form": _change_form(account),
            "import_form": ImportForm(),
            "is_website": account.platform == Platform.WEBSITE,
            "model_meta": model_meta(),
            "month": today.replace(day=1).isoformat(),
        },
    )


@login_required
@require_POST
def account_action(request, pk: int):
    try:
        account = selectors.account_get_visible_to(request.user, pk)
        action = request.POST.get("action", "")
        if action in ACCOUNT_ACTIONS:
            spec = ACCOUNT_ACTIONS.get(action)
            services.account_transition(
                actor=request.user, account=account, action=spec.name, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("已%(label)s。") % {"label": spec.label})
        elif action == "change":
            form = _change_form(account, request.POST)
            if not form.is_valid():
                raise ValidationFailed(
                    _("申请内容不完整：") + "；".join(str(e) for errs in form.errors.values() for e in errs)
                )
            services.change_request(actor=request.user, account=account, **form.cleaned_data)
            messages.success(request, _("申请已提交审核。"))
        elif action == "checks":
            today = clock.today()
            found = checks.run_checks(
                actor=request.user, account=account, start=today - dt.timedelta(days=31), end=today
            )
            done = _("检查完成：内容不更新 %(gap)s 项，占比不足 %(share)s 天。") % {
                "gap": found["update_gap"],
                "share": found["low_share"],
            }
            if found["share_unset"]:
                done += _("%(rule)s，%(n)s 天的政府信息占比未检查（请在“规则记录”中按本地文件设定）。") % {
                    "rule": checks.share_rule_unset_message(),
                    "n": found["share_unset"],
                }
            messages.success(request, done)
        elif action == "links":
            s = services.links_check(actor=request.user, account=account)
            messages.success(
                request, _("链接检查完成：抓取 %(pages)s 页，检查 %(checked)s 个链接，发现 %(broken)s 个错链。") % s
            )
        elif action == "feed":
            r = services.posts_poll_feed(actor=request.user, account=account)
            messages.success(request, _("订阅已读取：新增 %(created)s 条，更新 %(updated)s 条。") % r)
        else:
            raise ValidationFailed(_("未知的操作。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("backoffice:websites_account_detail", pk=pk)


@login_required
def account_import(request, pk: int):
    try:
        account = selectors.account_get_visible_to(request.user, pk)
        if not permissions.can_manage_content(request.user, account):
            raise PermissionDenied(_("您没有导入该账号内容的权限。"))
    except DomainError as exc:
        return _error(request, exc)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            from gongkai.opinion.interface import parse_column_map

            column_map = parse_column_map(form.cleaned_data.get("column_map") or "")
            result = services.posts_import_file(
                actor=request.user, account=account, data=upload.read(), filename=upload.name, column_map=column_map
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            return _error(request, exc)
    return render(request, T + "import.html", {"account": account, "form": form, "result": result})


@login_required
@require_POST
def post_correct(request, pk: int):
    try:
        post = selectors.post_get_visible_to(request.user, pk)
        value = {"yes": True, "no": False, "model": None}.get(request.POST.get("value", ""), "bad")
        if value == "bad":
            raise ValidationFailed(_("请选择判定结果。"))
        services.post_correct(actor=request.user, post=post, gov_info=value)
        messages.success(request, _("判定已更正，当日占比已重新计算。"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("backoffice:websites_account_list")
    return redirect(f"{post.account.get_absolute_url()}?day={post.published_on.isoformat()}")


@login_required
def finding_list(request):
    try:
        _require(request, "websites.inspection", "view")
    except DomainError as exc:
        return _error(request, exc)
    g = request.GET
    state = g.get("state", "") if g.get("state", "") in FindingState.values else ""
    kind = g.get("kind", "") if g.get("kind", "") in FindingKind.values else ""
    qs = selectors.finding_list_visible_to(request.user, agency_id=_int(g.get("agency")), state=state, kind=kind)
    start, end = _date(g.get("from")), _date(g.get("to"))
    if start:
        qs = qs.filter(day__gte=start)
    if end:
        qs = qs.filter(day__lte=end)
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    return render(
        request,
        T + "finding_list.html",
        {
            "page": page,
            "state": state,
            "kind": kind,
            "states": FindingState.choices,
            "kinds": FindingKind.choices,
            "query": urlencode({k: v for k, v in g.items() if k != "page"}),
        },
    )


@login_required
def finding_detail(request, pk: int):
    try:
        finding = selectors.finding_get_visible_to(request.user, pk)
    except DomainError as exc:
        return _error(request, exc)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "")
        try:
            services.finding_transition(
                actor=request.user, finding=finding, action=action, note=form.cleaned_data["note"]
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            return _error(request, exc)
        else:
            messages.success(request, _("已登记。"))
            return redirect("backoffice:websites_finding_detail", pk=pk)
    return render(
        request,
        T + "finding_detail.html",
        {
            "finding": finding,
            "form": form,
            "actions": FINDING_ACTIONS.available(finding, request.user),
        },
    )


def _month(value) -> dt.date:
    try:
        y, m = (int(x) for x in (value or "").split("-")[:2])
        return dt.date(y, m, 1)
    except (TypeError, ValueError):
        today = clock.today()
        return today.replace(day=1)


@login_required
def inspection(request):
    try:
        _require(request, "websites.inspection", "view")
    except DomainError as exc:
        return _error(request, exc)
    agencies = selectors.inspection_agencies_visible_to(request.user)
    agency_id = _int(request.GET.get("agency") or request.POST.get("agency"))
    if agency_id not in {a.pk for a in agencies}:
        agency_id = agencies[0].pk if agencies else None
    month = _month(request.GET.get("month") or request.POST.get("month"))
    error = None
    if request.method == "POST" and agency_id:
        manual = {k.removeprefix("m_"): v for k, v in request.POST.items() if k.startswith("m_")}
        try:
            services.inspection_save(
                actor=request.user, agency_id=agency_id, month=month, manual=manual, note=request.POST.get("note", "")
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("评分已保存。"))
            return redirect(f"{request.path}?agency={agency_id}&month={month:%Y-%m}")
    report = reports.monthly_report(agency_id, month) if agency_id else None
    fmt = request.GET.get("format")
    if report and fmt in ("docx", "xlsx"):
        data = reports.report_docx(report) if fmt == "docx" else reports.report_xlsx(report)
        ctype = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if fmt == "docx"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(data, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="inspection-{agency_id}-{month:%Y-%m}.{fmt}"'
        return response
    return render(
        request,
        T + "inspection.html",
        {
            "agencies": agencies,
            "agency_id": agency_id,
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "report": report,
            "error": error,
            "may_score": bool(agency_id) and permissions.may(request.user, "websites.inspection", "review", agency_id),
        },
    )
