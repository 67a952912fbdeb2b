"""The public catalogue (政府信息公开目录): list and harvest, item detail, search, categories, guides.

No sign-in: these endpoints read only published items and only their public copy, through
``gongkai.catalog.selectors.public_*``. Errors are ``{"code", "message", "detail"}``:
``validation_failed`` (422) for a bad parameter, ``not_found`` (404) for an item that is not
(or no longer) public.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.catalog import presenters, selectors
from gongkai.catalog.enums import FiveDisclosure
from gongkai.catalog.public_params import category_get, parse_id
from gongkai.catalog.public_search import public_item_search
from gongkai.core.errors import NotFound, ValidationFailed

router = Router(tags=["政府信息公开目录"])

MAX_PAGE_SIZE = 100
SORTS = {
    "-published_at": "-published_at",
    "published_at": "published_at",
    "-produced_on": "-produced_on",
    "produced_on": "produced_on",
    "title": "title",
}


class ErrorOut(Schema):
    code: str
    message: str
    detail: Any = None


class CodeName(Schema):
    code: str
    name: str


class AgencyRef(Schema):
    id: int
    name: str


class ItemSummaryOut(Schema):
    id: int
    index_number: str = Field(description="索引号")
    title: str = Field(description="信息名称")
    document_number: str = Field(description="文件编号")
    produced_on: dt.date | None = Field(description="产生时间")
    form: str = Field(description="公开形式代码")
    form_label: str = Field(description="公开形式")
    description: str = Field(description="内容描述")
    time_limit: str = Field(description="公开时限代码")
    time_limit_label: str = Field(description="公开时限")
    time_limit_end: str | None = Field(description="限时公开截止日期")
    review_procedure: str = Field(description="审核程序")
    section: str = Field(description="责任部门（科室）")
    category: CodeName = Field(description="信息分类")
    keywords: list[str] = Field(description="关键词")
    agency: AgencyRef = Field(description="发布机构")
    five_disclosure: str = Field(description="五公开代码")
    five_disclosure_label: str = Field(description="五公开")
    published_at: dt.datetime | None = Field(description="公开时间")
    modified_at: dt.datetime | None = Field(description="最近修改时间（公开或更正）")
    redactions: list[str] = Field(description="部分公开时，不予公开内容的理由")
    url: str = Field(description="信息页面地址")


class AttachmentOut(Schema):
    name: str
    size: int
    url: str


class ItemDetailOut(ItemSummaryOut):
    body_html: str = Field(description="正文（HTML，已删除不予公开的内容）")
    body_text: str = Field(description="正文（纯文本）")
    attachments: list[AttachmentOut]


class ItemPageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[ItemSummaryOut]


class ItemFilters(Schema):
    category: str | None = Field(None, max_length=10, description="分类代码，如 02（政策文件）")
    agency: int | None = Field(None, ge=1, le=2**63 - 1, description="发布机构编号")
    year: int | None = Field(None, ge=1949, le=2100, description="产生年份")
    five: FiveDisclosure | None = Field(None, description="五公开：decision/execution/management/service/result")
    q: str | None = Field(None, max_length=100, description="全文检索词（给出时按相关度排序）")
    modified_since: dt.datetime | None = Field(
        None, description="只返回此时间（ISO 8601）之后公开或更正的信息，用于增量采集"
    )
    sort: Literal["-published_at", "published_at", "-produced_on", "produced_on", "title"] = Field(
        "-published_at", description="排序"
    )
    page: int = Field(1, ge=1, le=100_000, description="页码")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数（最多 100）")


class SearchHitOut(Schema):
    item: ItemSummaryOut
    title_html: str = Field(description="标题，检索词以 <mark> 标出")
    snippet_html: str = Field(description="正文摘要，检索词以 <mark> 标出")


class SearchOut(Schema):
    q: str
    total: int
    total_exact: bool
    page: int
    page_size: int
    pages: int
    facets: dict[str, dict[str, int]] = Field(description="分面计数：category、year、agency_id")
    hits: list[SearchHitOut]


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=100, description="检索词")
    category: str | None = Field(None, max_length=10, description="分类代码")
    agency: int | None = Field(None, ge=1, le=2**63 - 1, description="发布机构编号")
    year: int | None = Field(None, ge=1949, le=2100, description="产生年份")
    sort: Literal["relevance", "date"] = Field("relevance", description="relevance 相关度；date 最新公开")
    page: int = Field(1, ge=1, le=1000, description="页码")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数（最多 100）")


class CategoryOut(Schema):
    code: str
    name: str
    description: str
    count: int = Field(description="已公开信息条数")


class GuideOut(Schema):
    agency: AgencyRef
    filled: bool = Field(description="是否已填写公开指南")
    how_to_obtain: str
    office_name: str
    address: str
    hours: str
    phone: str
    fax: str
    online: str
    postcode: str
    notes: str


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _check_category(code: str | None) -> None:
    if code and category_get(code) is None:
        raise ValidationFailed("没有该信息分类。", detail={"category": code})


def _check_agency(agency_id: int | None) -> None:
    if agency_id and selectors.public_agency_get(agency_id) is None:
        raise ValidationFailed("没有该发布机构。", detail={"agency": agency_id})


def _pages(count: int, page_size: int) -> int:
    return (count + page_size - 1) // page_size if count else 0


@router.get(
    "/items",
    response={200: ItemPageOut, 422: ErrorOut},
    auth=None,
    summary="公开目录列表（可按分类、机构、年份、五公开筛选；modified_since 用于增量采集）",
)
def item_list(request, filters: Query[ItemFilters]):
    _check_category(filters.category)
    _check_agency(filters.agency)
    if filters.q and filters.q.strip():
        if filters.modified_since or filters.five:
            raise ValidationFailed("全文检索（q）不能与 modified_since 或 five 同时使用。", detail={"q": filters.q})
        result, items = public_item_search(
            filters.q,
            category=filters.category,
            year=filters.year,
            agency=filters.agency,
            page=filters.page,
            page_size=filters.page_size,
        )
        rows = [items[i] for i in (parse_id(h.object_id) for h in result.hits) if i in items]
        return {
            "count": result.total,
            "page": result.page,
            "page_size": result.page_size,
            "pages": result.pages,
            "results": [presenters.item_record(item) for item in rows],
        }
    qs = selectors.public_item_list(
        category=filters.category,
        agency=filters.agency,
        year=filters.year,
        five=filters.five.value if filters.five else None,
        modified_since=_aware(filters.modified_since) if filters.modified_since else None,
        sort=SORTS[filters.sort],
    )
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    rows = list(qs[start : start + filters.page_size])
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": _pages(count, filters.page_size),
        "results": [presenters.item_record(item) for item in rows],
    }


@router.get(
    "/items/{item_id}",
    response={200: ItemDetailOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="公开信息详情（目录九项、正文、附件）",
)
def item_detail(request, item_id: int):
    pk = parse_id(item_id)
    item = selectors.public_item_get(pk) if pk else None
    if item is None:
        raise NotFound("未找到该信息，可能尚未公开或已撤回。", detail={"id": item_id})
    attachments = [
        {"name": a.name, "size": a.size, "url": reverse("portal:attachment", args=[item.pk, a.pk])}
        for a in selectors.public_attachments(item.pk)
    ]
    return {
        **presenters.item_record(item),
        "body_html": item.public_body_html,
        "body_text": item.public_body_text,
        "attachments": attachments,
    }


@router.get(
    "/search",
    response={200: SearchOut, 422: ErrorOut},
    auth=None,
    summary="全文检索公开信息（中文分词，检索词以 <mark> 标出）",
)
def item_search(request, params: Query[SearchParams]):
    _check_category(params.category)
    _check_agency(params.agency)
    if not params.q.strip():
        raise ValidationFailed("请输入检索词。", detail={"q": params.q})
    result, items = public_item_search(
        params.q,
        category=params.category,
        year=params.year,
        agency=params.agency,
        sort=params.sort,
        page=params.page,
        page_size=params.page_size,
    )
    hits = []
    for hit in result.hits:
        item = items.get(parse_id(hit.object_id))
        if item is not None:
            hits.append(
                {"item": presenters.item_record(item), "title_html": hit.title_html, "snippet_html": hit.snippet_html}
            )
    return {
        "q": params.q,
        "total": result.total,
        "total_exact": result.total_exact,
        "page": result.page,
        "page_size": result.page_size,
        "pages": result.pages,
        "facets": result.facet_counts,
        "hits": hits,
    }


@router.get("/categories", response=list[CategoryOut], auth=None, summary="信息分类及已公开信息条数")
def category_list(request):
    counts = dict(
        selectors.public_items()
        .order_by()
        .values_list("category__code")
        .annotate(n=Count("id"))
        .values_list("category__code", "n")
    )
    return [
        {"code": c.code, "name": c.name, "description": c.description, "count": counts.get(c.code, 0)}
        for c in selectors.category_list()
    ]


@router.get(
    "/agencies/{agency_id}/guide",
    response={200: GuideOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="机构的政府信息公开指南",
)
def agency_guide(request, agency_id: int):
    pk = parse_id(agency_id)
    agency = selectors.public_agency_get(pk) if pk else None
    if agency is None:
        raise NotFound("没有该机构。", detail={"agency": agency_id})
    guide = selectors.guide_for(agency.pk)
    names = ("how_to_obtain", "office_name", "address", "hours", "phone", "fax", "online", "postcode", "notes")
    values = {name: getattr(guide, name, "") if guide else "" for name in names}
    return {"agency": {"id": agency.pk, "name": agency.name}, "filled": any(values.values()), **values}
