"""File import: CSV, XLSX and JSON lines exported by monitoring vendors and platforms.

``read_file(data, filename, column_map=None)`` returns the rows as record mappings (the keys of
``records.parse_record``) with their line numbers, and the lines that could not be read at all.
The record checks, idempotence and the pipeline are the same as for the JSON API.

Columns are recognised by the usual headers of vendor exports (``HEADER_ALIASES``: 标题, 正文/内容,
作者/昵称, 发布时间, 链接/原文链接, 转发数, 评论数, 点赞数, 阅读数, 信息ID, 原帖ID, 上级ID …); a
``column_map`` ({field: header}) set on the import page overrides them. A file without an id column
gets a stable id per row from its link, or else from its time, author and text, so that importing
the same export twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from gongkai.core.errors import ValidationFailed

from .records import Rejected

FIELDS = {
    "id": "外部编号",
    "kind": "内容类型",
    "title": "标题",
    "text": "正文",
    "author": "作者",
    "author_id": "作者编号",
    "published_at": "发布时间",
    "url": "链接",
    "reposts": "转发数",
    "comments": "评论数",
    "likes": "点赞数",
    "views": "阅读数",
    "parent_id": "上级内容编号",
    "repost_of": "原帖编号",
    "site": "来源网站",
}

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ID", "编号", "信息ID", "信息编号", "文章ID", "微博ID", "帖子ID", "mid", "MID", "数据ID", "工单号", "工单编号"),
    "kind": ("kind", "类型", "内容类型", "信息类型", "发文类型"),
    "title": ("title", "标题", "文章标题", "帖子标题", "事项标题"),
    "text": ("text", "content", "正文", "内容", "全文", "摘要", "内容摘要", "微博内容", "帖子内容", "评论内容", "诉求内容", "来信内容"),
    "author": ("author", "作者", "发布者", "发布人", "昵称", "博主", "用户名", "用户昵称", "来电人", "来信人"),
    "author_id": ("author_id", "uid", "作者ID", "用户ID", "博主ID"),
    "published_at": ("published_at", "time", "发布时间", "时间", "发文时间", "发帖时间", "评论时间", "来电时间", "来信时间", "日期"),
    "url": ("url", "URL", "链接", "原文链接", "网址", "地址", "文章链接"),
    "reposts": ("reposts", "转发数", "转发", "转发量", "转载数"),
    "comments": ("comments", "评论数", "评论", "评论量", "回复数"),
    "likes": ("likes", "点赞数", "点赞", "赞", "点赞量"),
    "views": ("views", "阅读数", "阅读量", "浏览量", "浏览数", "播放量"),
    "parent_id": ("parent_id", "父ID", "上级ID", "回复ID", "被回复ID"),
    "repost_of": ("repost_of", "原帖ID", "原微博ID", "根ID", "源帖ID", "原文ID"),
    "site": ("site", "来源", "站点", "来源网站", "媒体名称", "媒体", "平台", "网站名称"),
}  # fmt: skip


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # field → header used


def max_bytes() -> int:
    return int(getattr(settings, "OPINION_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "OPINION_IMPORT_MAX_ROWS", 200_000))


def parse_column_map(text: str) -> dict[str, str]:
    """``字段=列名`` lines (e.g. ``text=内容摘要``) → {field: header}; Chinese errors on bad lines."""
    out: dict[str, str] = {}
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line and "＝" not in line:
            raise ValidationFailed(f"列映射第 {n} 行应写作“字段=列名”，例如 text=内容摘要。")
        key, _, header = line.replace("＝", "=").partition("=")
        key, header = key.strip(), header.strip()
        if key not in FIELDS:
            raise ValidationFailed(f"列映射第 {n} 行的字段“{key}”未知（可用：{'、'.join(FIELDS)}）。")
        if not header:
            raise ValidationFailed(f"列映射第 {n} 行缺少列名。")
        out[key] = header
    return out


def _mapping(headers: list[str], column_map: dict[str, str] | None) -> dict[str, int]:
    index = {h.strip(): i for i, h in enumerate(headers) if isinstance(h, str) and h.strip()}
    folded = {h.lower(): i for h, i in index.items()}
    out: dict[str, int] = {}
    for name, header in (column_map or {}).items():
        if header not in index:
            raise ValidationFailed(
                f"列映射中的列“{header}”在文件中不存在（文件的列：{'、'.join(index) or '无'}）。",
                detail={"columns": list(index)},
            )
        out[name] = index[header]
    for name, aliases in HEADER_ALIASES.items():
        if name in out:
            continue
        for alias in aliases:
            if alias in index:
                out[name] = index[alias]
                break
            if alias.lower() in folded:
                out[name] = folded[alias.lower()]
                break
    if "text" not in out and "title" not in out:
        raise ValidationFailed(
            f"文件中找不到正文或标题列（文件的列：{'、'.join(index) or '无'}）。请在“列映射”中指定，例如 text=内容。",
            detail={"columns": list(index)},
        )
    return out


def _row_record(values: list[Any], cols: dict[str, int]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, i in cols.items():
        value = values[i] if i < len(values) else None
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            continue
        if name == "site":
            record["site"] = str(value)[:200]
        else:
            record[name] = value
    if "id" not in record:
        basis = record.get("url") or "|".join(
            str(record.get(k, "")) for k in ("published_at", "author", "title", "text")
        )
        record["id"] = "h:" + hashlib.sha1(str(basis).encode("utf-8")).hexdigest()[:24]
    elif isinstance(record["id"], float) and record["id"].is_integer():
        record["id"] = str(int(record["id"]))
    return record


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed("无法识别文件的文字编码（请另存为 UTF-8 或 GBK 编码）。")


def _csv(data: bytes, column_map, out: ParsedFile) -> None:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = next(reader)
    except StopIteration:
        raise ValidationFailed("文件是空的。") from None
    except csv.Error as exc:
        raise ValidationFailed(f"CSV 文件格式错误：{exc}") from None
    out.headers = headers
    cols = _mapping(headers, column_map)
    out.mapping = {k: headers[i] for k, i in cols.items()}
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            out.rejected.append(Rejected(reader.line_num, f"CSV 格式错误：{exc}"))
            continue
        if not any(str(v).strip() for v in values):
            continue
        if len(out.rows) >= max_rows():
            raise ValidationFailed(f"文件超过 {max_rows()} 行，请拆分后导入。")
        out.rows.append(_row_record(values, cols))
        out.lines.append(reader.line_num)


def _xlsx(data: bytes, column_map, out: ParsedFile) -> None:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationFailed("无法读取该 Excel 文件（请使用 .xlsx 格式）。") from None
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        headers = None
        header_line = 0
        for line, values in enumerate(rows, start=1):
            if values and any(v not in (None, "") for v in values):
                headers = ["" if v is None else str(v) for v in values]
                header_line = line
                break
        if headers is None:
            raise ValidationFailed("文件是空的。")
        out.headers = headers
        cols = _mapping(headers, column_map)
        out.mapping = {k: headers[i] for k, i in cols.items()}
        for line, values in enumerate(rows, start=header_line + 1):
            if not values or not any(v not in (None, "") for v in values):
                continue
            if len(out.rows) >= max_rows():
                raise ValidationFailed(f"文件超过 {max_rows()} 行，请拆分后导入。")
            clean = [v.isoformat() if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else v for v in values]
            out.rows.append(_row_record(list(clean), cols))
            out.lines.append(line)
    finally:
        wb.close()


def _jsonl(data: bytes, column_map, out: ParsedFile) -> None:
    text = _decode(data)
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array file
        try:
            items = json.loads(stripped)
        except ValueError as exc:
            raise ValidationFailed(f"JSON 文件格式错误：{exc}") from None
        lines = list(range(1, len(items) + 1))
    else:
        items, lines = [], []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
                lines.append(n)
            except ValueError:
                out.rejected.append(Rejected(n, "这一行不是有效的 JSON。"))
    for item, n in zip(items, lines, strict=True):
        if len(out.rows) >= max_rows():
            raise ValidationFailed(f"文件超过 {max_rows()} 行，请拆分后导入。")
        if isinstance(item, dict) and column_map:
            item = dict(item)
            for name, header in column_map.items():
                if header in item:
                    item[name] = item.pop(header)
        out.rows.append(item)
        out.lines.append(n)


def read_file(data: bytes, filename: str, *, column_map: dict[str, str] | None = None) -> ParsedFile:
    if not data:
        raise ValidationFailed("文件是空的。")
    if len(data) > max_bytes():
        raise ValidationFailed(f"文件过大（上限 {max_bytes() // (1024 * 1024)} MB）。")
    name = (filename or "").lower()
    out = ParsedFile()
    if name.endswith(".csv") or name.endswith(".txt"):
        _csv(data, column_map, out)
    elif name.endswith(".xlsx"):
        _xlsx(data, column_map, out)
    elif name.endswith((".jsonl", ".ndjson", ".json")):
        _jsonl(data, column_map, out)
    else:
        raise ValidationFailed("不支持的文件格式：请上传 CSV、XLSX 或 JSON Lines（.jsonl）文件。")
    return out
