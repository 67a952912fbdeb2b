from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "gongkai.rules"
    label = "rules"
    verbose_name = "规则与工作日"

    def ready(self):
        # Register the periodic sweep task with Celery at start-up, so the in-process runner
        # (core.periodic, used by `manage.py serve`) finds it without a worker's autodiscovery.
        from . import tasks  # noqa: F401
