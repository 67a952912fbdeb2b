"""The security policy."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import audit_log, changes
from gongkai.orgs.events import OrgsEvent

from .. import permissions
from ..models import SecurityPolicy

# --- security policy --------------------------------------------------------------------------


@transaction.atomic
def security_policy_update(*, actor, require_two_factor_for_staff: bool) -> SecurityPolicy:
    permissions.require_system_admin(actor)
    SecurityPolicy.current()
    policy = SecurityPolicy.objects.select_for_update().get(pk=1)
    diff = changes(
        policy, ["require_two_factor_for_staff"], {"require_two_factor_for_staff": require_two_factor_for_staff}
    )
    if not diff["new"]:
        return policy
    policy.require_two_factor_for_staff = require_two_factor_for_staff
    policy.save()
    audit_log(actor=actor, event=OrgsEvent.SECURITY_POLICY_UPDATED, target=policy, data=diff)
    return policy
