from django.urls import path

from .views import oversight

urlpatterns = [
    path("training/", oversight.training_overview, name="oversight_training"),
    path("training/courses/<int:pk>/", oversight.course_detail, name="oversight_course"),
    path("training/template.xlsx", oversight.attendance_template, name="oversight_attendance_template"),
    path("cases/", oversight.case_list, name="oversight_cases"),
    path("cases/<int:pk>/", oversight.case_detail, name="oversight_case"),
    path("cases/<int:pk>/notice.docx", oversight.case_notice, name="oversight_case_notice"),
    path("surveys/", oversight.survey_list, name="oversight_surveys"),
    path("surveys/<int:pk>/", oversight.survey_detail, name="oversight_survey"),
    path("surveys/<int:pk>/results.json", oversight.survey_results_json, name="oversight_survey_results"),
    path("surveys/<int:pk>/export.xlsx", oversight.survey_export, name="oversight_survey_export"),
    path("rectifications/<int:pk>/close/", oversight.rectification_close, name="oversight_rectification_close"),
    path("assessment/", oversight.assessment_list, name="oversight_assessment"),
    path("assessment/<int:pk>/", oversight.round_detail, name="oversight_round"),
    path("assessment/<int:pk>/notice.docx", oversight.round_notice, name="oversight_round_notice"),
]
