"""Helpers shared by the policy writes, and the one transition service (the only place a policy's state
changes).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gongkai.audit.services import audit_log
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

from .. import permissions
from ..actions import registry as action_registry
from ..events import PolicyEvent
from ..models import (
    Policy,
)
from ..transitions import next_state


def _text(value: Any, label: str, *, required: bool = True, max_length: int = 20000) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(label)s。") % {"label": label}, detail={"field": label})
    if len(text) > max_length:
        raise ValidationFailed(_("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": max_length})
    return text


def _lock(policy: Policy) -> Policy:
    return Policy.objects.select_for_update().get(pk=policy.pk)


def _require_drafter(actor, policy_or_agency) -> None:
    agency = policy_or_agency.agency if isinstance(policy_or_agency, Policy) else policy_or_agency
    if not permissions.can_draft(actor, agency):
        raise PermissionDenied(_("只有起草单位的工作人员可以办理。"))


def policy_transition(*, actor, policy: Policy, action: str, data: dict | None = None, system: bool = False) -> Policy:
    """Apply ``action`` from the transition table (the only place the state changes). A person's move
    is checked against its spec's permission (``actions.registry``); ``system`` moves (automatic 退文 of
    an incomplete submission, review hooks, the catalogue's publication) are the platform's own."""
    spec = action_registry.get(action)
    if not system and actor is not None and spec.permission is not None:
        action_registry.require(actor, spec, policy)
    new = next_state(policy.state, action)
    if new is None:
        raise InvalidTransition(
            _("政策文件当前状态为“%(state)s”，不能%(action)s。")
            % {"state": policy.get_state_display(), "action": spec.label}
        )
    old = policy.state
    policy.state = new
    policy.save(update_fields=["state", "updated_at"])
    audit_log(
        actor=actor,
        event=PolicyEvent.TRANSITION,
        target=policy,
        data={"action": action, "old": {"state": old}, "new": {"state": new}, **(data or {})},
    )
    return policy
