"""The versioned JSON API (django-ninja). OpenAPI at /api/v1/openapi.json.

Domain errors become ``{"code", "message", "detail"}`` with their HTTP status;
validation errors use code ``validation_failed``.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from gongkai.core.errors import DomainError

api = NinjaAPI(
    title="Gongkai 公开 API",
    version="1",
    description="政务公开平台接口。错误统一返回 {code, message, detail}。",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    body = {"code": "validation_failed", "message": "请求参数有误。", "detail": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    body = {"code": "not_authenticated", "message": "请先登录。", "detail": None}
    return api.create_response(request, body, status=401)


_HTTP_ERRORS = {
    400: ("bad_request", "请求格式有误，无法解析请求内容。"),
    403: ("permission_denied", "您没有执行此操作的权限。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    429: ("throttled", "请求过于频繁，请稍后再试。"),
}


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    code, message = _HTTP_ERRORS.get(exc.status_code, ("http_error", "请求无法处理。"))
    return api.create_response(request, {"code": code, "message": message, "detail": None}, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    body = {"code": "not_found", "message": "未找到该对象。", "detail": None}
    return api.create_response(request, body, status=404)


def _register_routers() -> None:
    from .routers import ROUTERS

    for prefix, router in ROUTERS:
        api.add_router(prefix, router)


_register_routers()
