"""新闻发布 (see docs/architecture.md)."""

from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "gongkai.press"
    label = "press"
    verbose_name = "新闻发布"

    def ready(self):
        # Rule keys, review templates and hooks, the audit event enum, the periodic reminder task.
        from django.utils.translation import gettext_lazy as _

        from gongkai.audit.labels import register_events

        from . import reviews, rules, tasks  # noqa: F401
        from .events import PressEvent

        register_events(PressEvent, area="press", area_label=_("新闻发布"))
