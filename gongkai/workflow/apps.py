from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import register_events


class WorkflowConfig(AppConfig):
    name = "gongkai.workflow"
    label = "workflow"
    verbose_name = "审核流程"

    def ready(self) -> None:
        # This app's audit event codes and their Chinese names (events.py).
        from .events import WorkflowEvent

        register_events(WorkflowEvent, area="review", area_label=_("审核"), data_model="workflow.review")
