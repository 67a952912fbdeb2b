"""Back-office pages of public-opinion monitoring: events, posts, sources, plans, import, aliases.

Reads through ``gongkai.opinion.selectors`` (scoped to the user's units), writes through
``gongkai.opinion.services`` (which check permissions). Pages show ``DomainError.message``.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, PermissionDenied
from gongkai.opinion import actions as event_actions
from gongkai.opinion import permissions, selectors, services
from gongkai.opinion.enums import (
    LEVEL_SHORT,
    EventStatus,
    PostKind,
    SourceKind,
    WarningLevel,
)
from gongkai.opinion.forms import (
    CATEGORY_CHOICES,
    AliasForm,
    EventActionForm,
    ImportForm,
    LevelForm,
    PlanForm,
    SourceForm,
)
from gongkai.opinion.ingest.files import FIELDS as IMPORT_FIELDS
from gongkai.opinion.ingest.files import parse_column_map
from gongkai.opinion.models import MonitoringPlan
from gongkai.opinion.nlp import CATEGORY_LABELS
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors

T = "backoffice/opinion/"
PAGE_SIZE = 50
LEVEL_BADGE = {"blue": "", "yellow": "warn", "orange": "warn", "red": "err"}


def _error(request, exc: DomainError, title: str | None = None):
    return render(
        request,
        T + "message.html",
        {"title": title or _("无法完成操作"), "message": exc.message},
        status=exc.http_status,
    )


def opinion_staff(view):
    """Signed in and holding a monitoring role somewhere (or system administrator)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_opinion_staff(request.user):
            return _error(
                request,
                PermissionDenied(_("只有舆情监测人员、新闻办、分管负责同志或系统管理员可以查看舆情监测。")),
                _("没有权限"),
            )
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return _error(request, exc)

    return wrapper


def _managed_agencies(user):
    return selectors.agency_list_monitored_by(user)


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


# --- Events ---------------------------------------------------------------------------------------------


@opinion_staff
def event_list(request):
    level = request.GET.get("level") or ""
    level = level if level in WarningLevel.values else ""
    status = request.GET.get("status") or ""
    status = status if status in EventStatus.values else ""
    category = request.GET.get("category") or ""
    category = category if category in CATEGORY_LABELS else ""
    q = (request.GET.get("q") or "").strip()[:100]
    qs = selectors.event_list_visible_to(request.user, level=level, status=status, q=q, category=category)
    page = Paginator(qs.prefetch_related("agencies"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        T + "event_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "level": level,
            "status": status,
            "category": category,
            "q": q,
            "levels": WarningLevel.choices,
            "statuses": EventStatus.choices,
            "categories": CATEGORY_CHOICES,
            "badge": LEVEL_BADGE,
            "category_labels": CATEGORY_LABELS,
        },
    )


def _hourly_rows(event) -> list[tuple[str, int]]:
    rows = []
    for key, count in sorted((event.hourly or {}).items(), key=lambda kv: int(kv[0]))[-48:]:
        start = dt.datetime.fromtimestamp(int(key) * 3600, tz=dt.UTC)
        rows.append((timezone.localtime(start).strftime("%Y-%m-%d %H:00"), count))
    return rows


