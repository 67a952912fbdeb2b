"""Index numbers (索引号, SPEC R2.3): generated, never edited, unique, gap-free.

The format is a rule record (``catalog.index_number_format``) so each jurisdiction may use its
own: the national default ``{org_code}/{year}-{seq:05d}`` (seed 004's header shows
``000014349/2018-01705``), or a local one built from region, department and category codes
(004 附件1 二(二)1: 地区编号、部门编号、信息类编号、信息生成年份、信息顺序编号).

The sequence counts per agency and year (and per category when the pattern uses the
category). It is taken with a row lock inside the publication transaction, so concurrent
publications get consecutive numbers and a rolled-back publication leaves no gap.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from gongkai.core.errors import ValidationFailed
from gongkai.rules.selectors import rule_value

from .models import IndexCounter, InformationItem

FORMAT_RULE_KEY = "catalog.index_number_format"
FIELDS = {"org_code", "region_code", "department_code", "category_code", "year", "seq"}


@dataclass(frozen=True)
class IndexNumber:
    value: str
    year: int
    seq: int
    scheme: str


def _pattern_fields(pattern: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


def validate_pattern(pattern: str) -> None:
    names = _pattern_fields(pattern)
    unknown = names - FIELDS
    if unknown or "seq" not in names or "year" not in names:
        raise ValidationFailed(
            "索引号格式须包含 {year} 和 {seq}，且只能使用 {org_code} {region_code} {department_code} {category_code}。"
        )


def _next_seq(scope: str) -> int:
    """Increment the counter of ``scope`` under a row lock and return the new value."""
    for _attempt in range(3):
        counter = IndexCounter.objects.select_for_update().filter(scope=scope).first()
        if counter is None:
            try:
                with transaction.atomic():
                    IndexCounter.objects.create(scope=scope, last=0)
            except IntegrityError:  # another transaction created it first; lock theirs
                pass
            continue
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
    raise RuntimeError(f"could not take the index counter {scope}")


def assign(item: InformationItem) -> IndexNumber:
    """Compute and reserve the next index number of ``item`` (call inside the publication transaction)."""
    year = item.produced_on.year
    rule = rule_value(FORMAT_RULE_KEY, item.agency.region, item.produced_on)
    fmt = rule.value
    pattern = fmt["pattern"]
    validate_pattern(pattern)
    names = _pattern_fields(pattern)
    values = {
        "org_code": item.agency.org_code,
        "region_code": item.agency.region.code,
        "department_code": item.agency.department_code or "000",
        "category_code": item.category.code,
        "year": year,
    }
    if "department_code" in names and not item.agency.department_code:
        raise ValidationFailed(f"索引号格式需要部门代码，但“{item.agency.name}”尚未设置部门代码。")
    scope_parts = [fmt.get("code", "custom"), str(item.agency_id), str(year)]
    if "category_code" in names:
        scope_parts.append(item.category.code)
    seq = _next_seq(":".join(scope_parts))
    return IndexNumber(value=pattern.format(seq=seq, **values), year=year, seq=seq, scheme=fmt.get("code", "custom"))
