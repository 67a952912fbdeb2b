"""The dashboard, its data feed and the warnings feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.opinion.response import (
    statistics,
)

from .common import ECHARTS, T

# --- Dashboard ------------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    from django.contrib.staticfiles import finders

    data = statistics.dashboard_data(request.user)
    return render(
        request,
        T + "dashboard.html",
        {
            "data": data,
            # ECharts comes from the npm registry at set-up (make setup); without it the tables remain.
            "has_echarts": bool(finders.find(ECHARTS)),
            "feed_url": reverse("backoffice:opinion_response_warnings"),
            "data_url": reverse("backoffice:opinion_response_dashboard_data"),
        },
    )


@login_required
def dashboard_data(request):
    return JsonResponse(statistics.dashboard_data(request.user), json_dumps_params={"ensure_ascii": False})


@login_required
def warnings_feed(request):
    raw = request.GET.get("after")
    try:
        after = int(raw) if raw not in (None, "") else None
    except ValueError:
        return JsonResponse(
            {"code": "validation_failed", "message": "参数 after 应为整数。", "detail": None}, status=422
        )
    return JsonResponse(statistics.warnings_after(request.user, after), json_dumps_params={"ensure_ascii": False})