@opinion_staff
def event_detail(request, pk: int):
    event = selectors.event_get_visible(request.user, pk)
    can_change = permissions.can_change_level(request.user, event)
    level_form = LevelForm(initial={"level": event.level})
    if request.method == "POST":
        if not can_change:
            return _error(
                request,
                PermissionDenied(_("只有事件涉及单位的舆情监测人员或系统管理员可以调整预警级别。")),
                _("没有权限"),
            )
        level_form = LevelForm(request.POST)
        if level_form.is_valid():
            try:
                services.event_set_level(
                    actor=request.user,
                    event=event,
                    level=level_form.cleaned_data["level"],
                    reason=level_form.cleaned_data["reason"],
                )
            except DomainError as exc:
                level_form.add_error(None, exc.message)
            else:
                messages.success(request, _("预警级别已调整。"))
                return redirect(event.get_absolute_url())
    # The moves the user may take now, from the specs (opinion/actions.py).
    actions = [(spec.name, spec.label) for spec in event_actions.registry.available(event, request.user)]
    judged = event.negative_count + event.neutral_count + event.positive_count
    return render(
        request,
        T + "event_detail.html",
        {
            "event": event,
            "history": selectors.event_level_history(event),
            "top_posts": selectors.event_top_posts(event),
            "agencies": event.agencies.order_by("name"),
            "regions": event.regions.order_by("code"),
            "plans": event.plans.order_by("name"),
            "hourly": _hourly_rows(event),
            "platforms": [
                (SourceKind(k).label if k in SourceKind.values else k, v) for k, v in event.platforms.items()
            ],
            "judged": judged,
            "negative_share": round(100 * event.negative_count / judged) if judged else None,
            "category_label": CATEGORY_LABELS.get(event.category, ""),
            "category_counts": [
                (CATEGORY_LABELS.get(k, k), v) for k, v in sorted(event.category_counts.items(), key=lambda kv: -kv[1])
            ],
            "level_form": level_form,
            "can_change": can_change,
            "actions": actions,
            "badge": LEVEL_BADGE,
            "level_short": LEVEL_SHORT,
        },
        status=422 if level_form.errors else 200,
    )


