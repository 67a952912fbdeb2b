"""政策制定与解读 (see docs/architecture.md)."""

from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "gongkai.policy"
    label = "policy"
    verbose_name = "政策制定与解读"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from gongkai.audit.labels import register_events
        from gongkai.catalog import interface as catalog_interface

        from . import reviews, rules  # noqa: F401  (register the review templates and rule keys)
        from .events import PolicyEvent
        from .services.release import on_catalog_published

        register_events(PolicyEvent, area="policy", area_label=_("政策制定与解读"))
        catalog_interface.on_item_published(on_catalog_published)
