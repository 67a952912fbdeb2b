"""Back-office URLs of the proactive-disclosure catalogue (names used by gongkai/backoffice/nav.py)."""

from django.urls import path

from .views.catalog import bulk_import, detail, guides, items, published, review, taxonomy

urlpatterns = [
    path("items/", items.item_list, name="catalog_item_list"),
    path("items/new/", items.item_create, name="catalog_item_create"),
    path("items/<int:pk>/", detail.item_detail, name="catalog_item_detail"),
    path("items/<int:pk>/edit/", items.item_edit, name="catalog_item_edit"),
    path("items/<int:pk>/submit/", items.item_submit, name="catalog_item_submit"),
    path("items/<int:pk>/versions/<int:number>/", items.item_version, name="catalog_item_version"),
    path("items/<int:pk>/redactions/", review.item_redactions, name="catalog_item_redactions"),
    path("items/<int:pk>/redactions/<int:rid>/remove/", review.redaction_remove, name="catalog_redaction_remove"),
    path("items/<int:pk>/consultations/", review.consultation_send, name="catalog_consultation_send"),
    path(
        "items/<int:pk>/consultations/<int:cid>/answer/",
        review.consultation_answer,
        name="catalog_consultation_answer",
    ),
    path("items/<int:pk>/attachments/", items.attachment_add, name="catalog_attachment_add"),
    path("items/<int:pk>/attachments/<int:aid>/remove/", items.attachment_remove, name="catalog_attachment_remove"),
    path("items/<int:pk>/review-record/", review.review_record, name="catalog_review_record"),
    path("items/<int:pk>/review-record.docx", review.review_record_docx, name="catalog_review_record_docx"),
    path("items/<int:pk>/correct/", published.item_correct, name="catalog_item_correct"),
    path("items/<int:pk>/withdraw/", published.item_withdraw, name="catalog_item_withdraw"),
    path("items/<int:pk>/reopen/", published.item_reopen, name="catalog_item_reopen"),
    path("self-check/", published.self_check, name="catalog_self_check"),
    path("disclosure-clocks/", published.disclosure_clocks, name="catalog_disclosure_clocks"),
    path("import/", bulk_import.item_import, name="catalog_import"),
    path("import/template.xlsx", bulk_import.import_template, name="catalog_import_template"),
    path("categories/", taxonomy.category_list, name="catalog_category_list"),
    path("categories/new/", taxonomy.category_form, name="catalog_category_create"),
    path("categories/<int:pk>/edit/", taxonomy.category_form, name="catalog_category_edit"),
    path("categories/<int:pk>/action/", taxonomy.category_action, name="catalog_category_action"),
    path("topics/", taxonomy.topic_list, name="catalog_topic_list"),
    path("topics/new/", taxonomy.topic_form, name="catalog_topic_create"),
    path("topics/<int:pk>/edit/", taxonomy.topic_form, name="catalog_topic_edit"),
    path("topics/<int:pk>/active/", taxonomy.topic_set_active, name="catalog_topic_set_active"),
    path("guides/", guides.guide_list, name="catalog_guide_list"),
    path("guides/<int:agency_id>/", guides.guide_edit, name="catalog_guide_edit"),
]
