"""Check digits of Chinese organisation codes.

- 组织机构代码 (GB 11714-1997): 8 body characters + 1 check character.
- 统一社会信用代码 (GB 32100-2015): 17 characters + 1 check character.
"""

from __future__ import annotations

import re

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def org_code_check_char(body: str) -> str:
    total = 0
    for char, weight in zip(body, _ORG_WEIGHTS, strict=True):
        value = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_org_code(code: str) -> bool:
    code = code.replace("-", "").upper()
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code):
        return False
    return org_code_check_char(code[:8]) == code[8]


def uscc_check_char(body: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def org_code_from_uscc(code: str) -> str:
    """Characters 9–17 of a USCC are the organisation code (GB 32100 §4)."""
    return code.upper()[8:17]


def validate_agency_code(code: str) -> str | None:
    """Return a Chinese error message, or None if the code is a valid 9- or 18-character code."""
    code = (code or "").strip().upper()
    if len(code) == 18:
        return None if is_valid_uscc(code) else "统一社会信用代码校验位不正确。"
    if len(code.replace("-", "")) == 9:
        return None if is_valid_org_code(code) else "组织机构代码校验位不正确。"
    return "机构代码应为 9 位组织机构代码或 18 位统一社会信用代码。"
