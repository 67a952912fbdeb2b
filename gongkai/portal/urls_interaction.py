"""Public pages of the leader mailbox: the public list, write, query, status and rating."""

from django.urls import path

from . import views_interaction as v

urlpatterns = [
    path("", v.public_list, name="interaction_list"),
    path("write/", v.write, name="interaction_write"),
    path("done/", v.done, name="interaction_done"),
    path("query/", v.query, name="interaction_query"),
    path("status/<str:public_id>/", v.status, name="interaction_status"),
    path("status/<str:public_id>/rate/", v.rate, name="interaction_rate"),
    path("letters/<str:public_id>/", v.public_letter, name="interaction_public_letter"),
    path("feed/rss/", v.PublishedLettersRss(), name="interaction_feed"),
]
