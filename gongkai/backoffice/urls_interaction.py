from django.urls import path

from .views import interaction as v

urlpatterns = [
    path("", v.letter_list, name="interaction_list"),
    path("statistics/", v.letter_statistics, name="interaction_statistics"),
    path("register/", v.letter_register, name="interaction_register"),
    path("import/", v.hotline_import_page, name="interaction_import"),
    path("rules/", v.routing_rules, name="interaction_rules"),
    path("<int:pk>/", v.letter_detail, name="interaction_detail"),
    path("<int:pk>/act/", v.letter_act, name="interaction_act"),
    path("<int:pk>/visit/", v.letter_visit, name="interaction_visit"),
    path("<int:pk>/contact/", v.letter_contact, name="interaction_contact"),
    path("<int:pk>/attachments/<int:aid>/", v.letter_attachment, name="interaction_attachment"),
    path("<int:pk>/publish/", v.letter_publish, name="interaction_publish"),
]
