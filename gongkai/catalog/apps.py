from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开目录"

    def ready(self) -> None:
        # This app's rule keys join the rules registry; the publication review and its hooks register.
        from . import reviews, rules  # noqa: F401
