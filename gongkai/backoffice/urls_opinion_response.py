"""Back-office URLs of the response side of public opinion (under office/opinion/response/)."""

from django.urls import path

from .views import opinion_response as v

urlpatterns = [
    path("", v.dashboard, name="opinion_response_dashboard"),
    path("dashboard.json", v.dashboard_data, name="opinion_response_dashboard_data"),
    path("warnings.json", v.warnings_feed, name="opinion_response_warnings"),
    path("events/", v.event_list, name="opinion_response_events"),
    path("events/<int:pk>/", v.event_detail, name="opinion_response_event"),
    path("events/<int:pk>/route/", v.event_route, name="opinion_response_route"),
    path("events/<int:pk>/grade/", v.event_grade, name="opinion_response_grade"),
    path("events/<int:pk>/responses/new/", v.response_create, name="opinion_response_create"),
    path("events/<int:pk>/rumour-leads/", v.rumour_lead_create, name="opinion_response_rumour_lead"),
    path("events/<int:pk>/feedback/", v.feedback_create, name="opinion_response_feedback"),
    path("events/<int:pk>/meetings/", v.meeting_create, name="opinion_response_meeting"),
    path("events/<int:pk>/special-report.docx", v.special_report, name="opinion_response_special_report"),
    path("events/<int:pk>/reports/", v.report_issue, name="opinion_response_report_issue"),
    path("reports/<int:pk>.docx", v.report_download, name="opinion_response_report"),
    path("feedback/<int:pk>/publish/", v.feedback_publish, name="opinion_response_feedback_publish"),
    path("statistics/accountability/", v.accountability_create, name="opinion_response_accountability"),
    path("assignments/<int:pk>/claim/", v.assignment_claim, name="opinion_response_claim"),
    path("responses/<int:pk>/", v.response_detail, name="opinion_response_detail"),
    path("responses/<int:pk>/submit/", v.response_submit, name="opinion_response_submit"),
    path("responses/<int:pk>/resubmit/", v.response_resubmit, name="opinion_response_resubmit"),
    path("responses/<int:pk>/withdraw/", v.response_withdraw, name="opinion_response_withdraw"),
    path("daily-log.docx", v.daily_log, name="opinion_response_daily_log"),
    path("statistics/", v.statistics_page, name="opinion_response_statistics"),
    path("statistics.xlsx", v.statistics_xlsx, name="opinion_response_statistics_xlsx"),
    path("rules/", v.routing_rules, name="opinion_response_rules"),
    path("rules/<int:pk>/toggle/", v.routing_rule_toggle, name="opinion_response_rule_toggle"),
    path("rules/<int:pk>/delete/", v.routing_rule_delete, name="opinion_response_rule_delete"),
    path("risk/", v.risk_list, name="opinion_response_risks"),
    path("risk/<int:pk>/", v.risk_detail, name="opinion_response_risk"),
    path("risk/<int:pk>/conclude/", v.risk_conclude, name="opinion_response_risk_conclude"),
    path("webhooks/", v.webhook_list, name="opinion_response_webhooks"),
    path("webhooks/<int:pk>/toggle/", v.webhook_toggle, name="opinion_response_webhook_toggle"),
    path("webhooks/deliveries/<int:pk>/retry/", v.webhook_retry, name="opinion_response_webhook_retry"),
]
