"""How a public catalogue item is shown: the nine fields of 004 附件1 二(二) and the rest.

Everything here reads only the public copy of an item (``public_title``, ``public_body_*``,
``public_meta``, ``index_number``, ``published_at``, ``produced_on``, ``five_disclosure``,
``attribute``, ``agency``, ``category``) as returned by ``gongkai.catalog.selectors.public_*``.
The same functions feed the portal's pages, feeds and Excel export and the JSON API, so no public
path can show a field the others do not (hence here, below both edges: docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.catalog.enums import Attribute, FiveDisclosure, TimeLimit

SUMMARY_CHARS = 200


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str


def _meta(item) -> dict[str, Any]:
    meta = item.public_meta
    return meta if isinstance(meta, dict) else {}


def document_number(item) -> str:
    return _meta(item).get("document_number") or ""


def form_label(item) -> str:
    return _meta(item).get("attribute_label") or dict(Attribute.choices).get(item.attribute, item.attribute or "")


def five_label(item) -> str:
    code = item.five_disclosure or ""
    return _meta(item).get("five_disclosure_label") or dict(FiveDisclosure.choices).get(code, code)


def time_limit_text(item) -> str:
    meta = _meta(item)
    label = meta.get("time_limit_label") or dict(TimeLimit.choices).get(meta.get("time_limit", ""), "")
    end = meta.get("time_limit_end")
    if meta.get("time_limit") == TimeLimit.LIMITED and end:
        return _("%(label)s（至 %(end)s）") % {"label": label, "end": end}
    return label or str(TimeLimit.LONG_TERM.label)


def keywords(item) -> list[str]:
    return [k for k in (_meta(item).get("keywords") or "").split() if k]


def redaction_labels(item) -> list[str]:
    """The grounds of the passages withheld from the public copy (distinct, in order)."""
    labels: list[str] = []
    for note in _meta(item).get("redactions") or []:
        label = note.get("label") if isinstance(note, dict) else None
        if label and label not in labels:
            labels.append(label)
    return labels


def summary(item, chars: int = SUMMARY_CHARS) -> str:
    """The 内容描述, or the start of the public body text when there is none."""
    description = (_meta(item).get("description") or "").strip()
    if description:
        return description
    text = " ".join((item.public_body_text or "").split())
    return text[:chars] + ("…" if len(text) > chars else "")


def item_url(item) -> str:
    return reverse("portal:item", args=[item.pk])


def nine_fields(item) -> list[Field]:
    """索引号, 信息名称, 文件编号, 产生时间, 公开形式, 内容描述, 公开时限, 审核程序, 责任部门(科室)."""
    meta = _meta(item)
    return [
        Field("index_number", _("索引号"), item.index_number or ""),
        Field("title", _("信息名称"), item.public_title),
        Field("document_number", _("文件编号"), document_number(item)),
        Field("produced_on", _("产生时间"), item.produced_on.isoformat() if item.produced_on else ""),
        Field("form", _("公开形式"), form_label(item)),
        Field("description", _("内容描述"), meta.get("description") or ""),
        Field("time_limit", _("公开时限"), time_limit_text(item)),
        Field("review_procedure", _("审核程序"), meta.get("review_procedure") or ""),
        Field("section", _("责任部门（科室）"), meta.get("section") or ""),
    ]


def other_fields(item) -> list[Field]:
    return [
        Field("category", _("信息分类"), item.category.name),
        Field("keywords", _("关键词"), " ".join(keywords(item))),
        Field("agency", _("发布机构"), item.agency.name),
        Field("five_disclosure", _("五公开"), five_label(item)),
    ]


def item_record(item) -> dict[str, Any]:
    """The public fields as plain data (the API, the export)."""
    meta = _meta(item)
    return {
        "id": item.pk,
        "index_number": item.index_number or "",
        "title": item.public_title,
        "document_number": document_number(item),
        "produced_on": item.produced_on,
        "form": item.attribute,
        "form_label": form_label(item),
        "description": meta.get("description") or "",
        "time_limit": meta.get("time_limit") or TimeLimit.LONG_TERM.value,
        "time_limit_label": time_limit_text(item),
        "time_limit_end": meta.get("time_limit_end"),
        "review_procedure": meta.get("review_procedure") or "",
        "section": meta.get("section") or "",
        "category": {"code": item.category.code, "name": item.category.name},
        "keywords": keywords(item),
        "agency": {"id": item.agency_id, "name": item.agency.name},
        "five_disclosure": item.five_disclosure or "",
        "five_disclosure_label": five_label(item),
        "published_at": item.published_at,
        "modified_at": max(filter(None, [item.published_at, item.updated_at])),
        "redactions": redaction_labels(item),
        "url": item_url(item),
    }
