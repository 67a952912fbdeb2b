"""Media files of conferences: upload limits (type, size) and playback with HTTP range requests.

The limits are the setting ``PRESS_MEDIA_LIMITS`` (config/settings.py): per kind, the allowed file
extensions and the largest size in bytes. The first bytes of a file must match its extension (a
renamed executable is not a video). ``ranged_response`` serves a stored file honouring a single
``Range: bytes=a-b`` header with 206 Partial Content (416 when unsatisfiable), so browsers can seek
and play the video or audio.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from gongkai.core.errors import ValidationFailed

from .enums import MediaKind

CONTENT_TYPES = {
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


def _sniff_ok(ext: str, head: bytes) -> bool:
    """Do the first bytes look like a file of this extension?"""
    if ext in ("mp4", "m4v", "m4a"):
        return head[4:8] == b"ftyp"
    if ext == "webm":
        return head[:4] == b"\x1a\x45\xdf\xa3"
    if ext == "mp3":
        return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    if ext == "ogg":
        return head[:4] == b"OggS"
    if ext == "wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if ext in ("jpg", "jpeg"):
        return head[:3] == b"\xff\xd8\xff"
    if ext == "png":
        return head[:8] == b"\x89PNG\r\n\x1a\n"
    if ext == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if ext == "pdf":
        return head[:5] == b"%PDF-"
    if ext in ("docx", "xlsx"):
        return head[:4] == b"PK\x03\x04"
    return ext == "txt"


def limits_for(kind: str) -> dict:
    limits = getattr(settings, "PRESS_MEDIA_LIMITS", {})
    if kind not in limits:
        raise ValidationFailed("不支持该类别的文件。", code="media_kind")
    return limits[kind]


def limits_text(kind: str) -> str:
    spec = limits_for(kind)
    return f"{'、'.join(spec['extensions'])}，不超过 {spec['max_bytes'] // (1024 * 1024)} MB"


def check_upload(kind: str, name: str, size: int, head: bytes) -> str:
    """Validate an upload; return its content type or raise ``ValidationFailed`` (code media_type / media_size)."""
    if kind not in MediaKind.values:
        raise ValidationFailed("请选择文件类别。", code="media_kind")
    spec = limits_for(kind)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in spec["extensions"]:
        raise ValidationFailed(
            f"{MediaKind(kind).label}只接受以下格式：{'、'.join(spec['extensions'])}。", code="media_type"
        )
    if size <= 0:
        raise ValidationFailed("文件为空。", code="media_size")
    if size > spec["max_bytes"]:
        raise ValidationFailed(
            f"{MediaKind(kind).label}文件不能超过 {spec['max_bytes'] // (1024 * 1024)} MB。", code="media_size"
        )
    if not _sniff_ok(ext, head):
        raise ValidationFailed("文件内容与扩展名不符。", code="media_type")
    return CONTENT_TYPES[ext]


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _iter(handle, start: int, length: int):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def ranged_response(request, field_file, *, content_type: str, size: int):
    """Serve ``field_file`` inline, honouring one byte range (206) — what ``<video>`` asks for."""
    header = request.META.get("HTTP_RANGE", "").strip()
    handle = field_file.open("rb")
    if not header:
        response = FileResponse(handle, content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        response["Content-Length"] = str(size)
        return response
    match = _RANGE.match(header)
    start = end = None
    if match and (match.group(1) or match.group(2)):
        if match.group(1):
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else size - 1
        else:  # suffix range: the last n bytes
            n = int(match.group(2))
            start, end = max(size - n, 0), size - 1
        end = min(end, size - 1)
    if start is None or start > end or start >= size:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    length = end - start + 1
    response = StreamingHttpResponse(_iter(handle, start, length), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    return response
