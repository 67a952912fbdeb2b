from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import register_events


class OrgsConfig(AppConfig):
    name = "gongkai.orgs"
    label = "orgs"
    verbose_name = "组织与人员"

    def ready(self) -> None:
        from gongkai.audit import scope

        from . import permissions

        # audit sits below orgs and cannot import it: tell it who may read which agency's events.
        # Looked up on each call, so the rule stays the one of the matrix (audit.log / view).
        scope.register_visibility(lambda user: permissions.allowed_agency_ids(user, "audit.log", "view"))
        # This app's audit event codes and their Chinese names (events.py).
        from .events import OrgsEvent

        register_events(OrgsEvent, areas={"orgs": _("组织与人员"), "auth": _("登录与账号安全"), "demo": _("演示数据")})
