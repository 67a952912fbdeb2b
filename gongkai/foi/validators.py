"""Checks of applicants' input, with Chinese messages. Each raises ``ValidationFailed``.

- ``check_resident_id``: 18-digit 居民身份证号码 of GB 11643-1999 — region code, a real birth
  date and the ISO 7064 MOD 11-2 check character.
- ``check_credit_code``: 18-character 统一社会信用代码 of GB 32100-2015 (MOD 31 check).
- ``check_phone``: a mainland mobile number (11 digits starting 1[3-9]) or a fixed line with
  area code (e.g. ``0477-1234567``), optionally with an extension.
- ``check_attachment``: type by extension and by content (magic bytes) and the size cap.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email

from gongkai.core.errors import ValidationFailed

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_resident_id(value: str, *, today: dt.date | None = None) -> str:
    value = (value or "").strip().upper()
    if not _ID_RE.match(value):
        raise ValidationFailed("居民身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X。")
    if value[:2] not in {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82", "83", "91",
    }:  # fmt: skip
        raise ValidationFailed("居民身份证号码的地址码无效。")
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationFailed("居民身份证号码中的出生日期无效。") from None
    if born < dt.date(1900, 1, 1) or born > (today or dt.date.today()):
        raise ValidationFailed("居民身份证号码中的出生日期无效。")
    if resident_id_check_char(value[:17]) != value[17]:
        raise ValidationFailed("居民身份证号码校验位不正确，请核对后重新填写。")
    return value


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 18 or any(c not in _CREDIT_CHARS for c in value):
        raise ValidationFailed("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）。")
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationFailed("统一社会信用代码校验位不正确，请核对后重新填写。")
    return value


_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_FIXED_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def check_phone(value: str) -> str:
    value = re.sub(r"[\s()（）]", "", (value or "").strip())
    if value.startswith("+86"):
        value = value[3:]
    if not (_MOBILE_RE.match(value) or _FIXED_RE.match(value)):
        raise ValidationFailed(
            "联系电话格式不正确：手机号码为 11 位（如 13912345678），固定电话请带区号（如 0477-1234567）。"
        )
    return value


def check_email(value: str) -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValidationFailed("电子邮箱格式不正确。") from None
    return value


def check_id_number(id_type: str, value: str) -> str:
    from .enums import IdType

    value = (value or "").strip()
    if not value:
        raise ValidationFailed("请填写证件号码。")
    if id_type == IdType.RESIDENT_ID:
        return check_resident_id(value)
    if id_type == IdType.CREDIT_CODE:
        return check_credit_code(value)
    if len(value) > 40 or not re.match(r"^[0-9A-Za-z()（）\-]+$", value):
        raise ValidationFailed("证件号码只能包含数字、字母和连字符，且不超过 40 位。")
    return value.upper()


# --- Attachments ---------------------------------------------------------------------------------

# Operational limits (not statutory numbers): settings may override them.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ALLOWED_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def max_attachment_bytes() -> int:
    return int(getattr(settings, "FOI_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_attachment(name: str, data: bytes) -> tuple[str, str]:
    """Returns ``(clean file name, content type)`` or raises ``ValidationFailed``."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "附件"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = max_attachment_bytes()
    if ext not in ALLOWED_TYPES:
        raise ValidationFailed(f"附件“{name}”的类型不受支持：只接受 PDF、JPG、PNG 文件。")
    if not data:
        raise ValidationFailed(f"附件“{name}”是空文件。")
    if len(data) > limit:
        raise ValidationFailed(f"附件“{name}”超过大小上限（{limit // (1024 * 1024)} MB）。")
    content_type, magics = ALLOWED_TYPES[ext]
    if not any(data.startswith(m) for m in magics):
        raise ValidationFailed(f"附件“{name}”的内容与文件类型不符：只接受真实的 PDF、JPG、PNG 文件。")
    return name, content_type
