"""Back-office URLs of the response side of public opinion (under office/opinion/response/)."""

from django.urls import path

from .views.opinion_response import configuration, dashboard, event_records, events, responses, risk, statistics

urlpatterns = [
    path("", dashboard.dashboard, name="opinion_response_dashboard"),
    path("dashboard.json", dashboard.dashboard_data, name="opinion_response_dashboard_data"),
    path("warnings.json", dashboard.warnings_feed, name="opinion_response_warnings"),
    path("events/", events.event_list, name="opinion_response_events"),
    path("events/<int:pk>/", events.event_detail, name="opinion_response_event"),
    path("events/<int:pk>/route/", events.event_route, name="opinion_response_route"),
    path("events/<int:pk>/grade/", events.event_grade, name="opinion_response_grade"),
    path("events/<int:pk>/responses/new/", responses.response_create, name="opinion_response_create"),
    path("events/<int:pk>/rumour-leads/", event_records.rumour_lead_create, name="opinion_response_rumour_lead"),
    path("events/<int:pk>/feedback/", event_records.feedback_create, name="opinion_response_feedback"),
    path("events/<int:pk>/meetings/", event_records.meeting_create, name="opinion_response_meeting"),
    path("events/<int:pk>/special-report.docx", event_records.special_report, name="opinion_response_special_report"),
    path("events/<int:pk>/reports/", event_records.report_issue, name="opinion_response_report_issue"),
    path("reports/<int:pk>.docx", event_records.report_download, name="opinion_response_report"),
    path("feedback/<int:pk>/publish/", event_records.feedback_publish, name="opinion_response_feedback_publish"),
    path("statistics/accountability/", statistics.accountability_create, name="opinion_response_accountability"),
    path("assignments/<int:pk>/claim/", events.assignment_claim, name="opinion_response_claim"),
    path("responses/<int:pk>/", responses.response_detail, name="opinion_response_detail"),
    path("responses/<int:pk>/submit/", responses.response_submit, name="opinion_response_submit"),
    path("responses/<int:pk>/resubmit/", responses.response_resubmit, name="opinion_response_resubmit"),
    path("responses/<int:pk>/withdraw/", responses.response_withdraw, name="opinion_response_withdraw"),
    path("daily-log.docx", event_records.daily_log, name="opinion_response_daily_log"),
    path("statistics/", statistics.statistics_page, name="opinion_response_statistics"),
    path("statistics.xlsx", statistics.statistics_xlsx, name="opinion_response_statistics_xlsx"),
    path("rules/", configuration.routing_rules, name="opinion_response_rules"),
    path("rules/<int:pk>/toggle/", configuration.routing_rule_toggle, name="opinion_response_rule_toggle"),
    path("rules/<int:pk>/delete/", configuration.routing_rule_delete, name="opinion_response_rule_delete"),
    path("risk/", risk.risk_list, name="opinion_response_risks"),
    path("risk/<int:pk>/", risk.risk_detail, name="opinion_response_risk"),
    path("risk/<int:pk>/conclude/", risk.risk_conclude, name="opinion_response_risk_conclude"),
    path("webhooks/", configuration.webhook_list, name="opinion_response_webhooks"),
    path("webhooks/<int:pk>/toggle/", configuration.webhook_toggle, name="opinion_response_webhook_toggle"),
    path("webhooks/deliveries/<int:pk>/retry/", configuration.webhook_retry, name="opinion_response_webhook_retry"),
]
