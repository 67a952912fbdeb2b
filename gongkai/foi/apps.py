from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self):
        # Rule keys of this app (registry), the reply review template and its hooks, the
        # periodic task, and the system checks are registered at start-up.
        from gongkai.audit.labels import register_events
        from gongkai.notifications.services import register_address_resolver

        from . import checks, reviews, rules, tasks  # noqa: F401
        from .events import FoiEvent
        from .services.common import ADDRESS_KIND, applicant_address

        # The audit event codes of this app, with their Chinese names (audit page).
        register_events(FoiEvent, area="foi", area_label="依申请公开")

        # Messages to applicants (e-mail, SMS) find the contact on file at send time.
        register_address_resolver(ADDRESS_KIND, applicant_address)
