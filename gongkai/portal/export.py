"""Excel export of a catalogue view (the current filters), public fields only, capped."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gongkai.catalog import presenters
from gongkai.core.documents import set_workbook_properties

from .params import SORTS, CatalogFilters

DEFAULT_MAX_ROWS = 10_000
CELL_MAX_CHARS = 32_000  # Excel holds at most 32,767 characters in a cell


def max_rows() -> int:
    return int(getattr(settings, "PORTAL_EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


COLUMNS = [
    ("index_number", "索引号", 24),
    ("title", "信息名称", 50),
    ("document_number", "文件编号", 22),
    ("produced_on", "产生时间", 12),
    ("form_label", "公开形式", 10),
    ("description", "内容描述", 40),
    ("time_limit_label", "公开时限", 14),
    ("review_procedure", "审核程序", 40),
    ("section", "责任部门（科室）", 16),
    ("category", "信息分类", 12),
    ("keywords", "关键词", 20),
    ("agency", "发布机构", 24),
    ("five_disclosure_label", "五公开", 10),
    ("published_at", "公开时间", 18),
    ("url", "网址", 40),
    ("body", "正文", 80),
]


def _text_cell(sheet, value) -> WriteOnlyCell:
    """A cell that is always text: never a formula, never an illegal character."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value or ""))[:CELL_MAX_CHARS]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _values(item, url_prefix: str) -> dict:
    record = presenters.item_record(item)
    published = record["published_at"]
    return {
        **record,
        "produced_on": record["produced_on"].isoformat() if record["produced_on"] else "",
        "category": record["category"]["name"],
        "agency": record["agency"]["name"],
        "keywords": " ".join(record["keywords"]),
        "published_at": timezone.localtime(published).strftime("%Y-%m-%d %H:%M") if published else "",
        "url": url_prefix + record["url"],
        "body": item.public_body_text,
    }


def _filter_description(filters: CatalogFilters) -> str:
    parts = []
    if filters.category:
        parts.append(_("分类代码 %(v)s") % {"v": filters.category})
    if filters.agency:
        parts.append(_("机构编号 %(v)s") % {"v": filters.agency})
    if filters.year:
        parts.append(_("年份 %(v)s") % {"v": filters.year})
    if filters.five:
        parts.append(_("五公开 %(v)s") % {"v": filters.five})
    if filters.form:
        parts.append(_("公开形式 %(v)s") % {"v": filters.form})
    if filters.topic:
        parts.append(_("专题 %(v)s") % {"v": filters.topic})
    return "；".join(parts) or _("全部")


def catalog_workbook(filters: CatalogFilters, *, url_prefix: str = "") -> tuple[bytes, int, bool]:
    """Return ``(xlsx bytes, rows written, truncated)`` for the filtered public catalogue."""
    cap = max_rows()
    qs = filters.queryset()
    items = list(qs[: cap + 1])
    truncated = len(items) > cap
    items = items[:cap]

    book = Workbook(write_only=True)
    set_workbook_properties(book, author=_("政府信息公开平台"), title=_("政府信息公开目录"))
    sheet = book.create_sheet(_("政府信息公开目录"))
    for index, (_key, _label, width) in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for _key, label, _width in COLUMNS:
        cell = _text_cell(sheet, _(label))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for item in items:
        values = _values(item, url_prefix)
        sheet.append([_text_cell(sheet, values[key]) for key, _label, _width in COLUMNS])

    notes = book.create_sheet(_("说明"))
    now = timezone.localtime(timezone.now())
    lines = [
        (_("导出时间"), now.strftime("%Y-%m-%d %H:%M")),
        (_("筛选条件"), _filter_description(filters)),
        (_("排序"), _(SORTS[filters.sort][1])),
        (_("导出条数"), str(len(items))),
        (_("导出上限"), _("每次最多导出 %(n)d 条") % {"n": cap}),
        (
            _("是否完整"),
            _("否：符合条件的信息超过上限，仅导出前 %(n)d 条，请缩小筛选范围后分批导出。") % {"n": cap}
            if truncated
            else _("是"),
        ),
        (_("内容范围"), _("仅包含已公开信息的公开字段；依法不予公开的内容已删除。")),
    ]
    for label, value in lines:
        notes.append([_text_cell(notes, label), _text_cell(notes, value)])

    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), len(items), truncated
