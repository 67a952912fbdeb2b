from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import register_events


class RulesConfig(AppConfig):
    name = "gongkai.rules"
    label = "rules"
    verbose_name = "规则与工作日"

    def ready(self):
        # Register the periodic sweep task with Celery at start-up, so the in-process runner
        # (core.periodic, used by `manage.py serve`) finds it without a worker's autodiscovery.
        from . import tasks  # noqa: F401

        # This app's audit event codes and their Chinese names (events.py).
        from .events import RulesEvent

        register_events(RulesEvent, areas={"rule": _("规则记录"), "calendar": _("节假日日历"), "deadline": _("期限")})
