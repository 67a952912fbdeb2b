"""Writes to regions, agencies, sections, people and roles (SPEC M1).

Every function checks the actor's permission, runs in one transaction and writes an
audit event with the old and new values in that transaction. Bad input raises
``ValidationFailed``, duplicates ``Conflict``, missing rights ``PermissionDenied``:
never an IntegrityError.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q

from gongkai.audit.services import audit_log, changes
from gongkai.core import clock
from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.orgs.events import OrgsEvent

from . import grant_checks, importer, permissions
from .codes import validate_agency_code
from .enums import REGION_DEPTH, AgencyKind, RegionLevel, Role
from .models import Agency, Region, RoleAssignment, Section, SecurityPolicy, User

# --- shared validation (also used by the Excel importer) --------------------------------------

_PHONE_RE = re.compile(r"^[0-9+\-()（） ]{3,32}$")
_DEPARTMENT_CODE_RE = re.compile(r"^[0-9A-Za-z]{1,10}$")
_USERNAME_RE = re.compile(r"^[\w.@+-]{1,150}$")


def normalise_agency_code(code: str) -> str:
    """Upper case, no spaces; a 9-character code loses its hyphen (``12345678-9``)."""
    code = (code or "").strip().upper().replace(" ", "")
    if len(code.replace("-", "")) == 9:
        code = code.replace("-", "")
    return code


def region_code_error(code: str, level: str) -> str | None:
    """Chinese message if ``code`` is not a well-formed code for ``level`` (GB/T 2260; township 9/12 digits)."""
    if level not in RegionLevel.values:
        return "区划层级不正确。"
    if level == RegionLevel.TOWNSHIP:
        if not re.fullmatch(r"\d{9}|\d{12}", code):
            return "乡级区划代码应为 9 位或 12 位数字。"
        return None
    if not re.fullmatch(r"\d{6}", code):
        return "省、市、县级区划代码应为 6 位数字（GB/T 2260）。"
    if level == RegionLevel.PROVINCE and not code.endswith("0000"):
        return "省级区划代码的后四位应为 0000。"
    if level == RegionLevel.CITY and (not code.endswith("00") or code.endswith("0000")):
        return "市级区划代码的后两位应为 00，第 3–4 位不应为 00。"
    if level == RegionLevel.COUNTY and code.endswith("00"):
        return "县级区划代码的后两位不应为 00。"
    return None


def _code_prefix(code: str) -> str:
    """The part of a region code its subdivisions share (150600 → 1506, 150000 → 15)."""
    if len(code) == 6:
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
    return code


def region_parent_error(code: str, level: str, parent: Region | None) -> str | None:
    if parent is None:
        return None if level == RegionLevel.PROVINCE else "非省级区划须选择上级区划。"
    if REGION_DEPTH[RegionLevel(level)] <= REGION_DEPTH[RegionLevel(parent.level)]:
        return f"区划层级必须低于上级区划“{parent.name}”（{parent.get_level_display()}）。"
    if not code.startswith(_code_prefix(parent.code)):
        return f"区划代码 {code} 与上级区划“{parent.name}”的代码 {parent.code} 不一致。"
    return None


def department_code_error(code: str) -> str | None:
    if code and not _DEPARTMENT_CODE_RE.fullmatch(code):
        return "部门代码应为 1–10 位数字或字母。"
    return None


def agency_code_conflict(code: str, *, exclude_pk: int | None = None) -> Agency | None:
    """An existing agency with the same code, or the same 9-character organisation code inside a USCC."""
    org9 = code[8:17] if len(code) == 18 else code
    candidates = Agency.objects.filter(Q(code=code) | Q(code=org9) | Q(code__contains=org9))
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    for other in candidates:
        if other.code == code or other.org_code == org9:
            return other
    return None


def phone_error(phone: str) -> str | None:
    if phone and not _PHONE_RE.fullmatch(phone):
        return "电话号码格式不正确。"
    return None


def email_error(email: str) -> str | None:
    if not email:
        return None
    try:
        validate_email(email)
    except DjangoValidationError:
        return "电子邮箱格式不正确。"
    return None


def username_error(username: str) -> str | None:
    if not username:
        return "请填写用户名。"
    if not _USERNAME_RE.fullmatch(username):
        return "用户名只能包含字母、数字和 @ . + - _，最长 150 个字符。"
    return None


def password_errors(password: str, user: User | None = None) -> list[str]:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        return [str(m) for m in exc.messages]
    return []


# Default of optional foreign-key arguments meaning "leave as it is" (None clears the link).
_UNCHANGED: Any = object()


def _fail(message: str, field: str | None = None) -> ValidationFailed:
    return ValidationFailed(message, detail={"field": field} if field else None)


def _save(instance, message: str) -> None:
    """Save in a savepoint so a racing duplicate becomes a Conflict, not a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise Conflict(message) from exc


