"""The public responses column (under responses/)."""

from django.urls import path

from . import views_responses

urlpatterns = [
    path("", views_responses.response_list, name="response_list"),
    path("events/<int:pk>/", views_responses.response_event, name="response_event"),
    path("<int:pk>/", views_responses.response_detail, name="response"),
]
