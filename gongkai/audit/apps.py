from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import register_events


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        # This app's audit event codes and their Chinese names (events.py).
        from .events import AuditLogEvent

        register_events(AuditLogEvent, area="audit", area_label=_("审计日志"))
