from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from gongkai.catalog.models import Category, DisclosureGuide, InformationItem, Topic
        from gongkai.orgs.models import Agency

        from .cache import bump

        for model in (InformationItem, Category, Topic, Agency, DisclosureGuide):
            post_save.connect(bump, sender=model, dispatch_uid=f"portal-counts-save-{model._meta.label}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"portal-counts-delete-{model._meta.label}")
        m2m_changed.connect(bump, sender=InformationItem.topics.through, dispatch_uid="portal-counts-topics")
