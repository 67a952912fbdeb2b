from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import register_events


class OpinionConfig(AppConfig):
    name = "gongkai.opinion"
    label = "opinion"
    verbose_name = "政务舆情"

    def ready(self) -> None:
        # Rule keys of this app (warning thresholds) join the rules registry; tasks register; the
        # response side registers its review template and tasks and listens to the warning signals.
        from . import rules, tasks  # noqa: F401
        from .response import wiring

        wiring.connect()
        # This app's audit event codes and their Chinese names (events.py).
        from .events import OpinionEvent

        register_events(OpinionEvent, area="opinion", area_label=_("政务舆情"))
