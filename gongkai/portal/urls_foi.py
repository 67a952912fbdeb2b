"""Public pages of disclosure on application: apply online, query the status, answer requests."""

from django.urls import path

from . import views_foi

urlpatterns = [
    path("", views_foi.apply, name="foi_apply"),
    path("done/", views_foi.apply_done, name="foi_apply_done"),
    path("status/", views_foi.status_query, name="foi_status_query"),
    path("status/recover/", views_foi.recover, name="foi_recover"),
    path("status/<str:number>/", views_foi.status, name="foi_status"),
    path("status/<str:number>/supplement/", views_foi.supplement, name="foi_supplement"),
    path("status/<str:number>/fee/", views_foi.fee_reply, name="foi_fee_reply"),
    path("status/<str:number>/withdraw/", views_foi.withdraw, name="foi_withdraw"),
    path("status/<str:number>/receipt/", views_foi.receipt, name="foi_receipt"),
    path("status/<str:number>/letter/", views_foi.letter, name="foi_public_letter"),
    path("status/<str:number>/attachments/<int:aid>/", views_foi.attachment, name="foi_public_attachment"),
]
