"""The versioned JSON API (django-ninja). OpenAPI at /api/v1/openapi.json.

Domain errors become ``{"code", "message", "detail"}`` with their HTTP status;
validation errors use code ``validation_failed``; a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``
is ``request_too_large`` (413), other refused requests (malformed JSON, too many fields)
``bad_request`` (400). The error answers every operation can give are declared for all of
them here (``declare_error_responses``), not route by route.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth
from pydantic import BaseModel

from gongkai.core.errors import DomainError, ValidationFailed

api = NinjaAPI(
    title="Gongkai 公开 API",
    version="1",
    description="政务公开平台接口。错误统一返回 {code, message, detail}。",
    auth=django_auth,
    urls_namespace="api",
)


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, BaseModel):
        return _holds_nul(value.model_dump())
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_holds_nul(v) for v in value)
    return False


def _refuse_nul(operation: Callable) -> Callable:
    """No text parameter of any operation may hold a NUL character: PostgreSQL cannot store or
    compare one (it raised a server error), and no legitimate input holds it."""

    @functools.wraps(operation)
    def checked(request, *args, **kwargs):
        if _holds_nul(args) or _holds_nul(kwargs):
            raise ValidationFailed(_("请求参数含有不允许的控制字符（NUL）。"), detail={"character": "U+0000"})
        return operation(request, *args, **kwargs)

    return checked


api.add_decorator(_refuse_nul)  # after validation: the parsed values of query, path and body


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


def _refusal(exc: Exception) -> tuple[dict, int]:
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = _("请求内容过大，请不要超过%(n)d字节。") % {"n": limit}
        return {"code": "request_too_large", "message": message, "detail": {"max_bytes": limit}}, 413
    code, message = _HTTP_ERRORS[400]
    return {"code": code, "message": message, "detail": None}, 400


@api.exception_handler(SuspiciousOperation)
def _refused(request, exc):
    body, status = _refusal(exc)
    return api.create_response(request, body, status=status)


def bad_request(request, exception=None):
    """Django's 400 handler (``handler400``): a request refused before it reached the API
    (a host not allowed, a body read by a middleware) still gets the JSON error shape under
    /api/; other paths get the Chinese page."""
    if request.path.startswith("/api/"):
        body, status = _refusal(exception)
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return defaults.bad_request(request, exception)


@api.exception_handler(Http404)
def _not_found(request, exc):
    body = {"code": "not_found", "message": "未找到该对象。", "detail": None}
    return api.create_response(request, body, status=404)


class ApiError(Schema):
    """The shape of every error answer."""

    code: str
    message: str
    detail: object | None = None


_BODY_SOURCES = {"body", "form", "file"}


def declare_error_responses(target: NinjaAPI) -> None:
    """Declare in the OpenAPI document the error answers that every operation can give.

    Routes declare the errors of their own logic (404 of a lookup, 409 of a state, 429 of a
    throttle); the ones that come from the API's machinery are added here for all of them:
    400 (unparseable request), 414 (a request target over ``MAX_URI_LENGTH``, refused by the
    security middleware before routing) and 422 (parameters that fail validation) everywhere, 413 where
    there is a body, 404 where the path names an object, 401 and 403 where a sign-in is
    required. A status a route declares itself is left as it is.
    """
    for bound in target._get_bound_routers():  # the operations as served, auth resolved
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                sources = {model.__ninja_param_source__ for model in operation.models}
                statuses = [400, 414, 422]
                if sources & _BODY_SOURCES:
                    statuses.append(413)
                if "path" in sources:
                    statuses.append(404)
                if operation.auth_callbacks:
                    statuses += [401, 403]
                for status in statuses:
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(ApiError)


def _register_routers() -> None:
    from .routers import ROUTERS

    for prefix, router in ROUTERS:
        api.add_router(prefix, router)
    declare_error_responses(api)


_register_routers()
