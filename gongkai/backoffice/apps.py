from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "gongkai.backoffice"
    label = "backoffice"
    verbose_name = "后台"

    def ready(self) -> None:
        from .links import register_links

        register_links()
