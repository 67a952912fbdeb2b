from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开目录"

    def ready(self) -> None:
        from . import reviews  # noqa: F401  (registers the publication review and its hooks)
