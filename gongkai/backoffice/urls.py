"""Back-office URLs. Each domain has its own module so areas can grow apart."""

from django.urls import include, path

from .views import home

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("orgs/", include("gongkai.backoffice.urls_orgs")),
    path("rules/", include("gongkai.backoffice.urls_rules")),
    path("audit/", include("gongkai.backoffice.urls_audit")),
    path("reviews/", include("gongkai.backoffice.urls_workflow")),
    path("notifications/", include("gongkai.backoffice.urls_notifications")),
    path("catalog/", include("gongkai.backoffice.urls_catalog")),
    path("foi/", include("gongkai.backoffice.urls_foi")),
    path("policy/", include("gongkai.backoffice.urls_policy")),
    path("interaction/", include("gongkai.backoffice.urls_interaction")),
    path("annual/", include("gongkai.backoffice.urls_annual")),
    path("oversight/", include("gongkai.backoffice.urls_oversight")),
    path("opinion/response/", include("gongkai.backoffice.urls_opinion_response")),
    path("opinion/", include("gongkai.backoffice.urls_opinion")),
    path("websites/", include("gongkai.backoffice.urls_websites")),
    path("press/", include("gongkai.backoffice.urls_press")),
]
