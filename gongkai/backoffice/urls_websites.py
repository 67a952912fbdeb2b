from django.urls import path

from .views import websites

urlpatterns = [
    path("", websites.account_list, name="websites_account_list"),
    path("new/", websites.account_create, name="websites_account_create"),
    path("<int:pk>/", websites.account_detail, name="websites_account_detail"),
    path("<int:pk>/edit/", websites.account_edit, name="websites_account_edit"),
    path("<int:pk>/action/", websites.account_action, name="websites_account_action"),
    path("<int:pk>/import/", websites.account_import, name="websites_account_import"),
    path("posts/<int:pk>/correct/", websites.post_correct, name="websites_post_correct"),
    path("findings/", websites.finding_list, name="websites_finding_list"),
    path("findings/<int:pk>/", websites.finding_detail, name="websites_finding_detail"),
    path("inspection/", websites.inspection, name="websites_inspection"),
]
