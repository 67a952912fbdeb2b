from django.urls import path

from .views import foi

urlpatterns = [
    path("", foi.application_list, name="foi_list"),
    path("new/", foi.application_register, name="foi_register"),
    path("statistics/", foi.annual_statistics, name="foi_statistics"),
    path("statistics.xlsx", foi.annual_statistics_xlsx, name="foi_statistics_xlsx"),
    path("dashboard/", foi.dashboard, name="foi_dashboard"),
    path("settings/<int:agency_id>/", foi.agency_profile, name="foi_profile"),
    path("<int:pk>/", foi.application_detail, name="foi_detail"),
    path("<int:pk>/personal/", foi.application_personal, name="foi_personal"),
    path("<int:pk>/clock/", foi.application_clock, name="foi_clock"),
    path("<int:pk>/act/<str:action>/", foi.application_act, name="foi_act"),
    path("<int:pk>/extension-request/", foi.extension_request, name="foi_extension_request"),
    path("<int:pk>/consultations/<int:cid>/", foi.consultation_answer, name="foi_consultation_answer"),
    path("<int:pk>/mass/", foi.mass_mark, name="foi_mass"),
    path("<int:pk>/mass-delay/", foi.mass_delay, name="foi_mass_delay"),
    path("<int:pk>/fee-receipt/", foi.fee_receipt, name="foi_fee_receipt"),
    path("<int:pk>/messages/<int:mid>/retry/", foi.applicant_message_retry, name="foi_message_retry"),
    path("<int:pk>/repeat/", foi.repeat_link, name="foi_repeat"),
    path("<int:pk>/appeals/", foi.appeal_save, name="foi_appeal_create"),
    path("<int:pk>/appeals/<int:rid>/", foi.appeal_save, name="foi_appeal_update"),
    path("<int:pk>/draft/", foi.reply_draft, name="foi_draft"),
    path("<int:pk>/letter/", foi.letter_download, name="foi_letter"),
    path("<int:pk>/attachments/<int:aid>/", foi.attachment_download, name="foi_attachment"),
]
