"""Social evaluation (社会评议) and the published assessment results (under surveys/)."""

from django.urls import path

from . import views_oversight

urlpatterns = [
    path("", views_oversight.survey_list, name="survey_list"),
    path("<int:pk>/", views_oversight.survey_detail, name="survey_detail"),
    path("<int:pk>/thanks/", views_oversight.survey_thanks, name="survey_thanks"),
    path("<int:pk>/results/", views_oversight.survey_results, name="survey_results"),
    path("<int:pk>/results.json", views_oversight.survey_results_json, name="survey_results_json"),
    path("assessment/", views_oversight.assessment_results, name="assessment_results"),
]
