from django.urls import path

from .views import interaction as v

urlpatterns = [
    path("", v.letter_list, name="interaction_list"),
    path("<int:pk>/", v.letter_detail, name="interaction_detail"),
    path("<int:pk>/act/", v.letter_act, name="interaction_act"),
    path("<int:pk>/visit/", v.letter_visit, name="interaction_visit"),
    path("<int:pk>/publish/", v.letter_publish, name="interaction_publish"),
]