def _snapshot(instance, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


# --- regions ----------------------------------------------------------------------------------

_REGION_FIELDS = ["code", "name", "level", "parent_id"]


@transaction.atomic
def region_create(*, actor, code: str, name: str, level: str, parent: Region | None = None) -> Region:
    permissions.require_system_admin(actor)
    code = (code or "").strip()
    name = (name or "").strip()
    if not name:
        raise _fail("请填写区划名称。", "name")
    if error := region_code_error(code, level):
        raise _fail(error, "code")
    if error := region_parent_error(code, level, parent):
        raise _fail(error, "parent")
    if Region.objects.filter(code=code).exists():
        raise Conflict(f"区划代码 {code} 已存在。")
    if Region.objects.filter(parent=parent, name=name).exists():
        raise Conflict(f"同一上级区划下已有名为“{name}”的区划。")
    region = Region(code=code, name=name, level=level, parent=parent)
    _save(region, f"区划代码 {code} 已存在。")
    audit_log(
        actor=actor, event=OrgsEvent.REGION_CREATED, target=region, data={"new": _snapshot(region, _REGION_FIELDS)}
    )
    return region


@transaction.atomic
def region_update(
    *,
    actor,
    region: Region,
    code: str | None = None,
    name: str | None = None,
    level: str | None = None,
    parent: Region | None = _UNCHANGED,
) -> Region:
    """Change a region; arguments left out stay as they are (``parent=None`` clears the parent)."""
    permissions.require_system_admin(actor)
    region = Region.objects.select_for_update().get(pk=region.pk)
    new = {
        "code": region.code if code is None else code.strip(),
        "name": region.name if name is None else name.strip(),
        "level": region.level if level is None else level,
        "parent": region.parent if parent is _UNCHANGED else parent,
    }
    if not new["name"]:
        raise _fail("请填写区划名称。", "name")
    if error := region_code_error(new["code"], new["level"]):
        raise _fail(error, "code")
    if error := region_parent_error(new["code"], new["level"], new["parent"]):
        raise _fail(error, "parent")
    if new["parent"] is not None and region.pk in {r.pk for r in new["parent"].ancestors()}:
        raise _fail("上级区划不能是本区划或其下级区划。", "parent")
    for child in region.children.all():
        if error := region_parent_error(child.code, child.level, Region(**{**new, "pk": region.pk})):
            raise _fail(f"下级区划“{child.name}”与修改后的区划不一致：{error}", "code")
    if Region.objects.filter(code=new["code"]).exclude(pk=region.pk).exists():
        raise Conflict(f"区划代码 {new['code']} 已存在。")
    if Region.objects.filter(parent=new["parent"], name=new["name"]).exclude(pk=region.pk).exists():
        raise Conflict(f"同一上级区划下已有名为“{new['name']}”的区划。")
    new_values = {**new, "parent_id": new["parent"].pk if new["parent"] else None}
    diff = changes(region, _REGION_FIELDS, new_values)
    if not diff["new"]:
        return region
    region.code, region.name, region.level, region.parent = new["code"], new["name"], new["level"], new["parent"]
    _save(region, f"区划代码 {new['code']} 已存在。")
    audit_log(actor=actor, event=OrgsEvent.REGION_UPDATED, target=region, data=diff)
    return region


# --- agencies ---------------------------------------------------------------------------------

_AGENCY_FIELDS = ["name", "short_name", "kind", "region_id", "parent_id", "code", "department_code", "is_active"]


def _check_agency_values(values: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    if not values["name"]:
        raise _fail("请填写机构名称。", "name")
    if values["kind"] not in AgencyKind.values:
        raise _fail("机构类型不正确。", "kind")
    if values["region"] is None:
        raise _fail("请选择所在区划。", "region")
    if error := validate_agency_code(values["code"]):
        raise _fail(error, "code")
    if error := department_code_error(values["department_code"]):
        raise _fail(error, "department_code")
    parent = values["parent"]
    if parent is not None:
        if exclude_pk is not None and exclude_pk in {a.pk for a in parent.ancestors()}:
            raise _fail("上级机构不能是本机构或其下属机构（会形成循环）。", "parent")
        if parent.region_id not in {r.pk for r in values["region"].ancestors()}:
            raise _fail("上级机构应位于本机构所在区划或其上级区划。", "parent")
    if other := agency_code_conflict(values["code"], exclude_pk=exclude_pk):
        raise Conflict(f"机构代码 {values['code']} 已被“{other.name}”使用。")
    same_name = Agency.objects.filter(region=values["region"], name=values["name"])
    if exclude_pk is not None:
        same_name = same_name.exclude(pk=exclude_pk)
    if same_name.exists():
        raise Conflict(f"区划“{values['region'].name}”下已有名为“{values['name']}”的机构。")
    if values["department_code"]:
        same_dept = Agency.objects.filter(region=values["region"], department_code=values["department_code"])
        if exclude_pk is not None:
            same_dept = same_dept.exclude(pk=exclude_pk)
        if other := same_dept.first():
            raise Conflict(
                f"区划“{values['region'].name}”下部门代码 {values['department_code']} 已被“{other.name}”使用。"
            )


@transaction.atomic
def agency_create(
    *,
    actor,
    name: str,
    kind: str,
    region: Region,
    code: str,
    short_name: str = "",
    parent: Agency | None = None,
    department_code: str = "",
) -> Agency:
    permissions.require_system_admin(actor)
    values = {
        "name": (name or "").strip(),
        "short_name": (short_name or "").strip(),
        "kind": kind,
        "region": region,
        "parent": parent,
        "code": normalise_agency_code(code),
        "department_code": (department_code or "").strip(),
    }
    _check_agency_values(values)
    agency = Agency(**values)
    _save(agency, "机构代码或名称与现有机构重复。")
    audit_log(
        actor=actor, event=OrgsEvent.AGENCY_CREATED, target=agency, data={"new": _snapshot(agency, _AGENCY_FIELDS)}
    )
    return agency


@transaction.atomic
def agency_update(
    *,
    actor,
    agency: Agency,
    name: str | None = None,
    short_name: str | None = None,
    kind: str | None = None,
    region: Region | None = None,
    code: str | None = None,
    department_code: str | None = None,
    parent: Agency | None = _UNCHANGED,
) -> Agency:
    """Change an agency; arguments left out stay as they are (``parent=None`` clears the parent)."""
    permissions.require_system_admin(actor)
    agency = Agency.objects.select_for_update(of=("self",)).select_related("region", "parent").get(pk=agency.pk)
    values = {
        "name": agency.name if name is None else name.strip(),
        "short_name": agency.short_name if short_name is None else short_name.strip(),
        "kind": agency.kind if kind is None else kind,
        "region": agency.region if region is None else region,
        "parent": agency.parent if parent is _UNCHANGED else parent,
        "code": agency.code if code is None else normalise_agency_code(code),
        "department_code": agency.department_code if department_code is None else department_code.strip(),
    }
    _check_agency_values(values, exclude_pk=agency.pk)
    new_values = {
        **values,
        "region_id": values["region"].pk,
        "parent_id": values["parent"].pk if values["parent"] else None,
    }
    diff = changes(agency, _AGENCY_FIELDS, new_values)
    if not diff["new"]:
        return agency
    for field, value in values.items():
        setattr(agency, field, value)
    _save(agency, "机构代码或名称与现有机构重复。")
    audit_log(actor=actor, event=OrgsEvent.AGENCY_UPDATED, target=agency, data=diff)
    return agency


@transaction.atomic
def agency_set_active(*, actor, agency: Agency, active: bool) -> Agency:
    permissions.require_system_admin(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.is_active == active:
        return agency
    diff = changes(agency, ["is_active"], {"is_active": active})
    agency.is_active = active
    agency.save(update_fields=["is_active", "updated_at"])
    audit_log(
        actor=actor,
        event=OrgsEvent.AGENCY_ACTIVATED if active else OrgsEvent.AGENCY_DEACTIVATED,
        target=agency,
        data=diff,
    )
    return agency


def agency_deactivate(*, actor, agency: Agency) -> Agency:
    return agency_set_active(actor=actor, agency=agency, active=False)


def agency_activate(*, actor, agency: Agency) -> Agency:
    return agency_set_active(actor=actor, agency=agency, active=True)


# --- sections ---------------------------------------------------------------------------------

_SECTION_FIELDS = ["agency_id", "name", "code", "is_active"]


def _require_unit(actor, agency: Agency) -> None:
    permissions.require(
        permissions.can_manage_unit(actor, agency), "只有本单位的编制单位管理员或系统管理员可以执行此操作。"
    )


@transaction.atomic
def section_create(*, actor, agency: Agency, name: str, code: str = "") -> Section:
    _require_unit(actor, agency)
    name = (name or "").strip()
    code = (code or "").strip()
    if not name:
        raise _fail("请填写科室名称。", "name")
    if len(code) > 20:
        raise _fail("科室代码最长 20 个字符。", "code")
    if Section.objects.filter(agency=agency, name=name).exists():
        raise Conflict(f"“{agency.name}”已有名为“{name}”的科室。")
    section = Section(agency=agency, name=name, code=code)
    _save(section, f"“{agency.name}”已有名为“{name}”的科室。")
    audit_log(
        actor=actor, event=OrgsEvent.SECTION_CREATED, target=section, data={"new": _snapshot(section, _SECTION_FIELDS)}
    )
    return section


@transaction.atomic
def section_update(
    *, actor, section: Section, name: str | None = None, code: str | None = None, is_active: bool | None = None
) -> Section:
    _require_unit(actor, section.agency)
    section = Section.objects.select_for_update(of=("self",)).select_related("agency").get(pk=section.pk)
    new = {
        "name": section.name if name is None else name.strip(),
        "code": section.code if code is None else code.strip(),
        "is_active": section.is_active if is_active is None else is_active,
    }
    if not new["name"]:
        raise _fail("请填写科室名称。", "name")
    if len(new["code"]) > 20:
        raise _fail("科室代码最长 20 个字符。", "code")
    if Section.objects.filter(agency=section.agency, name=new["name"]).exclude(pk=section.pk).exists():
        raise Conflict(f"“{section.agency.name}”已有名为“{new['name']}”的科室。")
    diff = changes(section, _SECTION_FIELDS, new)
    if not diff["new"]:
        return section
    section.name, section.code, section.is_active = new["name"], new["code"], new["is_active"]
    _save(section, f"“{section.agency.name}”已有名为“{new['name']}”的科室。")
    audit_log(actor=actor, event=OrgsEvent.SECTION_UPDATED, target=section, data=diff)
    return section


# --- people -----------------------------------------------------------------------------------

_USER_FIELDS = ["username", "full_name", "phone", "email", "title", "require_two_factor", "is_active"]


def _user_agency_id(user: User) -> int | None:
    """The unit an event about a person is filed under (their first unit), for audit scoping."""
    return RoleAssignment.objects.filter(user=user, agency__isnull=False).values_list("agency_id", flat=True).first()


def _check_profile(*, full_name: str, phone: str, email: str, title: str) -> None:
    if not full_name:
        raise _fail("请填写姓名。", "full_name")
    if len(full_name) > 100:
        raise _fail("姓名最长 100 个字符。", "full_name")
    if error := phone_error(phone):
        raise _fail(error, "phone")
    if error := email_error(email):
        raise _fail(error, "email")
    if len(title) > 100:
        raise _fail("职务最长 100 个字符。", "title")


def generate_password() -> str:
    """A random password that passes the validators (shown once to the administrator)."""
    return "Gk-" + secrets.token_urlsafe(12)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    password: str | None = None,
    phone: str = "",
    email: str = "",
    title: str = "",
    require_two_factor: bool = False,
    agency: Agency | None = None,
    section: Section | None = None,
    roles: list[str] | tuple[str, ...] = (),
) -> User:
    """Create a staff account, optionally with roles in ``agency`` (a unit administrator must give one).

    With no ``password`` a random one is set and left on ``user.generated_password`` so the
    administrator can pass it on once.
    """
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    phone, email, title = (phone or "").strip(), (email or "").strip(), (title or "").strip()
    if not permissions.is_system_admin(actor):
        if agency is None or not roles:
            raise PermissionDenied("编制单位管理员新建人员时须同时在本单位分配角色。")
        _require_unit(actor, agency)
    if error := username_error(username):
        raise _fail(error, "username")
    _check_profile(full_name=full_name, phone=phone, email=email, title=title)
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(f"用户名“{username}”已被使用。")
    generated = None
    if not password:
        password = generated = generate_password()
    user = User(
        username=username,
        full_name=full_name,
        phone=phone,
        email=email,
        title=title,
        require_two_factor=require_two_factor,
    )
    if errors := password_errors(password, user):
        raise ValidationFailed("密码不符合要求：" + " ".join(errors), detail={"field": "password"})
    user.set_password(password)
    _save(user, f"用户名“{username}”已被使用。")
    audit_log(
        actor=actor,
        event=OrgsEvent.USER_CREATED,
        target=user,
        data={"new": _snapshot(user, _USER_FIELDS)},
        agency_id=agency.pk if agency else None,
    )
    for role in roles:
        role_grant(actor=actor, user=user, role=role, agency=agency, section=section)
    user.generated_password = generated
    return user


@transaction.atomic
def user_update(
    *,
    actor,
    user: User,
    full_name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    title: str | None = None,
    require_two_factor: bool | None = None,
) -> User:
    permissions.require_can_manage_user(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    new = {
        "full_name": user.full_name if full_name is None else full_name.strip(),
        "phone": user.phone if phone is None else phone.strip(),
        "email": user.email if email is None else email.strip(),
        "title": user.title if title is None else title.strip(),
        "require_two_factor": user.require_two_factor if require_two_factor is None else require_two_factor,
    }
    _check_profile(full_name=new["full_name"], phone=new["phone"], email=new["email"], title=new["title"])
    diff = changes(user, _USER_FIELDS, new)
    if not diff["new"]:
        return user
    for field, value in new.items():
        setattr(user, field, value)
    user.save(update_fields=[*new.keys()])
    audit_log(actor=actor, event=OrgsEvent.USER_UPDATED, target=user, data=diff, agency_id=_user_agency_id(user))
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str | None = None) -> str | None:
    """Set (or, with no password, generate) a person's password. Returns the generated one, if any."""
    permissions.require_can_manage_user(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    generated = None
    if not password:
        password = generated = generate_password()
    if errors := password_errors(password, user):
        raise ValidationFailed("密码不符合要求：" + " ".join(errors), detail={"field": "password"})
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(actor=actor, event=OrgsEvent.USER_PASSWORD_SET, target=user, agency_id=_user_agency_id(user))
    return generated


def _other_system_admin_exists(user: User) -> bool:
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role_assignments__role=Role.SYSTEM_ADMIN))
        .exclude(pk=user.pk)
        .exists()
    )


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    permissions.require_can_manage_user(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    if not active:
        if user.pk == getattr(actor, "pk", None):
            raise ValidationFailed("不能停用自己的账户。")
        if permissions.is_system_admin(user) and not _other_system_admin_exists(user):
            raise Conflict("不能停用最后一位系统管理员。")
    diff = changes(user, ["is_active"], {"is_active": active})
    user.is_active = active
    user.save(update_fields=["is_active"])
    permissions.clear_cache(user)
    audit_log(
        actor=actor,
        event=OrgsEvent.USER_ACTIVATED if active else OrgsEvent.USER_DEACTIVATED,
        target=user,
        data=diff,
        agency_id=_user_agency_id(user),
    )
    return user


def user_deactivate(*, actor, user: User) -> User:
    return user_set_active(actor=actor, user=user, active=False)


def user_activate(*, actor, user: User) -> User:
    return user_set_active(actor=actor, user=user, active=True)


@transaction.atomic
def user_reset_two_factor(*, actor, user: User) -> int:
    """Remove a person's TOTP devices (lost phone); they enrol again at next sign-in. Returns how many."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    permissions.require_can_manage_user(actor, user)
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_log(
        actor=actor,
        event=OrgsEvent.USER_TWO_FACTOR_RESET,
        target=user,
        data={"removed": removed},
        agency_id=_user_agency_id(user),
    )
    return removed


# --- roles ------------------------------------------------------------------------------------


@transaction.atomic
def role_grant(
    *, actor, user: User, role: str, agency: Agency | None = None, section: Section | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise _fail("未知角色。", "role")
    if role == Role.SYSTEM_ADMIN:
        permissions.require_system_admin(actor)
        if agency is not None or section is not None:
            raise _fail("系统管理员为全局角色，不能指定单位或科室。", "agency")
    else:
        if agency is None:
            raise _fail("请选择单位。", "agency")
        if not permissions.can_grant_role(actor, role, agency):
            if role in permissions.ADMIN_ROLES:
                raise PermissionDenied("只有系统管理员可以分配管理员角色。")
            raise PermissionDenied("编制单位管理员只能在本单位分配非管理员角色。")
        if section is not None and section.agency_id != agency.pk:
            raise _fail(f"科室“{section.name}”不属于“{agency.name}”。", "section")
        if not Agency.objects.filter(pk=agency.pk, is_active=True).exists():
            raise _fail(f"“{agency.name}”已停用，不能分配角色。", "agency")
    if not user.is_active:
        raise _fail("该账户已停用，不能分配角色。", "user")
    label = Role(role).label
    duplicate = RoleAssignment.objects.filter(user=user, role=role, agency=agency, section=section)
    if duplicate.exists():
        raise Conflict(f"该用户已拥有此角色：{label}。")
    # Checks registered by higher apps (grant_checks): a blocking one refuses, the rest warn.
    notices = grant_checks.run(user=user, role=role, agency=agency, on_date=clock.today())
    blocking = [n for n in notices if n.blocking]
    if blocking:
        raise _fail(" ".join(n.message for n in blocking), "role")
    assignment = RoleAssignment(user=user, role=role, agency=agency, section=section)
    _save(assignment, f"该用户已拥有此角色：{label}。")
    permissions.clear_cache(user)
    new = {
        "user": user.username,
        "role": role,
        "agency_id": agency.pk if agency else None,
        "section_id": section.pk if section else None,
    }
    data: dict[str, Any] = {"new": new}
    if notices:
        data["warnings"] = [n.message for n in notices]
    audit_log(actor=actor, event=OrgsEvent.ROLE_GRANTED, target=assignment, data=data)
    assignment.grant_warnings = [n.message for n in notices]
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    assignment = RoleAssignment.objects.select_for_update(of=("self",)).select_related("user").get(pk=assignment.pk)
    if not permissions.can_grant_role(actor, assignment.role, assignment.agency_id):
        if assignment.role in permissions.ADMIN_ROLES:
            raise PermissionDenied("只有系统管理员可以撤销管理员角色。")
        raise PermissionDenied("编制单位管理员只能撤销本单位的非管理员角色。")
    user = assignment.user
    if (
        assignment.role == Role.SYSTEM_ADMIN
        and not user.is_superuser
        and user.is_active
        and not _other_system_admin_exists(user)
    ):
        raise Conflict("不能撤销最后一位系统管理员的角色。")
    old = {
        "user": user.username,
        "role": assignment.role,
        "agency_id": assignment.agency_id,
        "section_id": assignment.section_id,
    }
    audit_log(actor=actor, event=OrgsEvent.ROLE_REVOKED, target=assignment, data={"old": old})
    assignment.delete()
    permissions.clear_cache(user)


# --- security policy --------------------------------------------------------------------------


@transaction.atomic
def security_policy_update(*, actor, require_two_factor_for_staff: bool) -> SecurityPolicy:
    permissions.require_system_admin(actor)
    SecurityPolicy.current()
    policy = SecurityPolicy.objects.select_for_update().get(pk=1)
    diff = changes(
        policy, ["require_two_factor_for_staff"], {"require_two_factor_for_staff": require_two_factor_for_staff}
    )
    if not diff["new"]:
        return policy
    policy.require_two_factor_for_staff = require_two_factor_for_staff
    policy.save()
    audit_log(actor=actor, event=OrgsEvent.SECURITY_POLICY_UPDATED, target=policy, data=diff)
    return policy


# --- Excel import -----------------------------------------------------------------------------


def org_import(*, actor, data: bytes, filename: str = "") -> importer.ImportSummary:
    """Import agencies, sections and people from an .xlsx workbook: everything, or nothing.

    Only system administrators import. Raises ``importer.ImportFailed`` (a ``ValidationFailed``)
    whose ``errors`` list every problem by sheet, row and column.
    """
    permissions.require_system_admin(actor)
    sheets = importer.read_workbook(data, filename)
    with transaction.atomic():
        plan, errors = importer.validate(sheets)
        if errors:
            raise importer.ImportFailed(errors)
        try:
            with transaction.atomic():
                summary = _apply_import(actor=actor, plan=plan)
        except IntegrityError as exc:
            raise Conflict(
                "导入时发现与现有数据冲突的记录（可能有人同时修改了数据），未导入任何数据，请重试。"
            ) from exc
        audit_log(
            actor=actor,
            event=OrgsEvent.IMPORT_COMPLETED,
            target=filename or "import.xlsx",
            data={
                "agencies": summary.agencies,
                "sections": summary.sections,
                "users": summary.users,
                "roles": summary.roles,
            },
        )
    return summary


def _apply_import(*, actor, plan: importer.ImportPlan) -> importer.ImportSummary:
    summary = importer.ImportSummary()
    agencies: dict[str, Agency] = {}

    def org9(code: str) -> str:
        return code[8:17] if len(code) == 18 else code

    def agency_for(code: str) -> Agency:
        key = org9(code)
        if key not in agencies:
            found = agency_code_conflict(code)
            if found is None:  # pragma: no cover - validated before
                raise Conflict(f"机构 {code} 不存在。")
            agencies[key] = found
        return agencies[key]

    for row in plan.agencies:
        parent = row.parent or (agency_for(row.parent_code) if row.parent_code else None)
        agency = Agency.objects.create(
            name=row.name,
            short_name=row.short_name,
            kind=row.kind,
            region=row.region,
            parent=parent,
            code=row.code,
            department_code=row.department_code,
        )
        agencies[org9(row.code)] = agency
        audit_log(
            actor=actor,
            event=OrgsEvent.AGENCY_CREATED,
            target=agency,
            data={"new": _snapshot(agency, _AGENCY_FIELDS), "source": "import", "row": row.row},
        )
        summary.agencies += 1

    sections: dict[tuple[int, str], Section] = {}
    for row in plan.sections:
        agency = agency_for(row.agency_code)
        section = Section.objects.create(agency=agency, name=row.name, code=row.code)
        sections[(agency.pk, row.name)] = section
        audit_log(
            actor=actor,
            event=OrgsEvent.SECTION_CREATED,
            target=section,
            data={"new": _snapshot(section, _SECTION_FIELDS), "source": "import", "row": row.row},
        )
        summary.sections += 1

    for row in plan.people:
        agency = agency_for(row.agency_code)
        user = User(username=row.username, full_name=row.full_name, phone=row.phone, email=row.email)
        if row.password:
            user.set_password(row.password)
        else:
            user.set_unusable_password()
            summary.without_password.append(row.username)
        user.save()
        audit_log(
            actor=actor,
            event=OrgsEvent.USER_CREATED,
            target=user,
            data={"new": _snapshot(user, _USER_FIELDS), "source": "import", "row": row.row},
            agency_id=agency.pk,
        )
        summary.users += 1
        section = None
        if row.section_name:
            section = sections.get((agency.pk, row.section_name)) or Section.objects.get(
                agency=agency, name=row.section_name
            )
        for role in row.roles:
            assignment = RoleAssignment.objects.create(user=user, role=role, agency=agency, section=section)
            audit_log(
                actor=actor,
                event=OrgsEvent.ROLE_GRANTED,
                target=assignment,
                data={
                    "new": {
                        "user": user.username,
                        "role": role,
                        "agency_id": agency.pk,
                        "section_id": section.pk if section else None,
                    },
                    "source": "import",
                },
            )
            summary.roles += 1
    return summary
