"""Who may see and do what with the register, the monitoring and the inspections (the
``websites.*`` rows of the permission matrix, ``orgs/matrix.py``)."""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions


def agency_ids(user, obj: str, op: str) -> set[int] | None:
    """Units where ``user`` may do ``op`` on ``obj``; ``None`` = all (system administrator)."""
    return org_permissions.allowed_agency_ids(user, obj, op)


def may(user, obj: str, op: str, agency_id: int | None) -> bool:
    scope = agency_ids(user, obj, op)
    if scope is None:
        return True
    return agency_id is not None and agency_id in scope


def may_anywhere(user, obj: str, op: str) -> bool:
    return org_permissions.allowed_anywhere(user, obj, op)


def require(user, obj: str, op: str, agency_id: int | None, message: str) -> None:
    org_permissions.require(may(user, obj, op, agency_id), message)


def can_view_account(user, account) -> bool:
    return may(user, "websites.account", "view", account.agency_id)


def can_edit_account(user, account) -> bool:
    return may(user, "websites.account", "create", account.agency_id)


def can_manage_content(user, account) -> bool:
    return may(user, "websites.content", "manage", account.agency_id)
