from django.urls import path

from .views import foi

urlpatterns = [
    path("", foi.application_list, name="foi_list"),
    path("<int:pk>/", foi.application_detail, name="foi_detail"),
]
