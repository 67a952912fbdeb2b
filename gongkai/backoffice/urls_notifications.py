from django.urls import path

from .views import notifications

urlpatterns = [
    path("", notifications.notification_list, name="notification_list"),
    path("read-all/", notifications.notification_read_all, name="notification_read_all"),
    path("<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("outbox/", notifications.notification_outbox, name="notification_outbox"),
    path("outbox/<int:pk>/retry/", notifications.notification_retry, name="notification_retry"),
]
