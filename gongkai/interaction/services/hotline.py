"""Hotline cases from a hotline system: a CSV or Excel export (Chinese headers), checked row by row;
any row error and nothing is imported (one transaction); cases already imported (same external id)
are skipped, so importing the same file twice creates nothing new."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core import spreadsheets
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.orgs.models import Agency

from .. import permissions
from ..enums import Channel, Kind
from ..events import InteractionEvent
from .intake import LetterInput, hotline_case_upsert, validate_input

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

# Column header (as hotline systems export it) -> field.
HEADERS = {
    "工单号": "external_id",
    "工单编号": "external_id",
    "来电时间": "received_at",
    "受理时间": "received_at",
    "热线": "channel",
    "类型": "kind",
    "诉求类型": "kind",
    "标题": "title",
    "内容": "content",
    "诉求内容": "content",
    "姓名": "name",
    "来电人": "name",
    "电话": "phone",
    "联系电话": "phone",
    "地址": "address",
    "同意公开": "publish_consent",
}
REQUIRED = ("external_id", "kind", "title", "content")
KIND_BY_LABEL = {str(label): value for value, label in Kind.choices}
CHANNEL_BY_LABEL = {
    "12345": Channel.HOTLINE_12345,
    "12345热线": Channel.HOTLINE_12345,
    "县长热线": Channel.HOTLINE_COUNTY,
}


@dataclass
class RowError:
    row: int | None
    message: str


class ImportFailed(DomainError):
    code = "import_failed"
    http_status = 422
    default_message = "导入失败，未导入任何数据。"


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    tracking_numbers: list[str] = field(default_factory=list)


def _fail(message: str) -> ImportFailed:
    return ImportFailed(message, detail={"errors": [{"row": None, "message": message}]})


def _rows(data: bytes, filename: str) -> list[list]:
    lower = (filename or "").lower()
    if lower.endswith(".csv"):
        if len(data) > MAX_BYTES:
            raise _fail(_("文件过大。"))
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise _fail(_("无法识别 CSV 文件的编码，请使用 UTF-8 或 GB18030。"))
        return list(csv.reader(io.StringIO(text)))
    book = spreadsheets.open_workbook(data, filename, cap=MAX_BYTES, fail=_fail)
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _when(value) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    text = str(value).strip().replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return timezone.make_aware(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise ValidationFailed(_("时间格式不正确（应为 2026-03-02 09:30）。"))


def hotline_import(*, actor, office: Agency, data: bytes, filename: str, source: str = "12345") -> ImportResult:
    permissions.require(permissions.can_register(actor, office.pk), _("您无权为该信箱导入热线工单。"))
    rows = _rows(data, filename)
    while rows and spreadsheets.is_blank_row(rows[0]):
        rows.pop(0)
    if not rows:
        raise _fail(_("文件中没有数据。"))
    header = [HEADERS.get(str(c or "").strip()) for c in rows[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        names = {v: k for k, v in reversed(list(HEADERS.items()))}
        raise _fail(_("缺少必填列：%(c)s。") % {"c": "、".join(names[m] for m in missing)})
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise _fail(_("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS})
    errors: list[RowError] = []
    parsed = []
    seen: set[str] = set()
    for n, cells in enumerate(body, start=2):
        if spreadsheets.is_blank_row(cells):
            continue
        rec = {h: cells[i] for i, h in enumerate(header) if h and i < len(cells)}
        try:
            external_id = str(rec.get("external_id") or "").strip()
            if not external_id:
                raise ValidationFailed(_("缺少工单号。"))
            if external_id in seen:
                raise ValidationFailed(_("工单号 %(id)s 在文件中重复。") % {"id": external_id})
            seen.add(external_id)
            kind = KIND_BY_LABEL.get(str(rec.get("kind") or "").strip(), str(rec.get("kind") or "").strip())
            channel = CHANNEL_BY_LABEL.get(str(rec.get("channel") or "12345").strip(), Channel.HOTLINE_12345)
            letter_input = validate_input(
                LetterInput(
                    kind=kind,
                    title=str(rec.get("title") or ""),
                    content=str(rec.get("content") or ""),
                    name=str(rec.get("name") or ""),
                    phone=str(rec.get("phone") or ""),
                    address=str(rec.get("address") or ""),
                    anonymous=not rec.get("name") and kind == Kind.SUGGESTION,
                    publish_consent=str(rec.get("publish_consent") or "").strip() in ("是", "同意", "1"),
                )
            )
            parsed.append((external_id, channel, letter_input, _when(rec.get("received_at"))))
        except ValidationFailed as exc:
            errors.append(RowError(n, exc.message))
    if errors:
        raise ImportFailed(
            spreadsheets.failed_import_message(errors),
            detail={"errors": [{"row": e.row, "message": e.message} for e in errors]},
        )
    result = ImportResult()
    with transaction.atomic():
        for external_id, channel, letter_input, received_at in parsed:
            letter, created = hotline_case_upsert(
                actor=actor,
                office=office,
                channel=channel,
                external_source=source,
                external_id=external_id,
                data=letter_input,
                received_at=received_at,
            )
            if created:
                result.created += 1
                result.tracking_numbers.append(letter.tracking_number)
            else:
                result.skipped += 1
        audit_log(
            actor=actor,
            event=InteractionEvent.HOTLINE_IMPORTED,
            target=office,
            data={"file": filename[:100], "created": result.created, "skipped": result.skipped},
        )
    return result
