"""Bulk import of catalogue items from an .xlsx workbook: DRAFTS only (SPEC R3.1).

The sheet ``信息`` (or the first sheet) has a header row with the R2.2 columns; columns are
found by their header text, so their order does not matter. Every row becomes a draft of the
agency chosen on the import page, after the same checks as the entry form
(``services.validation._validate``); nothing is written when any row has an error.

An import can never publish: status, index number, publication time and review columns are
refused (the whole file), because only the review makes an item public and the system alone
numbers it (004 附件1 二(一)3: 索引号是系统自动生成的).
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings

from gongkai.core import spreadsheets
from gongkai.core.documents import set_workbook_properties
from gongkai.core.errors import ValidationFailed

from .enums import Attribute, FiveDisclosure, TimeLimit, WithholdGround
from .models import Category

SHEET = "信息"
# (header, required, service field)
COLUMNS = [
    ("信息名称", True, "title"),
    ("文件编号", False, "document_number"),
    ("产生时间", True, "produced_on"),
    ("关键词", True, "keywords"),
    ("信息分类", True, "category"),
    ("五公开", False, "five_disclosure"),
    ("责任部门（科室）", False, "section"),
    ("公开属性", False, "attribute"),
    ("不予公开理由", False, "withhold_grounds"),
    ("属性说明", False, "attribute_reason"),
    ("内容描述", False, "description"),
    ("公开时限", False, "time_limit"),
    ("限时公开截止日期", False, "time_limit_end"),
    ("正文", False, "body_html"),
]
COLUMN_OF_FIELD = {fname: header for header, _, fname in COLUMNS}
# Columns that would let a file decide what only the review and the system decide.
FORBIDDEN_COLUMNS = ("索引号", "状态", "信息状态", "公开时间", "发布时间", "发布日期", "审核程序", "版本", "审核状态")
HEADER_ALIASES = {
    "责任部门": "责任部门（科室）",
    "科室": "责任部门（科室）",
    "公开形式": "公开属性",
    "分类": "信息分类",
}

DEFAULT_MAX_ROWS = 2000
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_rows() -> int:
    return int(getattr(settings, "CATALOG_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_bytes() -> int:
    return int(getattr(settings, "CATALOG_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class ImportFailed(ValidationFailed):
    """Nothing was imported; ``errors`` lists every problem (row, column, Chinese message)."""

    def __init__(self, errors: list[RowError], message: str | None = None):
        self.errors = errors
        if message is None:
            message = spreadsheets.failed_import_message(errors)
        super().__init__(message, detail=[e.as_dict() for e in errors])


def _file_error(message: str, column: str = "") -> ImportFailed:
    return ImportFailed([RowError(row=None, column=column, message=message)])


@dataclass
class ImportSummary:
    created: int = 0
    item_ids: list[int] = field(default_factory=list)


Row = tuple[int, dict[str, Any]]


# --- reading --------------------------------------------------------------------------------------


def _normalise_header(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    text = text.replace("\u3000", "").replace(" ", "").replace("(", "（").replace(")", "）")
    for suffix in ("（必填）", "*", "＊"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return HEADER_ALIASES.get(text, text)


def read_workbook(data: bytes, filename: str = "") -> list[Row]:
    """The data rows as ``[(row number, {header: value})]``; ``ImportFailed`` for an unreadable file,
    missing or forbidden columns, no rows or too many rows."""
    workbook = spreadsheets.open_workbook(data, filename, cap=max_bytes(), fail=_file_error)
    errors: list[RowError] = []
    rows_out: list[Row] = []
    limit = max_rows()
    try:
        names = list(workbook.sheetnames)
        if not names:
            raise _file_error("工作簿为空，没有任何数据。请使用本页提供的模板。")
        sheet = workbook[SHEET] if SHEET in names else workbook[names[0]]
        rows = sheet.iter_rows(values_only=True)
        headers = [_normalise_header(v) for v in (next(rows, None) or ())]
        if not any(headers):
            raise _file_error("第 1 行应为表头（列名），请使用本页提供的模板。")
        seen: set[str] = set()
        for header in headers:
            if header and header in seen:
                errors.append(RowError(1, header, f"列“{header}”重复出现。"))
            seen.add(header)
        forbidden = [h for h in headers if h in FORBIDDEN_COLUMNS]
        if forbidden:
            raise _file_error(
                "导入只能建立草稿，不能指定"
                + "、".join(f"“{h}”" for h in forbidden)
                + "：索引号由系统在审查通过、发布时生成，信息须经审查后才能公开。请删除这些列后重新上传。",
                column=forbidden[0],
            )
        for column, required, _ in COLUMNS:
            if required and column not in seen:
                errors.append(RowError(1, column, f"缺少必填列“{column}”。"))
        index = {h: i for i, h in enumerate(headers) if h}
        scanned = 0
        for number, cells in enumerate(rows, start=2):
            scanned += 1
            if scanned > limit + 10_000:  # a sheet of mostly blank, formatted rows
                break
            if spreadsheets.is_blank_row(cells):
                continue
            if len(rows_out) >= limit:
                raise _file_error(f"数据行数超过上限（最多 {limit} 行），请分批导入。")
            rows_out.append((number, {col: (cells[i] if i < len(cells) else None) for col, i in index.items()}))
    finally:
        workbook.close()
    if errors:
        raise ImportFailed(errors)
    if not rows_out:
        raise _file_error("文件中没有可导入的数据行（第 1 行为表头，数据从第 2 行开始）。")
    return rows_out


# --- checking rows --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _by_label(text: str, choices, aliases: dict[str, str] | None = None) -> str | None:
    for value, label in choices:
        if text in (value, str(label)):
            return value
    return (aliases or {}).get(text)


def _body_from_text(text: str) -> str:
    """A body cell is plain text: each line becomes a paragraph (markup is shown as text, not run)."""
    lines = [line.strip() for line in str(text).replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)


def row_fields(values: dict[str, Any], *, agency, errors: list[RowError], row: int) -> dict[str, Any]:
    """Turn one row's cells into the service's fields (labels → values); type errors go to ``errors``."""
    out: dict[str, Any] = {}

    def err(column: str, message: str) -> None:
        errors.append(RowError(row, column, message))

    for header, _required, name in COLUMNS:
        if header not in values:
            continue
        raw = values[header]
        text = _text(raw)
        if name == "produced_on" or name == "time_limit_end":
            if isinstance(raw, dt.datetime | dt.date):
                out[name] = raw.date() if isinstance(raw, dt.datetime) else raw
            else:
                out[name] = text
        elif name == "category":
            category = None
            if text:
                category = (
                    Category.objects.filter(is_active=True, name=text).first()
                    or Category.objects.filter(is_active=True, code=text).first()
                )
                if category is None:
                    err(header, f"未知或已停用的信息分类“{text}”，请填写分类名称（如“政策文件”）。")
                    continue
            out[name] = category
        elif name == "five_disclosure":
            value = _by_label(text, FiveDisclosure.choices, {str(c.label)[:2]: c.value for c in FiveDisclosure})
            if text and value is None:
                err(header, f"五公开标签“{text}”无效，应为决策、执行、管理、服务或结果公开。")
                continue
            out[name] = value or ""
        elif name == "section":
            section = None
            if text:
                section = agency.sections.filter(name=text).first()
                if section is None:
                    err(header, f"本机构没有名为“{text}”的科室。")
                    continue
            out[name] = section
        elif name == "attribute":
            value = _by_label(text, Attribute.choices, {"不公开": Attribute.WITHHELD})
            if text and value is None:
                err(header, f"公开属性“{text}”无效，应为主动公开、依申请公开或不予公开。")
                continue
            out[name] = value or Attribute.ACTIVE
        elif name == "withhold_grounds":
            grounds = []
            for part in [p.strip() for p in text.replace("，", "、").replace(",", "、").split("、") if p.strip()]:
                value = _by_label(part, WithholdGround.choices)
                if value is None:
                    err(header, f"不予公开理由“{part}”无效。")
                    break
                grounds.append(value)
            else:
                out[name] = grounds
        elif name == "time_limit":
            value = _by_label(text, TimeLimit.choices, {"长期": TimeLimit.LONG_TERM, "限时": TimeLimit.LIMITED})
            if text and value is None:
                err(header, f"公开时限“{text}”无效，应为长期公开或限时公开。")
                continue
            out[name] = value or TimeLimit.LONG_TERM
        elif name == "body_html":
            out[name] = _body_from_text(text) if text else ""
        else:
            out[name] = text
    return out


def validate(rows: list[Row], *, agency) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Check every row with the services' own validation; return the cleaned rows and all errors."""
    from .services.validation import _validate

    errors: list[RowError] = []
    plan: list[tuple[int, dict[str, Any]]] = []
    titles: dict[str, int] = {}
    for number, values in rows:
        row_errors: list[RowError] = []
        fields = row_fields(values, agency=agency, errors=row_errors, row=number)
        if not row_errors:
            try:
                cleaned = _validate(agency, fields)
            except ValidationFailed as exc:
                detail = exc.detail if isinstance(exc.detail, dict) else {}
                for name, message in detail.items():
                    row_errors.append(RowError(number, COLUMN_OF_FIELD.get(name, name), message))
                if not detail:
                    row_errors.append(RowError(number, "", exc.message))
            else:
                key = cleaned["title"]
                if key in titles:
                    row_errors.append(
                        RowError(number, "信息名称", f"与第 {titles[key]} 行的信息名称相同，请勿重复导入。")
                    )
                else:
                    titles[key] = number
                    plan.append((number, cleaned))
        errors.extend(row_errors)
    return plan, errors


