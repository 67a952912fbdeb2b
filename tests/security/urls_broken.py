"""The site's URLs plus one view that fails (tests/security/test_error_pages.py)."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
