"""条例 art. 20–21 kinds of catalogue items (annual report section 二): the suggestion from the title
and the 文号 that the author confirms on the form, and the counts the annual report reads."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from .enums import ItemStatus, StatutoryKind

K = StatutoryKind
# A 规章 is promulgated by an order (…政府令第N号 / …令第N号).
_ORDER = re.compile(r"令\s*第?\s*[0-9０-９一二三四五六七八九十百]+\s*号")
_REPEAL = ("废止", "宣布失效", "停止执行")
_NORMATIVE_WORDS = ("办法", "规定", "细则", "规则", "实施意见", "暂行", "规范性文件")
_NUMBER = re.compile(r"〔\d{4}〕")


def suggest(title: str, document_number: str = "") -> str:
    """The kind suggested for an item, or "" (a person confirms it on the form)."""
    title = (title or "").strip()
    number = (document_number or "").strip()
    repeal = any(w in title for w in _REPEAL)
    if _ORDER.search(number) or _ORDER.search(title):
        return K.RULE_REPEALED if repeal else K.RULE_ISSUED
    if "行政许可" in title or "许可决定" in title:
        return K.PERMIT
    if "行政处罚" in title or "处罚决定" in title:
        return K.PENALTY
    if "行政强制" in title or "查封" in title or "扣押" in title:
        return K.COERCION
    if "收费" in title and ("标准" in title or "项目" in title or "目录" in title):
        return K.FEE
    if _NUMBER.search(number) and (repeal or any(w in title for w in _NORMATIVE_WORDS)):
        return K.NORMATIVE_REPEALED if repeal else K.NORMATIVE_ISSUED
    return ""


def counts(agency_ids: Iterable[int], year: int) -> dict[str, int]:
    """Published items of the agencies by kind: issued/repealed in the year (by 产生时间), and the
    documents in force on 31 December (issued or in force by then, less those repealed by then)."""
    from .models import InformationItem

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    qs = InformationItem.objects.filter(
        agency_id__in=list(agency_ids), status=ItemStatus.PUBLISHED, produced_on__lte=last
    ).exclude(statutory_kind="")
    out = dict.fromkeys(K.values, 0)
    in_year = dict.fromkeys(K.values, 0)
    for kind, produced in qs.values_list("statutory_kind", "produced_on"):
        out[kind] += 1
        if produced >= first:
            in_year[kind] += 1
    result = {f"{k}.year": v for k, v in in_year.items()}
    for prefix in ("rule", "normative"):
        result[f"{prefix}.in_force"] = max(
            0, out[f"{prefix}_issued"] + out[f"{prefix}_in_force"] - out[f"{prefix}_repealed"]
        )
    result["items"] = sum(out.values())
    return result
