"""The typed error of the ingestion step."""

from __future__ import annotations

from gongkai.core.errors import ValidationFailed


class BadDocument(ValidationFailed):
    """The uploaded file or pasted content cannot be read as a document.

    ``detail`` is ``{"reason": ...}`` with one of: ``empty``, ``too_large``, ``legacy_doc``,
    ``not_docx``, ``corrupt``, ``zip_bomb``, ``no_text``.
    """

    code = "bad_document"
    http_status = 422
    default_message = "无法读取该文档。"

    def __init__(self, message: str, *, reason: str):
        super().__init__(message, detail={"reason": reason})
        self.reason = reason
