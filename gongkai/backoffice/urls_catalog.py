"""Back-office URLs of the proactive-disclosure catalogue (names used by gongkai/backoffice/nav.py)."""

from django.urls import path

from .views import catalog

urlpatterns = [
    path("items/", catalog.item_list, name="catalog_item_list"),
    path("items/new/", catalog.item_create, name="catalog_item_create"),
    path("items/<int:pk>/", catalog.item_detail, name="catalog_item_detail"),
    path("items/<int:pk>/edit/", catalog.item_edit, name="catalog_item_edit"),
    path("items/<int:pk>/submit/", catalog.item_submit, name="catalog_item_submit"),
    path("items/<int:pk>/versions/<int:number>/", catalog.item_version, name="catalog_item_version"),
    path("items/<int:pk>/redactions/", catalog.item_redactions, name="catalog_item_redactions"),
    path("items/<int:pk>/redactions/<int:rid>/remove/", catalog.redaction_remove, name="catalog_redaction_remove"),
    path("items/<int:pk>/consultations/", catalog.consultation_send, name="catalog_consultation_send"),
    path(
        "items/<int:pk>/consultations/<int:cid>/answer/",
        catalog.consultation_answer,
        name="catalog_consultation_answer",
    ),
    path("items/<int:pk>/attachments/", catalog.attachment_add, name="catalog_attachment_add"),
    path("items/<int:pk>/attachments/<int:aid>/remove/", catalog.attachment_remove, name="catalog_attachment_remove"),
    path("items/<int:pk>/review-record/", catalog.review_record, name="catalog_review_record"),
    path("items/<int:pk>/review-record.docx", catalog.review_record_docx, name="catalog_review_record_docx"),
    path("items/<int:pk>/correct/", catalog.item_correct, name="catalog_item_correct"),
    path("items/<int:pk>/withdraw/", catalog.item_withdraw, name="catalog_item_withdraw"),
    path("items/<int:pk>/reopen/", catalog.item_reopen, name="catalog_item_reopen"),
    path("self-check/", catalog.self_check, name="catalog_self_check"),
    path("disclosure-clocks/", catalog.disclosure_clocks, name="catalog_disclosure_clocks"),
    path("import/", catalog.item_import, name="catalog_import"),
    path("import/template.xlsx", catalog.import_template, name="catalog_import_template"),
    path("categories/", catalog.category_list, name="catalog_category_list"),
    path("categories/new/", catalog.category_form, name="catalog_category_create"),
    path("categories/<int:pk>/edit/", catalog.category_form, name="catalog_category_edit"),
    path("categories/<int:pk>/action/", catalog.category_action, name="catalog_category_action"),
    path("topics/", catalog.topic_list, name="catalog_topic_list"),
    path("topics/new/", catalog.topic_form, name="catalog_topic_create"),
    path("topics/<int:pk>/edit/", catalog.topic_form, name="catalog_topic_edit"),
    path("topics/<int:pk>/active/", catalog.topic_set_active, name="catalog_topic_set_active"),
    path("guides/", catalog.guide_list, name="catalog_guide_list"),
    path("guides/<int:agency_id>/", catalog.guide_edit, name="catalog_guide_edit"),
]
