from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self):
        # Rule keys of this app (registry), the reply review template and its hooks, the
        # periodic task, and the system checks are registered at start-up.
        from gongkai.notifications.services import register_address_resolver

        from . import checks, reviews, rules, tasks  # noqa: F401
        from .services.common import ADDRESS_KIND, applicant_address

        # Messages to applicants (e-mail, SMS) find the contact on file at send time.
        register_address_resolver(ADDRESS_KIND, applicant_address)
