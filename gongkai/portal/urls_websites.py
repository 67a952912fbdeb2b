from django.urls import path

from . import views_websites

urlpatterns = [
    path("", views_websites.directory, name="websites_directory"),
]
