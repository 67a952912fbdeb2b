"""People: accounts, profiles, passwords, activation and two-factor reset."""

from __future__ import annotations

import secrets

from django.db import transaction

from gongkai.audit.services import audit_log, changes
from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.orgs.events import OrgsEvent

from .. import permissions
from ..models import Agency, RoleAssignment, Section, User
from .roles import role_grant
from .units import _require_unit
from .validation import (
    _fail,
    _other_system_admin_exists,
    _save,
    _snapshot,
    email_error,
    password_errors,
    phone_error,
    username_error,
)

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
