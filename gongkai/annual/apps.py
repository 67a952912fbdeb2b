from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    label = "annual"
    verbose_name = "年度报告与政府公报"

    def ready(self) -> None:
        from gongkai.audit.labels import register_events

        from . import reviews  # noqa: F401  (registers the review template and its hooks)
        from .events import AnnualEvent

        register_events(AnnualEvent, area="annual", area_label="年度报告与政府公报")
