"""Who may do what with catalogue items (checked inside the services)."""

from __future__ import annotations

from gongkai.orgs import permissions as org_perms
from gongkai.orgs.enums import Role

AUTHOR_ROLES = (Role.SUB_USER, Role.SECTION_HEAD, Role.UNIT_ADMIN)
# Reviewers who mark passages and record consultations (the disclosure office re-checks, 004 附件4).
REVIEWER_ROLES = (
    Role.CONFIDENTIALITY_REVIEWER,
    Role.DISCLOSURE_OFFICE_STAFF,
    Role.DISCLOSURE_OFFICE_HEAD,
    Role.UNIT_ADMIN,
)
# R2.5: the unit administrator corrects published items; R3.6: re-review may withdraw them.
CORRECTOR_ROLES = (Role.UNIT_ADMIN,)
WITHDRAWER_ROLES = (Role.UNIT_ADMIN, Role.DISCLOSURE_OFFICE_HEAD)
GUIDE_EDITOR_ROLES = (Role.UNIT_ADMIN, Role.DISCLOSURE_OFFICE_HEAD, Role.DISCLOSURE_OFFICE_STAFF)


def can_author(user, agency) -> bool:
    return org_perms.has_any_role(user, AUTHOR_ROLES, agency)


def can_edit(user, item) -> bool:
    if not can_author(user, item.agency):
        return False
    # A sub-user edits only what they entered; section heads and unit administrators edit their unit's items.
    if org_perms.has_any_role(user, (Role.SECTION_HEAD, Role.UNIT_ADMIN), item.agency):
        return True
    return item.created_by_id == user.pk


def can_review(user, item) -> bool:
    return org_perms.has_any_role(user, REVIEWER_ROLES, item.agency)


def can_correct(user, item) -> bool:
    return org_perms.has_any_role(user, CORRECTOR_ROLES, item.agency)


def can_withdraw(user, item) -> bool:
    return org_perms.has_any_role(user, WITHDRAWER_ROLES, item.agency)


def can_edit_guide(user, agency) -> bool:
    return org_perms.is_system_admin(user) or org_perms.has_any_role(user, GUIDE_EDITOR_ROLES, agency)
