"""The public 新闻发布会 column (under press/)."""

from django.urls import path

from . import views_press

urlpatterns = [
    path("", views_press.conference_list, name="press_list"),
    path("conferences/<int:pk>/", views_press.conference_detail, name="press_conference"),
    path("conferences/<int:pk>/media/<int:media_id>/", views_press.media_file, name="press_media"),
    path("spokespersons/", views_press.spokespersons, name="press_spokespersons"),
    path("interviews/", views_press.interview_list, name="press_interview_list"),
    path("interviews/<int:pk>/", views_press.interview_detail, name="press_interview"),
    path("feed/rss/", views_press.ConferenceFeed(), name="press_feed"),
]
