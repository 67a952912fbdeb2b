"""Typed domain errors.

Services raise these; the API maps them to ``{"code", "message", "detail"}`` with
``http_status``; pages show ``message`` (Chinese) to the user. A domain error never
becomes a 500.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "domain_error"
    http_status = 400
    default_message = "操作无法完成。"

    def __init__(self, message: str | None = None, *, code: str | None = None, detail: Any = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.detail = detail
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class ValidationFailed(DomainError):
    code = "validation_failed"
    http_status = 422
    default_message = "输入有误，请检查后重试。"


class NotFound(DomainError):
    code = "not_found"
    http_status = 404
    default_message = "未找到该对象。"


class PermissionDenied(DomainError):
    code = "permission_denied"
    http_status = 403
    default_message = "您没有执行此操作的权限。"


class Conflict(DomainError):
    code = "conflict"
    http_status = 409
    default_message = "数据已存在或与现有数据冲突。"


class InvalidTransition(DomainError):
    code = "invalid_transition"
    http_status = 409
    default_message = "当前状态下不能执行此操作。"