@require_POST
@opinion_staff
def event_action(request, pk: int):
    event = selectors.event_get_visible(request.user, pk)
    form = EventActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求有误。"))
        return redirect(event.get_absolute_url())
    try:
        services.event_transition(
            actor=request.user, event=event, action=form.cleaned_data["action"], reason=form.cleaned_data["reason"]
        )
    except PermissionDenied as exc:
        return _error(request, exc, _("没有权限"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已更新事件状态。"))
    return redirect(event.get_absolute_url())


# --- Posts ------------------------------------------------------------------------------------------------


@opinion_staff
def post_list(request):
    g = request.GET
    kind = g.get("kind") if g.get("kind") in PostKind.values else ""
    category = g.get("category") if g.get("category") in CATEGORY_LABELS else ""
    since, until = _date(g.get("since")), _date(g.get("until"))
    tz = timezone.get_current_timezone()
    qs = selectors.post_list_visible_to(
        request.user,
        source_id=_int(g.get("source")),
        kind=kind,
        event_id=_int(g.get("event")),
        plan_id=_int(g.get("plan")),
        category=category,
        negative=g.get("negative") == "1",
        hide_duplicates=g.get("nodup") == "1",
        q=(g.get("q") or "")[:100],
        since=dt.datetime.combine(since, dt.time(), tzinfo=tz) if since else None,
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=tz) if until else None,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        T + "post_list.html",
        {
            "page": page,
            "f": g,
            "query": query.urlencode(),
            "kinds": PostKind.choices,
            "categories": CATEGORY_CHOICES,
            "sources": selectors.source_list_visible_to(request.user),
            "plans": selectors.plan_list_visible_to(request.user),
            "category_labels": CATEGORY_LABELS,
        },
    )


@opinion_staff
def post_detail(request, pk: int):
    post = selectors.post_get_visible(request.user, pk)
    return render(
        request,
        T + "post_detail.html",
        {
            "post": post,
            "plans": post.plans.order_by("name"),
            "agencies": org_selectors.agency_list_by_ids(post.agency_ids or []),
            "regions": org_selectors.region_list_by_ids(post.region_ids or []),
            "category_label": CATEGORY_LABELS.get(post.category, ""),
        },
    )


# --- Sources -----------------------------------------------------------------------------------------------


@opinion_staff
def source_list(request):
    return render(
        request,
        T + "source_list.html",
        {
            "sources": selectors.source_list_visible_to(request.user).order_by("agency__name", "name"),
            "may_create": bool(_managed_agencies(request.user).exists()),
        },
    )


@opinion_staff
def source_create(request):
    agencies = _managed_agencies(request.user)
    sysadmin = org_permissions.is_system_admin(request.user)
    if not agencies.exists():
        return _error(request, PermissionDenied(_("只有舆情监测人员可以新建来源。")), _("没有权限"))
    form = SourceForm(request.POST or None, agencies=agencies, allow_shared=sysadmin)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency_id = data.pop("agency")
        agency = agencies.filter(pk=agency_id).first() if agency_id else None
        try:
            source = services.source_create(actor=request.user, agency=agency, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已新建来源：%(name)s。") % {"name": source.name})
            return redirect(source.get_absolute_url())
    return render(
        request, T + "source_form.html", {"form": form, "title": _("新建舆情来源")}, status=422 if form.errors else 200
    )


@opinion_staff
def source_detail(request, pk: int):
    source = selectors.source_get_visible(request.user, pk)
    can_manage = permissions.can_manage_unit(request.user, source.agency_id)
    initial = {f: getattr(source, f) for f in services.SOURCE_FIELDS}
    form = SourceForm(request.POST or None, initial=initial, editing=True)
    token = None
    if request.method == "POST":
        if not can_manage:
            return _error(request, PermissionDenied(_("只有来源所属单位的舆情监测人员可以修改来源。")), _("没有权限"))
        action = request.POST.get("action", "save")
        try:
            if action == "issue_token":
                source, token = services.source_issue_token(actor=request.user, source=source)
                messages.success(request, _("已签发新的接口令牌。令牌只显示这一次，请立即保存。"))
            elif action == "revoke_token":
                source = services.source_revoke_token(actor=request.user, source=source)
                messages.success(request, _("已吊销接口令牌。"))
                return redirect(source.get_absolute_url())
            elif form.is_valid():
                source = services.source_update(actor=request.user, source=source, **form.cleaned_data)
                messages.success(request, _("已保存。"))
                return redirect(source.get_absolute_url())
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        T + "source_detail.html",
        {
            "source": source,
            "form": form,
            "can_manage": can_manage,
            "token": token,
            "runs": source.runs.select_related("actor").order_by("-started_at", "-id")[:20],
            "ingest_url": request.build_absolute_uri("/api/v1/opinion/ingest"),
        },
        status=422 if form.errors else 200,
    )


# --- Plans ---------------------------------------------------------------------------------------------------


@opinion_staff
def plan_list(request):
    return render(
        request,
        T + "plan_list.html",
        {
            "plans": selectors.plan_list_visible_to(request.user).order_by("agency__name", "name"),
            "may_create": bool(_managed_agencies(request.user).exists()),
        },
    )


def _preview(request, expression: str):
    try:
        return selectors.plan_preview(request.user, expression), None
    except DomainError as exc:
        return None, exc.message


@opinion_staff
def plan_create(request):
    agencies = _managed_agencies(request.user)
    if not agencies.exists():
        return _error(request, PermissionDenied(_("只有舆情监测人员可以新建监测方案。")), _("没有权限"))
    form = PlanForm(request.POST or None, agencies=agencies)
    preview = preview_error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "preview":
            preview, preview_error = _preview(request, data["expression"])
        else:
            try:
                plan = services.plan_create(
                    actor=request.user,
                    agency=agencies.get(pk=data["agency"]),
                    name=data["name"],
                    expression=data["expression"],
                    description=data["description"],
                    is_active=data["is_active"],
                )
            except DomainError as exc:
                form.add_error(
                    "expression" if "表达式" in exc.message or "字符处" in exc.message else None, exc.message
                )
            else:
                messages.success(request, _("已新建监测方案：%(name)s。") % {"name": plan.name})
                return redirect(plan.get_absolute_url())
    return render(
        request,
        T + "plan_form.html",
        {"form": form, "title": _("新建监测方案"), "preview": preview, "preview_error": preview_error},
        status=422 if form.errors or preview_error else 200,
    )


@opinion_staff
def plan_detail(request, pk: int):
    plan = selectors.plan_get_visible(request.user, pk)
    can_manage = permissions.can_manage_unit(request.user, plan.agency_id)
    initial = {
        "name": plan.name,
        "expression": plan.expression,
        "description": plan.description,
        "is_active": plan.is_active,
    }
    form = PlanForm(request.POST or None, initial=initial, editing=True)
    preview = preview_error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "preview":
            preview, preview_error = _preview(request, data["expression"])
        elif not can_manage:
            return _error(request, PermissionDenied(_("只有方案所属单位的舆情监测人员可以修改方案。")), _("没有权限"))
        else:
            try:
                plan = services.plan_update(actor=request.user, plan=plan, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect(plan.get_absolute_url())
    return render(
        request,
        T + "plan_detail.html",
        {
            "plan": plan,
            "form": form,
            "can_manage": can_manage,
            "preview": preview,
            "preview_error": preview_error,
            "described": _describe(plan),
            "events": plan.events.order_by("-last_seen_at")[:20],
        },
        status=422 if form.errors or preview_error else 200,
    )


def _describe(plan: MonitoringPlan) -> str:
    from gongkai.opinion.plans import CompiledPlan

    try:
        return CompiledPlan.from_json(plan.compiled).describe()
    except Exception:
        return ""


# --- Import ----------------------------------------------------------------------------------------------------


@opinion_staff
def import_file(request):
    sources = selectors.source_list_manageable_by(request.user).filter(is_active=True).order_by("name")
    form = ImportForm(request.POST or None, request.FILES or None, sources=sources)
    outcome = None
    if request.method == "POST" and form.is_valid():
        source = sources.filter(pk=form.cleaned_data["source"]).first()
        upload = form.cleaned_data["file"]
        try:
            if source is None:
                raise PermissionDenied(_("只能导入到您管理的来源。"))
            column_map = parse_column_map(form.cleaned_data["column_map"])
            outcome = services.ingest_file(
                actor=request.user,
                source=source,
                data=upload.read(),
                filename=upload.name,
                column_map=column_map or None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("导入完成：新增 %(created)s 条，已存在 %(existing)s 条，拒收 %(rejected)s 条。")
                % {"created": outcome.created, "existing": outcome.existing, "rejected": len(outcome.rejected)},
            )
    return render(
        request,
        T + "import.html",
        {
            "form": form,
            "outcome": outcome,
            "fields": IMPORT_FIELDS.items(),
            "runs": selectors.run_list_visible_to(request.user).order_by("-started_at", "-id")[:20],
        },
        status=422 if form.errors else 200,
    )


# --- Aliases ---------------------------------------------------------------------------------------------------


@opinion_staff
def alias_list(request):
    agencies = _managed_agencies(request.user)
    regions = org_selectors.region_list_of_agencies(agencies)
    form = AliasForm(request.POST or None, agencies=agencies, regions=regions)
    if request.method == "POST":
        if request.POST.get("delete"):
            alias = selectors.alias_list_visible_to(request.user).filter(pk=_int(request.POST.get("delete"))).first()
            if alias is None:
                return _error(request, PermissionDenied(_("别名不存在或您无权删除。")), _("没有权限"))
            try:
                services.alias_delete(actor=request.user, alias=alias)
            except PermissionDenied as exc:
                return _error(request, exc, _("没有权限"))
            messages.success(request, _("已删除别名。"))
            return redirect("backoffice:opinion_alias_list")
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                services.alias_create(
                    actor=request.user,
                    alias=form.cleaned_data["alias"],
                    agency=agencies.get(pk=int(target[1:])) if target.startswith("a") else None,
                    region=regions.get(pk=int(target[1:])) if target.startswith("r") else None,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已添加别名。"))
                return redirect("backoffice:opinion_alias_list")
    return render(
        request,
        T + "alias_list.html",
        {
            "form": form,
            "aliases": selectors.alias_list_visible_to(request.user).order_by("alias"),
            "may_edit": agencies.exists(),
        },
        status=422 if form.errors else 200,
    )
