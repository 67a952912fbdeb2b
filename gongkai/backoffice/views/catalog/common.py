"""Constants and helpers shared by the catalogue's back-office pages."""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from gongkai.catalog import selectors
from gongkai.catalog.enums import (
    ItemStatus,
    SourceFormat,
)
from gongkai.catalog.models import InformationItem
from gongkai.catalog.reviews import CONCLUSIONS
from gongkai.workflow.enums import ReviewAction, ReviewEvent

T = "backoffice/catalog/"
PAGE_SIZE = 30
SOURCE_SALT = "gongkai.catalog.item-source"
STATUS_BADGE = {
    ItemStatus.DRAFT: "",
    ItemStatus.IN_REVIEW: "warn",
    ItemStatus.RETURNED: "warn",
    ItemStatus.PUBLISHED: "ok",
    ItemStatus.NOT_PUBLIC: "",
    ItemStatus.REJECTED: "err",
    ItemStatus.WITHDRAWN: "err",
}
DECISIONS = (ReviewAction.ADVANCE, ReviewAction.COMPLETE, ReviewAction.RETURN, ReviewAction.REJECT)
CONCLUSION_LABELS = dict(CONCLUSIONS)
EVENT_LABELS = {
    "catalog.item.created": _l("建立草稿"),
    "catalog.item.updated": _l("修改工作稿"),
    "catalog.item.submit": _l("提交审查"),
    "catalog.item.resubmit": _l("重新提交审查"),
    "catalog.item.return": _l("退回修改"),
    "catalog.item.approve_publish": _l("审定公开：生成索引号并发布"),
    "catalog.item.approve_not_public": _l("审定不主动公开"),
    "catalog.item.reject": _l("审查不通过"),
    "catalog.item.correct": _l("更正（新版本）"),
    "catalog.item.withdraw": _l("撤回"),
    "catalog.item.cancel": _l("撤销审查"),
    "catalog.item.reopened": _l("年度自查：转为主动公开"),
    "catalog.redaction.added": _l("标注不予公开的内容"),
    "catalog.redaction.removed": _l("取消不予公开的标注"),
    "catalog.consultation.sent": _l("征求意见"),
    "catalog.consultation.answered": _l("记录征求意见的答复"),
    "catalog.consultation.expired": _l("征求意见逾期未答复"),
    **{f"review.{value}": label for value, label in ReviewEvent.choices},
}


# --- helpers ----------------------------------------------------------------------------------------


def _message(request, title: str, message: str, status: int) -> HttpResponse:
    return render(request, T + "message.html", {"title": title, "message": message}, status=status)


def _denied(request, message: str | None = None) -> HttpResponse:
    return _message(request, _("没有权限"), message or _("您没有执行此操作的权限。"), 403)


def _item_or_404(user, pk: int) -> InformationItem:
    item = selectors.item_list_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404(_("未找到该信息，或您无权查看。"))
    return item


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _dump_source(source_format: str, meta: dict) -> str:
    return signing.dumps({"format": source_format, "meta": meta}, salt=SOURCE_SALT, compress=True)


def _load_source(token: str | None) -> dict:
    """The extraction result carried from step 1 to step 2 (signed: the user cannot forge it)."""
    try:
        data = signing.loads(token or "", salt=SOURCE_SALT)
    except signing.BadSignature:
        return {"format": SourceFormat.FORM, "meta": {}}
    if not isinstance(data, dict) or data.get("format") not in SourceFormat.values:
        return {"format": SourceFormat.FORM, "meta": {}}
    return {"format": data["format"], "meta": data.get("meta") if isinstance(data.get("meta"), dict) else {}}


def _item_initial(item: InformationItem) -> dict:
    return {
        "title": item.title,
        "document_number": item.document_number,
        "produced_on": item.produced_on.isoformat() if item.produced_on else "",
        "keywords": item.keywords,
        "category": item.category_id,
        "five_disclosure": item.five_disclosure,
        "statutory_kind": item.statutory_kind,
        "section": item.section_id,
        "time_limit": item.time_limit,
        "time_limit_end": item.time_limit_end.isoformat() if item.time_limit_end else "",
        "attribute": item.attribute,
        "withhold_grounds": list(item.withhold_grounds),
        "attribute_reason": item.attribute_reason,
        "description": item.description,
        "topics": list(item.topics.values_list("pk", flat=True)),
        "body_html": item.body_html,
    }
