"""Who may see and do what with letters: the rows ``interaction.letter`` and
``interaction.personal_data`` of the permission matrix (``orgs/matrix.py``).

- See: ``view`` at the mailbox unit (``office``) or at the handling unit.
- Register calls, import hotline cases: ``create`` at the mailbox unit.
- Triage, route, transfer, supervise a dissatisfied rating, return visits, publish, routing rules:
  ``coordinate`` at the mailbox unit (its mailbox office, 信箱办).
- Claim, send back, draft and submit the reply: ``handle`` at the handling unit.
- Approve the one extension: ``approve`` at the mailbox unit.
- Full personal data: ``interaction.personal_data``/``view`` at the mailbox or handling unit itself.
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_permissions


def _ok(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def allows(user, op: str, agency_id: int | None) -> bool:
    return _ok(user) and agency_id is not None and org_permissions.allows(user, "interaction.letter", op, agency_id)


def can_view(user, letter) -> bool:
    return allows(user, "view", letter.office_id) or allows(user, "view", letter.handling_agency_id)


def viewable_agency_ids(user) -> set[int] | None:
    if not _ok(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "interaction.letter", "view")


def agency_ids(user, op: str) -> set[int] | None:
    if not _ok(user):
        return set()
    return org_permissions.allowed_agency_ids(user, "interaction.letter", op)


def can_coordinate(user, letter) -> bool:
    return allows(user, "coordinate", letter.office_id)


def can_handle(user, letter) -> bool:
    return allows(user, "handle", letter.handling_agency_id)


def can_approve(user, letter) -> bool:
    return allows(user, "approve", letter.office_id)


def can_register(user, office_id: int) -> bool:
    return allows(user, "create", office_id)


def can_see_personal_data(user, letter) -> bool:
    if not _ok(user):
        return False
    return any(
        aid is not None and org_permissions.allows(user, "interaction.personal_data", "view", aid)
        for aid in (letter.office_id, letter.handling_agency_id)
    )


def require(condition: bool, message: str) -> None:
    org_permissions.require(condition, message)
