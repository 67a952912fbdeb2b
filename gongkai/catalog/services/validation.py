"""The R2.2 fields of the working copy: cleaning and per-field Chinese messages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.orgs.models import Agency, Section
from gongkai.rules.selectors import rule_value_or_none

from ..enums import Attribute, TimeLimit, WithholdGround
from ..ingest import normalise_document_number
from ..models import Category, InformationItem
from ..redaction import normalise_body

KEYWORD_RULE = "catalog.keyword_max_length"

# Fields of the working copy a user may set (SPEC R2.2), with their Chinese labels for messages.
ITEM_FIELDS = {
    "title": "信息名称",
    "document_number": "文件编号",
    "produced_on": "产生时间",
    "attribute": "公开属性",
    "withhold_grounds": "不予公开理由",
    "attribute_reason": "属性说明",
    "description": "内容描述",
    "time_limit": "公开时限",
    "time_limit_end": "限时公开截止日期",
    "keywords": "关键词",
    "category": "信息分类",
    "five_disclosure": "五公开",
    "statutory_kind": "条例第二十条事项",
    "section": "责任部门（科室）",
    "body_html": "正文",
}
_KEYWORD_SPLIT = re.compile(r"[\s\u3000]+")


# --- Validation ---------------------------------------------------------------------------------


def _as_date(value: Any, label: str, errors: dict[str, str], key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        errors[key] = f"{label}须为 yyyy-mm-dd 格式的日期。"
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[key] = f"{label}“{text}”不是有效日期。"
        return None


def keyword_limit(agency: Agency, on_date: dt.date | None = None) -> int | None:
    """The keyword length limit in force for the agency's region (None: no rule applies —
    there is no national limit, only local ones such as 鄂托克前旗's)."""
    rv = rule_value_or_none(KEYWORD_RULE, agency.region, on_date or clock.today())
    return None if rv is None else int(rv.value)


def clean_keywords(raw: str, limit: int | None) -> tuple[str, str | None]:
    words = [w for w in _KEYWORD_SPLIT.split(raw or "") if w]
    if not words:
        return "", "关键词不能为空，多个关键词之间用空格分隔。"
    long = [w for w in words if limit is not None and len(w) > limit]
    if long:
        return "", f"每个关键词不超过 {limit} 个字：“{'”“'.join(long)}”过长。"
    unique = list(dict.fromkeys(words))
    return " ".join(unique), None


def _clean_own_fields(
    data: dict[str, Any], partial_item: InformationItem | None, out: dict[str, Any], errors: dict[str, str]
) -> None:
    """The fields checked on their own value: title … time-limit end (into ``out`` and ``errors``)."""
    if "title" in data or partial_item is None:
        title = (data.get("title") or "").strip()
        if not title:
            errors["title"] = "信息名称不能为空（须使用全称，不得使用简称）。"
        elif len(title) > 300:
            errors["title"] = "信息名称不能超过 300 个字。"
        out["title"] = title
    if "document_number" in data:
        number = (data.get("document_number") or "").strip()
        out["document_number"] = (normalise_document_number(number) or number)[:100] if number else ""
    if "produced_on" in data or partial_item is None:
        produced = _as_date(data.get("produced_on"), "产生时间", errors, "produced_on")
        if produced is None and "produced_on" not in errors:
            errors["produced_on"] = "产生时间不能为空（yyyy-mm-dd）。"
        elif produced is not None and produced > clock.today():
            errors["produced_on"] = "产生时间不能晚于今天。"
        out["produced_on"] = produced
    if "attribute" in data or partial_item is None:
        attribute = data.get("attribute") or Attribute.ACTIVE
        if attribute not in Attribute.values:
            errors["attribute"] = "公开属性须为主动公开、依申请公开或不予公开。"
        out["attribute"] = attribute
    if "withhold_grounds" in data:
        grounds = data.get("withhold_grounds") or []
        if isinstance(grounds, str):
            grounds = [g for g in re.split(r"[,，\s]+", grounds) if g]
        bad = [g for g in grounds if g not in WithholdGround.values]
        if bad:
            errors["withhold_grounds"] = f"不予公开理由无效：{'、'.join(bad)}。"
        out["withhold_grounds"] = list(dict.fromkeys(grounds))
    for name in ("attribute_reason", "description"):
        if name in data:
            out[name] = (data.get(name) or "").strip()
    if "time_limit" in data or partial_item is None:
        limit = data.get("time_limit") or TimeLimit.LONG_TERM
        if limit not in TimeLimit.values:
            errors["time_limit"] = "公开时限须为长期公开或限时公开。"
        out["time_limit"] = limit
    if "time_limit_end" in data:
        out["time_limit_end"] = _as_date(data.get("time_limit_end"), "限时公开截止日期", errors, "time_limit_end")


