"""Request/response policies that apply to every page and API answer.

- ``ProductLanguageMiddleware``: the product speaks zh-Hans; only a language the user chose
  (Django's ``set_language`` cookie) switches it. The browser's Accept-Language is ignored.
- ``SecurityHeadersMiddleware``: Content-Security-Policy, ``Cache-Control: no-store`` on
  answers that carry personal data, and a Chinese 414 page for over-long request targets.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def chosen_language(request) -> str:
    """The language the user chose with ``set_language``, or the product language."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ProductLanguageMiddleware(MiddlewareMixin):
    """Replaces Django's LocaleMiddleware, which would follow the browser's Accept-Language."""

    def process_request(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The answer depends on the language cookie, not on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def needs_no_store(request) -> bool:
    """Whether an answer may carry personal data and must not be kept by any cache."""
    path = request.path_info
    # The paths are a setting: core sits below the edges and does not name their URLs.
    if path.startswith(tuple(settings.NO_STORE_PATH_PREFIXES)) or request.method not in SAFE_METHODS:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware(MiddlewareMixin):
    def process_request(self, request):
        if len(request.get_full_path()) > settings.MAX_URI_LENGTH:
            # Before authentication and sessions: a standalone page, no context processors.
            translation.activate(chosen_language(request))
            if request.path_info.startswith(tuple(settings.JSON_ERROR_PATH_PREFIXES)):
                body = {"code": "uri_too_long", "message": translation.gettext("请求地址过长。"), "detail": None}
                return JsonResponse(body, status=414, json_dumps_params={"ensure_ascii": False})
            return HttpResponse(render_to_string("414.html"), status=414)
        return None

    def process_response(self, request, response):
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if needs_no_store(request):
            add_never_cache_headers(response)
        return response
