from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from gongkai.orgs.models import Agency


def home(request):
    agencies = Agency.objects.filter(is_active=True).select_related("region")[:200]
    return render(request, "portal/home.html", {"agencies": agencies})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
