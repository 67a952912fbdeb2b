"""Back-office pages for regions, agencies, sections, people, roles, import and the security policy.

The views read through ``gongkai.orgs.selectors`` (an object outside the user's scope is a
404) and write through ``gongkai.orgs.services``; a ``DomainError`` becomes a Chinese
message on the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound
from gongkai.orgs import auth_services, forms, importer, permissions, selectors, services
from gongkai.orgs.enums import ROLES_COVERING_SUBORDINATES
from gongkai.orgs.models import Region, SecurityPolicy, User

T = "backoffice/orgs/"


# --- helpers ----------------------------------------------------------------------------------


def _denied(request, message: str | None = None) -> HttpResponse:
    return render(
        request,
        T + "denied.html",
        {"message": message or _("您没有执行此操作的权限。")},
        status=403,
    )


def _form_error(form, exc: DomainError) -> None:
    """Attach a service error to the field it names, or to the form."""
    field = exc.detail.get("field") if isinstance(exc.detail, dict) else None
    form.add_error(field if field in form.fields else None, exc.message)


def _get_or_404(fn, *args):
    try:
        return fn(*args)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _region_or_404(pk: int) -> Region:
    region = selectors.region_list().filter(pk=pk).first()
    if region is None:
        raise Http404(_("未找到该区划。"))
    return region


def _section_or_404(user, pk: int):
    section = selectors.section_list_visible_to(user).filter(pk=pk).first()
    if section is None:
        raise Http404(_("未找到该科室。"))
    return section


def _user_or_404(actor, pk: int) -> User:
    user = selectors.user_list_visible_to(actor).filter(pk=pk).first()
    if user is None:
        raise Http404(_("未找到该人员。"))
    return user


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- regions ----------------------------------------------------------------------------------


@login_required
def region_list(request):
    counts: dict[int, int] = {}
    for region_id in selectors.agency_list_visible_to(request.user).values_list("region_id", flat=True):
        counts[region_id] = counts.get(region_id, 0) + 1
    rows = [(region, depth, counts.get(region.pk, 0)) for region, depth in selectors.region_tree()]
    return render(
        request,
        T + "region_list.html",
        {"rows": rows, "can_edit": permissions.is_system_admin(request.user)},
    )


@login_required
def region_create(request):
    if not permissions.is_system_admin(request.user):
        return _denied(request, _("只有系统管理员可以维护行政区划。"))
    initial = {}
    if parent := _int(request.GET.get("parent")):
        initial["parent"] = parent
    form = forms.RegionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            region = services.region_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已新建区划“%(name)s”。") % {"name": region.name})
            return redirect("backoffice:region_list")
    return render(
        request, T + "form.html", {"form": form, "title": _("新建行政区划"), "back": "backoffice:region_list"}
    )


@login_required
def region_edit(request, pk: int):
    region = _region_or_404(pk)
    if not permissions.is_system_admin(request.user):
        return _denied(request, _("只有系统管理员可以维护行政区划。"))
    initial = {"code": region.code, "name": region.name, "level": region.level, "parent": region.parent_id}
    form = forms.RegionForm(request.POST or None, initial=initial, exclude=region)
    if request.method == "POST" and form.is_valid():
        try:
            services.region_update(actor=request.user, region=region, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("区划已保存。"))
            return redirect("backoffice:region_list")
    title = _("编辑行政区划：%(name)s") % {"name": region.name}
    return render(request, T + "form.html", {"form": form, "title": title, "back": "backoffice:region_list"})


# --- agencies ---------------------------------------------------------------------------------


@login_required
def agency_list(request):
    filters = forms.AgencyFilterForm(request.GET or None)
    params = {}
    if filters.is_valid():
        data = filters.cleaned_data
        params = {
            "region": data.get("region"),
            "kind": data.get("kind") or None,
            "q": data.get("q") or None,
            "include_inactive": bool(data.get("inactive")),
        }
    else:
        params = {"include_inactive": False}
    agencies = selectors.agency_list_visible_to(request.user, **params)
    return render(
        request,
        T + "agency_list.html",
        {
            "filters": filters,
            "agencies": agencies,
            "can_create": permissions.is_system_admin(request.user),
        },
    )


@login_required
def agency_detail(request, pk: int):
    agency = _get_or_404(selectors.agency_get_visible, request.user, pk)
    visible_children = selectors.agency_list_visible_to(request.user).filter(parent=agency)
    assignments = selectors.role_assignment_list_in(agency)
    return render(
        request,
        T + "agency_detail.html",
        {
            "agency": agency,
            "children": visible_children,
            "sections": agency.sections.all(),
            "assignments": assignments,
            "is_sysadmin": permissions.is_system_admin(request.user),
            "can_manage": permissions.can_manage_unit(request.user, agency),
        },
    )


def _agency_form_view(request, agency=None):
    if not permissions.is_system_admin(request.user):
        return _denied(request, _("只有系统管理员可以新建或修改机构。"))
    initial = {}
    if agency is not None:
        initial = {
            "name": agency.name,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "region": agency.region_id,
            "parent": agency.parent_id,
            "code": agency.code,
            "department_code": agency.department_code,
        }
    else:
        if region := _int(request.GET.get("region")):
            initial["region"] = region
        if parent := _int(request.GET.get("parent")):
            initial["parent"] = parent
    form = forms.AgencyForm(request.POST or None, initial=initial, exclude=agency)
    if request.method == "POST" and form.is_valid():
        try:
            if agency is None:
                agency = services.agency_create(actor=request.user, **form.cleaned_data)
                messages.success(request, _("已新建机构“%(name)s”。") % {"name": agency.name})
            else:
                services.agency_update(actor=request.user, agency=agency, **form.cleaned_data)
                messages.success(request, _("机构已保存。"))
        except DomainError as exc:
            _form_error(form, exc)
        else:
            return redirect("backoffice:agency_detail", pk=agency.pk)
    title = _("新建机构") if agency is None else _("编辑机构：%(name)s") % {"name": agency.name}
    return render(request, T + "form.html", {"form": form, "title": title, "back": "backoffice:agency_list"})


@login_required
def agency_create(request):
    return _agency_form_view(request)


@login_required
def agency_edit(request, pk: int):
    agency = _get_or_404(selectors.agency_get_visible, request.user, pk)
    return _agency_form_view(request, agency)


@login_required
@require_POST
def agency_set_active(request, pk: int):
    agency = _get_or_404(selectors.agency_get_visible, request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        services.agency_set_active(actor=request.user, agency=agency, active=active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("机构已启用。") if active else _("机构已停用。"))
    return redirect("backoffice:agency_detail", pk=agency.pk)


# --- sections ---------------------------------------------------------------------------------


@login_required
def section_list(request):
    sections = selectors.section_list_visible_to(request.user).select_related("agency__region")
    agency = None
    if agency_id := _int(request.GET.get("agency")):
        agency = selectors.agency_list_visible_to(request.user).filter(pk=agency_id).first()
        sections = sections.filter(agency_id=agency.pk if agency else 0)
    managed = permissions.managed_agency_ids(request.user)
    return render(
        request,
        T + "section_list.html",
        {
            "sections": sections.order_by("agency__region__code", "agency__name", "name"),
            "agency": agency,
            "agencies": selectors.agency_list_visible_to(request.user).order_by("region__code", "name"),
            "can_create": managed is None or bool(managed),
            "managed": managed,
        },
    )


@login_required
def section_create(request):
    managed = permissions.managed_agency_ids(request.user)
    if managed is not None and not managed:
        return _denied(request, _("只有编制单位管理员或系统管理员可以新建科室。"))
    initial = {}
    if agency_id := _int(request.GET.get("agency")):
        initial["agency"] = agency_id
    form = forms.SectionForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已新建科室“%(name)s”。") % {"name": section.name})
            return redirect(f"{reverse('backoffice:section_list')}?agency={section.agency_id}")
    return render(request, T + "form.html", {"form": form, "title": _("新建科室"), "back": "backoffice:section_list"})


@login_required
def section_edit(request, pk: int):
    section = _section_or_404(request.user, pk)
    if not permissions.can_manage_unit(request.user, section.agency_id):
        return _denied(request, _("只有本单位的编制单位管理员或系统管理员可以修改科室。"))
    initial = {"name": section.name, "code": section.code, "is_active": section.is_active}
    form = forms.SectionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(actor=request.user, section=section, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("科室已保存。"))
            return redirect(f"{reverse('backoffice:section_list')}?agency={section.agency_id}")
    title = _("编辑科室：%(name)s") % {"name": str(section)}
    return render(request, T + "form.html", {"form": form, "title": title, "back": "backoffice:section_list"})


# --- people and roles -------------------------------------------------------------------------


@login_required
def user_list(request):
    agency = None
    if agency_id := _int(request.GET.get("agency")):
        agency = selectors.agency_list_visible_to(request.user).filter(pk=agency_id).first()
    q = (request.GET.get("q") or "").strip()[:100]
    people = selectors.user_list_visible_to(request.user, agency=agency, q=q or None)
    if agency_id and agency is None:
        people = people.none()
    people = people.prefetch_related("role_assignments__agency", "role_assignments__section")
    managed = permissions.managed_agency_ids(request.user)
    return render(
        request,
        T + "user_list.html",
        {
            "people": people,
            "agency": agency,
            "q": q,
            "agencies": selectors.agency_list_visible_to(request.user).order_by("region__code", "name"),
            "can_create": managed is None or bool(managed),
            "now": timezone.now(),
        },
    )


@login_required
def user_detail(request, pk: int):
    person = _user_or_404(request.user, pk)
    from django_otp import devices_for_user

    assignments = list(selectors.role_assignment_list_for(person))
    rows = [(ra, permissions.can_grant_role(request.user, ra.role, ra.agency_id)) for ra in assignments]
    can_manage = permissions.can_manage_user(request.user, person)
    managed = permissions.managed_agency_ids(request.user)
    return render(
        request,
        T + "user_detail.html",
        {
            "person": person,
            "rows": rows,
            "can_manage": can_manage,
            "is_sysadmin": permissions.is_system_admin(request.user),
            "grant_form": forms.RoleGrantForm(actor=request.user) if managed is None or managed else None,
            "locked": bool(person.locked_until and person.locked_until > timezone.now()),
            "has_totp": any(True for _ in devices_for_user(person, confirmed=True)),
            "covering_roles": {str(r) for r in ROLES_COVERING_SUBORDINATES},
        },
    )


@login_required
def user_create(request):
    managed = permissions.managed_agency_ids(request.user)
    if managed is not None and not managed:
        return _denied(request, _("只有编制单位管理员或系统管理员可以新建人员。"))
    form = forms.UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password"] or None,
                phone=data["phone"],
                email=data["email"],
                title=data["title"],
                require_two_factor=data["require_two_factor"],
                agency=data["agency"],
                section=data["section"],
                roles=data["roles"],
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已新建人员“%(name)s”。") % {"name": person.full_name})
            if person.generated_password:
                messages.warning(
                    request,
                    _("系统生成的初始密码：%(password)s（只显示这一次，请转交本人并提醒其登录后修改）。")
                    % {"password": person.generated_password},
                )
            if permissions.is_system_admin(request.user) or data["roles"]:
                return redirect("backoffice:user_detail", pk=person.pk)
            return redirect("backoffice:user_list")
    return render(request, T + "form.html", {"form": form, "title": _("新建人员"), "back": "backoffice:user_list"})


@login_required
def user_edit(request, pk: int):
    person = _user_or_404(request.user, pk)
    if not permissions.can_manage_user(request.user, person):
        return _denied(request, _("您只能管理本单位的非管理员人员。"))
    initial = {
        "full_name": person.full_name,
        "phone": person.phone,
        "email": person.email,
        "title": person.title,
        "require_two_factor": person.require_two_factor,
    }
    form = forms.UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("人员信息已保存。"))
            return redirect("backoffice:user_detail", pk=person.pk)
    title = _("编辑人员：%(name)s") % {"name": str(person)}
    return render(request, T + "form.html", {"form": form, "title": title, "back": "backoffice:user_list"})


@login_required
def user_password(request, pk: int):
    person = _user_or_404(request.user, pk)
    if not permissions.can_manage_user(request.user, person):
        return _denied(request, _("您只能管理本单位的非管理员人员。"))
    form = forms.PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            generated = services.user_set_password(
                actor=request.user, user=person, password=form.cleaned_data["password"] or None
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("密码已重新设置。"))
            if generated:
                messages.warning(
                    request,
                    _("系统生成的新密码：%(password)s（只显示这一次）。") % {"password": generated},
                )
            return redirect("backoffice:user_detail", pk=person.pk)
    title = _("设置密码：%(name)s") % {"name": str(person)}
    return render(request, T + "form.html", {"form": form, "title": title, "back": "backoffice:user_list"})


def _user_action(request, pk: int, action, success: str):
    person = _user_or_404(request.user, pk)
    try:
        action(person)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("backoffice:user_detail", pk=person.pk)


@login_required
@require_POST
def user_set_active(request, pk: int):
    active = request.POST.get("active") == "1"
    return _user_action(
        request,
        pk,
        lambda person: services.user_set_active(actor=request.user, user=person, active=active),
        _("账户已启用。") if active else _("账户已停用。"),
    )


@login_required
@require_POST
def user_unlock(request, pk: int):
    return _user_action(
        request,
        pk,
        lambda person: auth_services.user_unlock(actor=request.user, user=person),
        _("账户已解除锁定。"),
    )


@login_required
@require_POST
def user_reset_two_factor(request, pk: int):
    return _user_action(
        request,
        pk,
        lambda person: services.user_reset_two_factor(actor=request.user, user=person),
        _("已清除该人员的双因素认证设备，其下次登录时须重新绑定。"),
    )


@login_required
@require_POST
def role_grant(request, pk: int):
    person = _user_or_404(request.user, pk)
    form = forms.RoleGrantForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            assignment = services.role_grant(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("角色已分配。"))
            for warning in getattr(assignment, "grant_warnings", []):
                messages.warning(request, warning)
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("角色分配失败：") + " ".join(errors))
    return redirect("backoffice:user_detail", pk=person.pk)


@login_required
@require_POST
def role_revoke(request, pk: int):
    assignment = selectors.role_assignment_list_visible_to(request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404(_("未找到该角色分配。"))
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("角色已撤销。"))
    if selectors.user_list_visible_to(request.user).filter(pk=assignment.user_id).exists():
        return redirect("backoffice:user_detail", pk=assignment.user_id)
    return redirect("backoffice:user_list")


# --- import -----------------------------------------------------------------------------------


@login_required
def org_import(request):
    if not permissions.is_system_admin(request.user):
        return _denied(request, _("只有系统管理员可以批量导入机构和人员。"))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "max_rows": importer.max_rows(),
        "max_mb": importer.max_bytes() / 1048576,
        "sheets": importer.SHEETS,
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importer.max_bytes():
            form.add_error("file", _("文件过大，上限为 %(mb).1f MB。") % {"mb": importer.max_bytes() / 1048576})
        else:
            try:
                summary = services.org_import(actor=request.user, data=upload.read(), filename=upload.name)
            except importer.ImportFailed as exc:
                return render(
                    request, T + "import_result.html", {**context, "failed": exc, "filename": upload.name}, status=422
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                return render(
                    request, T + "import_result.html", {**context, "summary": summary, "filename": upload.name}
                )
    return render(request, T + "import.html", context)


@login_required
def org_import_template(request):
    response = HttpResponse(
        importer.build_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"org-import-template.xlsx\"; filename*=UTF-8''%E7%BB%84%E7%BB%87%E6%9C%BA%E6%9E%84%E4%B8%8E%E4%BA%BA%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


# --- security policy --------------------------------------------------------------------------


@login_required
def security_policy(request):
    if not permissions.is_system_admin(request.user):
        return _denied(request, _("只有系统管理员可以修改安全策略。"))
    policy = SecurityPolicy.current()
    form = forms.SecurityPolicyForm(
        request.POST or None, initial={"require_two_factor_for_staff": policy.require_two_factor_for_staff}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.security_policy_update(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("安全策略已保存。"))
            return redirect("backoffice:security_policy")
    staff = selectors.user_list_active()
    enrolled = selectors.two_factor_enrolled_count()
    return render(
        request,
        T + "security_policy.html",
        {
            "form": form,
            "policy": policy,
            "staff_count": staff.count(),
            "enrolled_count": enrolled,
            "required_count": staff.filter(require_two_factor=True).count(),
        },
    )