# --- the template ---------------------------------------------------------------------------------


def build_template() -> bytes:
    """The import workbook: the header row of the sheet ``信息`` and a sheet of notes."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    set_workbook_properties(workbook, author="政府信息公开平台", title="政府信息批量导入模板")
    ws = workbook.active
    ws.title = SHEET
    ws.append([header for header, _, _ in COLUMNS])
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FDE2E2")
    for index, (header, required, name) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = bold
        if required:
            cell.fill = required_fill
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = 60 if name == "body_html" else max(14, len(header) * 3 + 4)
        if name in ("produced_on", "time_limit_end", "document_number"):
            for row in range(2, 1002):
                ws.cell(row=row, column=index).number_format = "@"
    ws.freeze_panes = "A2"
    lists = {
        "信息分类": [c.name for c in Category.objects.filter(is_active=True).order_by("order", "code")],
        "五公开": [str(c.label) for c in FiveDisclosure],
        "公开属性": [str(c.label) for c in Attribute],
        "公开时限": [str(c.label) for c in TimeLimit],
    }
    for index, (header, _, _) in enumerate(COLUMNS, start=1):
        if header in lists and lists[header]:
            validation = DataValidation(type="list", formula1='"' + ",".join(lists[header]) + '"', allow_blank=True)
            validation.error = f"请从列表中选择{header}。"
            ws.add_data_validation(validation)
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}1001")
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 110
    lines = [
        "政府信息批量导入模板（第 1 行为表头，数据从第 2 行开始；红底列为必填）",
        "导入的每一行都成为所选机构的一条草稿，须逐条提交审查（科室 → 政务公开办复核 → 分管负责同志审批）后才能公开。",
        "文件中不能有“索引号”“状态”“公开时间”等列：索引号由系统在发布时生成。",
        "产生时间、限时公开截止日期：yyyy-mm-dd，例如 2018-11-05。",
        "关键词：多个关键词之间用空格分隔，每个关键词不超过规定字数。",
        "信息分类：" + "、".join(lists["信息分类"]),
        "五公开：" + "、".join(lists["五公开"]) + "（可不填）",
        "公开属性：主动公开（默认）、依申请公开、不予公开；后两者须填写理由。",
        "不予公开理由：" + "、".join(str(c.label) for c in WithholdGround) + "（多个用“、”分隔）",
        "责任部门（科室）：填写本机构已有科室的名称。",
        "正文：纯文本，每行一段。",
        "任何一行有错误时，整个文件都不导入，并逐行列出错误。",
    ]
    for line in lines:
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
