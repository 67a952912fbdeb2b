from django.apps import AppConfig


class FoiConfig(AppConfig):
    name = "gongkai.foi"
    label = "foi"
    verbose_name = "依申请公开"

    def ready(self):
        # Rule keys of this app (registry), the reply review template and its hooks, the
        # periodic task, and the system checks are registered at start-up.
        from . import checks, reviews, rules, tasks  # noqa: F401
