"""Who may do what with a policy draft and the expert library (rows of ``orgs/matrix.py``)."""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _agency_id(obj) -> int:
    return obj if isinstance(obj, int) else getattr(obj, "agency_id", None) or obj.pk


def can_view(user, policy) -> bool:
    return _active(user) and org_permissions.allows(user, "policy.draft", "view", policy.agency_id)


def can_draft(user, agency) -> bool:
    """Draft, consult, moderate, decide adoption, submit, interpret, issue: the drafting unit."""
    return _active(user) and org_permissions.allows(user, "policy.draft", "create", _agency_id(agency))


def can_review_submission(user, policy) -> bool:
    """The government office (disclosure office) receives the submission: accept or 退文."""
    return _active(user) and org_permissions.allows(user, "policy.draft", "review", policy.agency_id)


def visible_agency_ids(user) -> set[int] | None:
    """None = everywhere (system administrator)."""
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "policy.draft", "view")


def draft_agency_ids(user) -> set[int]:
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "policy.draft", "create") or set()


def can_view_experts(user, agency) -> bool:
    return _active(user) and org_permissions.allows(user, "policy.expert", "view", _agency_id(agency))


def can_manage_experts(user, agency) -> bool:
    return _active(user) and org_permissions.allows(user, "policy.expert", "manage", _agency_id(agency))


def expert_agency_ids(user) -> set[int] | None:
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "policy.expert", "view")


def expert_manage_agency_ids(user) -> set[int]:
    if not _active(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "policy.expert", "manage") or set()