def _clean_linked_fields(
    agency: Agency,
    data: dict[str, Any],
    partial_item: InformationItem | None,
    current: Callable[[str], Any],
    out: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """The fields checked against rules, other rows or the title: keywords … body."""
    if "keywords" in data or partial_item is None:
        keywords, message = clean_keywords(data.get("keywords") or "", keyword_limit(agency))
        if message:
            errors["keywords"] = message
        out["keywords"] = keywords
    if "category" in data or partial_item is None:
        category = data.get("category")
        if not isinstance(category, Category):
            category = Category.objects.filter(pk=category, is_active=True).first() if category else None
        if category is None or not category.is_active:
            errors["category"] = "请选择有效的信息分类。"
        out["category"] = category
    if "five_disclosure" in data:
        from ..enums import FiveDisclosure

        tag = data.get("five_disclosure") or ""
        if tag and tag not in FiveDisclosure.values:
            errors["five_disclosure"] = "五公开标签无效。"
        out["five_disclosure"] = tag
    if "statutory_kind" in data:
        from ..enums import StatutoryKind

        kind = data.get("statutory_kind") or ""
        if kind and kind not in StatutoryKind.values:
            errors["statutory_kind"] = "条例第二十条事项无效。"
        out["statutory_kind"] = kind
    if "section" in data:
        section = data.get("section")
        if section is not None and not isinstance(section, Section):
            section = Section.objects.filter(pk=section).first()
        if section is not None and section.agency_id != agency.pk:
            errors["section"] = "责任部门（科室）须属于本机构。"
        out["section"] = section
    if "body_html" in data:
        html, text = normalise_body(data.get("body_html") or "")
        out["body_html"], out["body_text"] = html, text
        title = out.get("title") or current("title") or ""
        first_line = text.split("\n", 1)[0].strip() if text else ""
        if title and first_line == title.strip():
            errors["body_html"] = "正文中不要再出现标题（004 附件1 二(一)6）。"


def _check_time_limit(current: Callable[[str], Any], out: dict[str, Any], errors: dict[str, str]) -> None:
    """Cross-field rules: a 限时公开 item needs an end date after its 产生时间."""
    time_limit = out.get("time_limit", current("time_limit"))
    end = out.get("time_limit_end", current("time_limit_end"))
    if time_limit == TimeLimit.LIMITED:
        produced = out.get("produced_on") or current("produced_on")
        if end is None and "time_limit_end" not in errors:
            errors["time_limit_end"] = "限时公开须填写截止日期。"
        elif end is not None and produced and end <= produced:
            errors["time_limit_end"] = "截止日期须晚于产生时间。"
    elif "time_limit" in out:
        out["time_limit_end"] = None


def _validate(agency: Agency, data: dict[str, Any], *, partial_item: InformationItem | None = None) -> dict[str, Any]:
    """Clean and check the R2.2 fields; raise ValidationFailed with per-field Chinese messages."""
    errors: dict[str, str] = {}
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}。")

    def current(name: str) -> Any:
        if name in data:
            return data[name]
        return getattr(partial_item, name, None) if partial_item is not None else None

    out: dict[str, Any] = {}
    _clean_own_fields(data, partial_item, out, errors)
    _clean_linked_fields(agency, data, partial_item, current, out, errors)
    _check_time_limit(current, out, errors)
    if errors:
        raise ValidationFailed("请修正以下内容：" + "；".join(errors.values()), detail=errors)
    return out


def _check_attribute_justified(item: InformationItem) -> None:
    """SPEC R2.9: a draft without a justified attribute is returned (退文)."""
    errors: dict[str, str] = {}
    if item.attribute == Attribute.WITHHELD and not item.withhold_grounds:
        errors["withhold_grounds"] = "拟不予公开的，须选择不予公开的理由（SPEC R3.3）。"
    if item.attribute == Attribute.ON_REQUEST and not item.attribute_reason.strip():
        errors["attribute_reason"] = "拟依申请公开的，须说明不主动公开的理由。"
    if not item.body_text.strip() and item.attribute == Attribute.ACTIVE:
        errors["body_html"] = "主动公开的信息须有正文。"
    if errors:
        raise ValidationFailed("公开属性未说明理由，不能提交：" + "；".join(errors.values()), detail=errors)
