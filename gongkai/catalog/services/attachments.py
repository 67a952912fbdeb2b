"""Attachments of an item (R2.2): type and size checks, audited."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core import clock
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

from .. import permissions
from ..enums import ItemStatus
from ..models import InformationItem
from ..transitions import EDITABLE
from .transition import _lock

# --- Attachments (R2.2) --------------------------------------------------------------------------

# File types a government attachment may have, with the leading bytes each must start with.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "wps": ("application/vnd.ms-works", _OLE),
    "et": ("application/vnd.ms-excel", _OLE),
    "ofd": ("application/ofd", _ZIP),
    "zip": ("application/zip", _ZIP),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def _attachment_max_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "CATALOG_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def _check_attachment_rights(actor, item: InformationItem) -> None:
    if item.status == ItemStatus.PUBLISHED:
        if not permissions.can_correct(actor, item):
            raise PermissionDenied("已公开信息的附件只能由本单位的编制单位管理员更正。")
    elif item.status in EDITABLE:
        if not permissions.can_edit(actor, item):
            raise PermissionDenied("您不能修改这条信息的附件。")
    else:
        raise InvalidTransition(f"信息当前状态为“{item.get_status_display()}”，不能修改附件。")


def attachment_add(
    *, actor, item: InformationItem, filename: str, content: bytes, name: str = "", is_public: bool = True
):
    """Attach a file. On a published item this is a correction by the unit administrator (audited)."""
    from django.core.files.base import ContentFile

    from ..models import Attachment

    filename = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in ATTACHMENT_TYPES:
        raise ValidationFailed(
            f"不支持的附件类型“{ext or '无扩展名'}”；可上传：{'、'.join(sorted(ATTACHMENT_TYPES))}。"
        )
    if not content:
        raise ValidationFailed("附件是空文件。")
    if len(content) > _attachment_max_bytes():
        raise ValidationFailed(f"附件不能超过 {_attachment_max_bytes() // (1024 * 1024)} MB。")
    content_type, magics = ATTACHMENT_TYPES[ext]
    if not content.startswith(magics):
        raise ValidationFailed(f"文件内容与扩展名“.{ext}”不符，请确认文件没有损坏或被改名。")
    display = (name or "").strip() or filename.rsplit(".", 1)[0]
    if len(display) > 200:
        raise ValidationFailed("附件名称不能超过 200 个字。")
    with transaction.atomic():
        locked = _lock(item)
        _check_attachment_rights(actor, locked)
        attachment = Attachment(item=locked, name=display, size=len(content), content_type=content_type)
        attachment.is_public = bool(is_public)
        safe_name = f"{clock.now():%Y%m%d%H%M%S}-{abs(hash(display)) % 100000:05d}.{ext}"
        attachment.file.save(safe_name, ContentFile(content), save=False)
        attachment.save()
        audit_log(
            actor=actor,
            event=CatalogEvent.ATTACHMENT_ADDED,
            target=locked,
            data={
                "attachment_id": attachment.pk,
                "name": display,
                "size": len(content),
                "public": attachment.is_public,
            },
        )
    return attachment


def attachment_remove(*, actor, attachment) -> None:
    with transaction.atomic():
        locked = _lock(attachment.item)
        _check_attachment_rights(actor, locked)
        audit_log(
            actor=actor,
            event=CatalogEvent.ATTACHMENT_REMOVED,
            target=locked,
            data={"attachment_id": attachment.pk, "name": attachment.name},
        )
        stored = attachment.file.name
        attachment.delete()
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
