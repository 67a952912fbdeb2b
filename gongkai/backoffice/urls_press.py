from django.urls import path

from .views import press

urlpatterns = [
    path("conferences/", press.conference_list, name="press_conference_list"),
    path("conferences/new/", press.conference_create, name="press_conference_create"),
    path("conferences/<int:pk>/", press.conference_detail, name="press_conference_detail"),
    path("conferences/<int:pk>/edit/", press.conference_edit, name="press_conference_edit"),
    path("conferences/<int:pk>/media/<int:media_id>/", press.media_play, name="press_media_play"),
    path("conferences/<int:pk>/<slug:action>/", press.conference_action, name="press_conference_action"),
    path("spokespersons/", press.filing_list, name="press_filing_list"),
    path("spokespersons/export.xlsx", press.filing_export, name="press_filing_export"),
    path("spokespersons/<int:pk>/", press.filing_detail, name="press_filing_detail"),
    path("compliance/", press.compliance_view, name="press_compliance"),
    path("interviews/", press.interview_list, name="press_interview_list"),
    path("interviews/<int:pk>/", press.interview_detail, name="press_interview_detail"),
    path("interviews/<int:pk>/<slug:action>/", press.interview_action, name="press_interview_action"),
]
