"""What the Excel (.xlsx) importers share: checking the uploaded container, opening the workbook, blank rows,
and the one-line summary of a failed import. Each importer keeps its own sheets, columns, row limits and row
checks; the messages here are the ones both gave before.

``fail`` is the importer's own way of turning a message into its "nothing was imported" error (its rows carry
different fields), so the exceptions raised are the importer's own types.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

# A zip may unpack to at most this many times the upload cap (a zip bomb would pass the upload cap).
MAX_UNPACKED_FACTOR = 20

OLD_XLS = "不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再上传。"
UNREADABLE = "文件已损坏或不是有效的 Excel（.xlsx）文件，无法读取。"

Fail = Callable[[str], Exception]


def check_container(data: bytes, filename: str, *, cap: int, fail: Fail) -> None:
    """Refuse (``raise fail(message)``) anything that is not a plausible .xlsx of at most ``cap`` bytes."""
    lower = (filename or "").lower()
    if lower and not lower.endswith(".xlsx"):
        if lower.endswith(".xls"):
            raise fail(OLD_XLS)
        raise fail("请上传 .xlsx 格式的 Excel 文件。")
    if not data:
        raise fail("上传的文件为空。")
    if len(data) > cap:
        raise fail(f"文件过大（{len(data) / 1048576:.1f} MB），上限为 {cap / 1048576:.1f} MB。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail(OLD_XLS)
    if not data.startswith(b"PK"):
        raise fail("文件不是有效的 Excel（.xlsx）文件，请使用本页提供的模板填写后上传。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise fail("文件不是有效的 Excel（.xlsx）文件：缺少工作簿内容。")
            if sum(info.file_size for info in archive.infolist()) > cap * MAX_UNPACKED_FACTOR:
                raise fail("文件解压后过大，无法导入。")
            if archive.testzip() is not None:
                raise fail("文件已损坏，无法读取。")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise fail(UNREADABLE) from exc


def open_workbook(data: bytes, filename: str, *, cap: int, fail: Fail):
    """The checked upload opened read-only with cached values (close it when done)."""
    import openpyxl

    check_container(data, filename, cap=cap, fail=fail)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise fail(UNREADABLE) from exc


def is_blank_row(cells: Sequence[Any] | None) -> bool:
    """A row with no cell holding anything but blanks."""
    return cells is None or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def failed_import_message(errors: Sequence[Any]) -> str:
    """The one error of a file-level failure, or how many errors the rows had."""
    if len(errors) == 1 and errors[0].row is None:
        return errors[0].message
    return f"导入文件中有 {len(errors)} 处错误，未导入任何数据。"
