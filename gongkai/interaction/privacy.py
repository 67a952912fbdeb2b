"""Personal data removed from what the public sees of a letter (the public list, its feed, the API
and the search index all use ``public_text``): the writer's own name, phone, e-mail and address as
given (decrypted only here), and anything in the text shaped like an identity number, a phone
number or an e-mail address."""

from __future__ import annotations

import re

from gongkai.foi import interface as foi

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_FIXED = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ADDRESS_TAIL = re.compile(
    r"[\u4e00-\u9fa5A-Za-z0-9]{0,20}?(?:\d+|[一二三四五六七八九十百]+)\s*(?:号楼|栋|幢|单元|号|室)"
)

MASK = "***"


def _own(letter) -> list[str]:
    values = []
    for field, label in (
        ("name_enc", "name"),
        ("phone_enc", "phone"),
        ("email_enc", "email"),
        ("address_enc", "address"),
    ):
        value = foi.decrypt_text(getattr(letter, field, ""), label)
        if value:
            values.append(value)
    # Longest first, so an address is removed before a name it contains.
    return sorted(values, key=len, reverse=True)


def redact(text: str, own: list[str] | None = None) -> str:
    text = text or ""
    for value in own or []:
        if len(value) >= 2:
            text = text.replace(value, MASK)
    text = _EMAIL.sub(MASK, text)
    text = _ID.sub(MASK, text)
    text = _MOBILE.sub(MASK, text)
    text = _FIXED.sub(MASK, text)
    text = _ADDRESS_TAIL.sub(MASK, text)
    return text


def public_text(letter) -> dict[str, str]:
    """The title, content and reply of the letter as the public may see them."""
    own = _own(letter)
    return {
        "title": redact(letter.title, own),
        "content": redact(letter.content, own),
        "reply": redact(letter.reply_text, own),
    }
