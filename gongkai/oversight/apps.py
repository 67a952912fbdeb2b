from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "gongkai.oversight"
    label = "oversight"
    verbose_name = "监督保障"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from gongkai.audit.labels import register_events
        from gongkai.orgs import grant_checks

        from . import reviews, rules  # noqa: F401 (registers rule keys and the review template)
        from .events import OversightEvent
        from .services.training import role_grant_check

        register_events(OversightEvent, area="oversight", area_label=_("监督保障"))
        # 先培训后上岗 (004 附件5 第七条): orgs asks before a disclosure role is granted.
        grant_checks.register("oversight.training_before_post", role_grant_check)
