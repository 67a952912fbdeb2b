from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import register_events


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开目录"

    def ready(self) -> None:
        # This app's rule keys join the rules registry; the publication review and its hooks register.
        from . import reviews, rules  # noqa: F401

        # This app's audit event codes and their Chinese names (events.py).
        from .events import CatalogEvent

        register_events(CatalogEvent, area="catalog", area_label=_("主动公开"))
