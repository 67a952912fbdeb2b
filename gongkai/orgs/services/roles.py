"""Role grants and revocations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.core import clock
from gongkai.core.errors import Conflict, PermissionDenied
from gongkai.orgs.events import OrgsEvent

from .. import grant_checks, permissions
from ..enums import Role
from ..models import Agency, RoleAssignment, Section, User
from .validation import _fail, _other_system_admin_exists, _save

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
