"""Back-office pages of rules, the holiday calendar and the deadline calculator.

Every staff member may read; changes go through ``gongkai.rules.services`` which check the
permissions (``gongkai.rules.permissions``). Pages show ``DomainError.message``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import clock
from gongkai.core.errors import DomainError, PermissionDenied, ValidationFailed
from gongkai.orgs import permissions as org_permissions
from gongkai.orgs import selectors as org_selectors
from gongkai.orgs.enums import Role
from gongkai.rules import permissions, selectors, services
from gongkai.rules.calculator import deadline_calculate
from gongkai.rules.enums import DayKind, YearStatus
from gongkai.rules.forms import CalculatorForm, CalendarDayForm, RuleEndForm, RuleRecordForm, ScheduleForm
from gongkai.rules.regions import resolve_jurisdiction
from gongkai.rules.registry import RULES, get_rule_spec, parse_value_text, rule_choices, value_to_text
from gongkai.rules.workdays import MAX_DATE, MIN_DATE, WEEKDAY_NAMES, year_status

T = "backoffice/rules/"


def _error(request, exc: DomainError, title: str | None = None):
    return render(
        request,
        T + "message.html",
        {"title": title or _("无法完成操作"), "message": exc.message},
        status=exc.http_status,
    )


def _may_edit_some_rules(user) -> bool:
    return org_permissions.is_system_admin(user) or org_selectors.holds_role_anywhere(user, Role.DISCLOSURE_OFFICE_HEAD)


# --- Rule records ---------------------------------------------------------------------------------


@login_required
def rule_list(request):
    key = request.GET.get("key", "")
    key = key if key in RULES else ""
    where = (request.GET.get("jurisdiction") or "").strip()
    error = None
    records = selectors.rule_record_list_visible_to(request.user, key=key or None)
    if where == "national":
        records = records.filter(jurisdiction__isnull=True)
    elif where:
        try:
            records = records.filter(jurisdiction=resolve_jurisdiction(where))
        except DomainError as exc:
            error = exc.message
            records = records.none()
    rows = [
        {"record": r, "can_edit": permissions.can_edit_rules_for(request.user, r.jurisdiction)}
        for r in records.select_related("jurisdiction__parent__parent")
    ]
    today = clock.today()
    return render(
        request,
        T + "rule_list.html",
        {
            "rows": rows,
            "key": key,
            "where": where,
            "error": error,
            "rule_choices": rule_choices(),
            "regions": _regions(),
            "today": today,
            "may_edit": _may_edit_some_rules(request.user),
        },
    )


def _regions():
    return org_selectors.region_list_with_ancestors()


def _found(obj):
    """The object, or a 404 when the selector found none (as ``get_object_or_404``)."""
    if obj is None:
        raise Http404
    return obj


@login_required
def rule_create(request):
    if not _may_edit_some_rules(request.user):
        return _error(request, PermissionDenied(_("只有系统管理员或政务公开办负责人可以新建规则记录。")), _("没有权限"))
    form = RuleRecordForm(request.POST or None, initial={"key": request.GET.get("key", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.rule_record_create(
                actor=request.user,
                key=data["key"],
                jurisdiction=data["jurisdiction"] or None,
                value=parse_value_text(data["key"], data["value"]),
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                citation=data["citation"],
                note=data["note"],
            )
        except PermissionDenied as exc:
            return _error(request, exc, _("没有权限"))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已新建规则记录：%(label)s。") % {"label": record.label})
            return redirect(f"{reverse('backoffice:rule_list')}?key={record.key}")
    return render(
        request,
        T + "rule_form.html",
        {"form": form, "title": _("新建规则记录"), "specs": RULES.values()},
        status=422 if form.errors else 200,
    )


@login_required
def rule_edit(request, pk: int):
    record = _found(selectors.rule_record_get(pk))
    if not permissions.can_edit_rules_for(request.user, record.jurisdiction):
        denied = PermissionDenied(
            _("只有系统管理员可以修改全国性规则。")
            if record.jurisdiction is None
            else _("只有系统管理员或该地区政务公开办负责人可以修改本地区规则。")
        )
        return _error(request, denied, _("没有权限"))
    initial = {
        "key": record.key,
        "jurisdiction": record.jurisdiction.code if record.jurisdiction_id else "",
        "value": value_to_text(record.key, record.value),
        "effective_from": record.effective_from,
        "effective_to": record.effective_to,
        "citation": record.citation,
        "note": record.note,
    }
    form = RuleRecordForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rule_record_update(
                actor=request.user,
                record=record,
                value=parse_value_text(record.key, data["value"]),
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                citation=data["citation"],
                note=data["note"],
            )
        except PermissionDenied as exc:
            return _error(request, exc, _("没有权限"))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存规则记录。"))
            return redirect(f"{reverse('backoffice:rule_list')}?key={record.key}")
    return render(
        request,
        T + "rule_form.html",
        {
            "form": form,
            "title": _("修改规则记录"),
            "record": record,
            "end_form": RuleEndForm(initial={"last_day": clock.today()}),
            "spec": get_rule_spec(record.key),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def rule_end(request, pk: int):
    record = _found(selectors.rule_record_get(pk))
    form = RuleEndForm(request.POST)
    if not form.is_valid():
        return _error(request, ValidationFailed(_("请填写有效的最后有效日。")))
    try:
        services.rule_record_end(actor=request.user, record=record, last_day=form.cleaned_data["last_day"])
    except PermissionDenied as exc:
        return _error(request, exc, _("没有权限"))
    except DomainError as exc:
        return _error(request, exc)
    messages.success(request, _("规则记录已结束，最后有效日为 %(day)s。") % {"day": form.cleaned_data["last_day"]})
    return redirect(f"{reverse('backoffice:rule_list')}?key={record.key}")


# --- Calendar -----------------------------------------------------------------------------------


def _year_param(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if MIN_DATE.year <= year <= MAX_DATE.year else default


@login_required
def calendar(request):
    this_year = clock.today().year
    year = _year_param(request, this_year)
    row = selectors.calendar_year(year)
    status = year_status(year)
    days = list(selectors.calendar_days_for_year(year))
    years = {y.year: y for y in selectors.calendar_year_list()}
    nav_years = list(range(max(MIN_DATE.year, this_year - 5), min(MAX_DATE.year, this_year + 2) + 1))
    computed = []
    if status == "computed":
        from gongkai.rules.workdays import statutory_holidays

        computed = sorted(statutory_holidays(year).items())
    return render(
        request,
        T + "calendar.html",
        {
            "year": year,
            "row": row,
            "status": status,
            "days": [{"day": d, "weekday": WEEKDAY_NAMES[d.date.weekday()]} for d in days],
            "computed": [{"date": d, "name": n, "weekday": WEEKDAY_NAMES[d.weekday()]} for d, n in computed],
            "holiday_count": sum(1 for d in days if d.kind == DayKind.HOLIDAY and d.region_id is None),
            "workday_count": sum(1 for d in days if d.kind == DayKind.WORKDAY and d.region_id is None),
            "nav_years": [(y, years.get(y)) for y in nav_years],
            "can_edit": permissions.can_edit_calendar(request.user, None),
            "may_edit_local": _may_edit_some_rules(request.user),
        },
    )


def _schedule_text(year: int) -> str:
    lines = []
    for d in selectors.calendar_days_for_year(year, include_local=False):
        lines.append(f"{d.date.isoformat()} {d.name or d.get_kind_display()}")
    return "\n".join(lines)


@login_required
def calendar_enter(request):
    if not permissions.can_edit_calendar(request.user, None):
        return _error(request, PermissionDenied(_("只有系统管理员可以录入全国放假安排。")), _("没有权限"))
    year = _year_param(request, clock.today().year + 1)
    existing = selectors.calendar_year(year)
    initial = {
        "year": year,
        "status": YearStatus.OFFICIAL,
        "citation": existing.citation if existing else "",
        "text": _schedule_text(year),
    }
    form = ScheduleForm(request.POST or None, initial=initial)
    row_errors: list[dict] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.calendar_year_enter(
                actor=request.user,
                year=data["year"],
                citation=data["citation"],
                text=data["text"],
                status=data["status"],
            )
        except PermissionDenied as exc:
            return _error(request, exc, _("没有权限"))
        except DomainError as exc:
            form.add_error(None, exc.message)
            if isinstance(exc.detail, dict):
                row_errors = exc.detail.get("rows") or []
        else:
            messages.success(
                request,
                _("已录入 %(year)d 年放假安排（%(days)d 天），重新计算了 %(n)d 个受影响的期限。")
                % {"year": result.year.year, "days": result.days, "n": len(result.recomputed)},
            )
            return redirect(f"{reverse('backoffice:calendar')}?year={result.year.year}")
    return render(
        request,
        T + "calendar_enter.html",
        {"form": form, "row_errors": row_errors, "existing": existing, "year": year},
        status=422 if form.errors else 200,
    )


@login_required
def calendar_day_create(request):
    if not _may_edit_some_rules(request.user):
        return _error(
            request, PermissionDenied(_("只有系统管理员或政务公开办负责人可以修改节假日日历。")), _("没有权限")
        )
    initial = {}
    if request.GET.get("date"):
        initial["date"] = request.GET["date"]
    form = CalendarDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.calendar_day_save(
                actor=request.user,
                date=data["date"],
                kind=data["kind"],
                name=data["name"],
                region=data["region"] or None,
                source=data["source"],
            )
        except PermissionDenied as exc:
            return _error(request, exc, _("没有权限"))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已保存 %(date)s。") % {"date": day.date.isoformat()})
            return redirect(f"{reverse('backoffice:calendar')}?year={day.date.year}")
    return render(
        request,
        T + "calendar_day_form.html",
        {"form": form, "title": _("添加日期")},
        status=422 if form.errors else 200,
    )


@login_required
def calendar_day_edit(request, pk: int):
    day = _found(selectors.calendar_day_get(pk))
    if not permissions.can_edit_calendar(request.user, day.region):
        return _error(request, PermissionDenied(_("您无权修改该日期。")), _("没有权限"))
    initial = {
        "date": day.date,
        "kind": day.kind,
        "name": day.name,
        "region": day.region.code if day.region_id else "",
        "source": day.source,
    }
    form = CalendarDayForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.calendar_day_save(
                actor=request.user,
                date=day.date,
                kind=data["kind"],
                name=data["name"],
                region=day.region,
                source=data["source"],
            )
        except PermissionDenied as exc:
            return _error(request, exc, _("没有权限"))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已更正 %(date)s。") % {"date": day.date.isoformat()})
            return redirect(f"{reverse('backoffice:calendar')}?year={day.date.year}")
    return render(
        request,
        T + "calendar_day_form.html",
        {"form": form, "title": _("更正日期"), "day": day},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def calendar_day_delete(request, pk: int):
    day = _found(selectors.calendar_day_get(pk))
    year = day.date.year
    try:
        services.calendar_day_delete(actor=request.user, day=day)
    except PermissionDenied as exc:
        return _error(request, exc, _("没有权限"))
    except DomainError as exc:
        return _error(request, exc)
    messages.success(request, _("已删除该日期的记录。"))
    return redirect(f"{reverse('backoffice:calendar')}?year={year}")


# --- Calculator ---------------------------------------------------------------------------------


@login_required
def deadline_calculator(request):
    submitted = "start" in request.GET
    form = CalculatorForm(request.GET if submitted else None, initial={"start": clock.today().isoformat()})
    result = None
    error = None
    status = 200
    if submitted and form.is_valid():
        data = form.cleaned_data
        try:
            result = deadline_calculate(
                start=data["start"],
                working_days=data["working_days"] or None,
                hours=data["hours"] or None,
                jurisdiction=data["jurisdiction"] or None,
                rule_key=data["rule"] or None,
            )
        except DomainError as exc:
            error = exc.message
            status = exc.http_status
    elif submitted:
        status = 422
    if result is not None:
        due = dt.date.fromisoformat(result["due"])
        result["due_weekday"] = WEEKDAY_NAMES[due.weekday()]
    return render(request, T + "calculator.html", {"form": form, "result": result, "error": error}, status=status)
