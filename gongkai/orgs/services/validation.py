"""Shared validation (also used by the Excel importer) and the helpers of the writes."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q

from gongkai.core.errors import Conflict, ValidationFailed

from ..enums import REGION_DEPTH, RegionLevel, Role
from ..models import Agency, Region, User

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


def _other_system_admin_exists(user: User) -> bool:
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role_assignments__role=Role.SYSTEM_ADMIN))
        .exclude(pk=user.pk)
        .exists()
    )
