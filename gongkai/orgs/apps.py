from django.apps import AppConfig


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
