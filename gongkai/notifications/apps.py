from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import register_events


class NotificationsConfig(AppConfig):
    name = "gongkai.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        # This app's audit event codes and their Chinese names (events.py).
        from .events import NotificationsEvent

        register_events(NotificationsEvent, area="notification", area_label=_("通知"))
