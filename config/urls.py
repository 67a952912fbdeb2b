from django.contrib import admin
from django.urls import include, path

from gongkai.api.api import api

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("account/", include("gongkai.orgs.urls")),
    path("office/", include("gongkai.backoffice.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# A 400 under /api/ answers in the API's JSON error shape; elsewhere Django's page (400.html).
handler400 = "gongkai.api.api.bad_request"
