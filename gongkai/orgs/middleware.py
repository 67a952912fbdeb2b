"""Send staff who must use a second factor to enrol or verify it before the back office."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(tuple(settings.SECOND_FACTOR_PATH_PREFIXES))
            and not request.path.startswith("/api/v1/openapi.json")
            and _second_factor_required(user)
            and not user.is_verified()
        ):
            from django_otp import devices_for_user

            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            target = "orgs:otp_verify" if has_device else "orgs:otp_setup"
            if request.path.startswith(tuple(settings.JSON_PATH_PREFIXES)):
                # An API client cannot follow a sign-in page: the JSON error shape, with where to go.
                body = {
                    "code": "second_factor_required",
                    "message": "请先在浏览器中完成双因素身份验证。",
                    "detail": {"url": reverse(target)},
                }
                return JsonResponse(body, status=401, json_dumps_params={"ensure_ascii": False})
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def _second_factor_required(user) -> bool:
    from .models import SecurityPolicy

    return bool(user.require_two_factor) or SecurityPolicy.current().require_two_factor_for_staff
