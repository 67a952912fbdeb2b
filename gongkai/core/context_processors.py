from django.conf import settings


def site(request):
    return {"SITE_NAME": "公开 Gongkai", "DEBUG": settings.DEBUG}
