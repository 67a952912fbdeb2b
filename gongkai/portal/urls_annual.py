from django.urls import path

from . import views_annual

urlpatterns = [
    path("annual-reports/", views_annual.annual_reports, name="annual_reports"),
    path("gazette/", views_annual.gazette_list, name="gazette_list"),
    path("gazette/<int:issue_id>/", views_annual.gazette_issue, name="gazette_issue"),
    path("gazette/<int:issue_id>/download.docx", views_annual.gazette_docx, name="gazette_docx"),
]
