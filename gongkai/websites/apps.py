from django.apps import AppConfig


class WebsitesConfig(AppConfig):
    name = "gongkai.websites"
    label = "websites"
    verbose_name = "政府网站与政务新媒体"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from gongkai.audit.labels import register_events

        from . import reviews, rules  # noqa: F401  (rule keys and the review template register)
        from .events import WebsitesEvent

        register_events(WebsitesEvent, area="websites", area_label=_("政府网站与政务新媒体"))
