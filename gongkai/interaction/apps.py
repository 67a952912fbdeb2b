"""政民互动（信箱与热线） (see docs/architecture.md)."""

from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "政民互动（信箱与热线）"

    def ready(self):
        # Rule keys, the reply review and its hooks, the audit event codes, and the outbox's way to
        # find a writer's contact at send time are registered at start-up.
        from gongkai.audit.labels import register_events
        from gongkai.notifications.services import register_address_resolver

        from . import reviews, rules, tasks  # noqa: F401
        from .events import InteractionEvent
        from .services.common import ADDRESS_KIND, writer_address

        register_events(InteractionEvent, area="interaction", area_label="领导信箱与热线")
        register_address_resolver(ADDRESS_KIND, writer_address)
