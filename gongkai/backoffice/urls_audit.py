from django.urls import path

from .views import audit

urlpatterns = [
    path("", audit.audit_list, name="audit_list"),
    path("verify/", audit.audit_verify, name="audit_verify"),
    path("<int:pk>/", audit.audit_detail, name="audit_detail"),
]
