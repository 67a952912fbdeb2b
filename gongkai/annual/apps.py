from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    label = "annual"
    verbose_name = _("年度报告与政府公报")

    def ready(self) -> None:
        from gongkai.audit.labels import register_events

        from . import reviews  # noqa: F401  (registers the review template and its hooks)
        from .events import AnnualEvent

        register_events(AnnualEvent, area="annual", area_label=_("年度报告与政府公报"))
