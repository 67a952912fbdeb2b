"""Who may do what with catalogue items (checked inside the services).

The roles and scopes are the ``catalog.*`` rows of the permission matrix (``orgs/matrix.py``).
Need to know: the working copy (with the passages marked to withhold) is for the unit's
authors and reviewers and the disclosure office and leader above them; everyone else reads
the published copy on the portal.
"""

from __future__ import annotations

from gongkai.orgs import permissions as org_perms
from gongkai.orgs.enums import Role
from gongkai.orgs.matrix import roles_for

AUTHOR_ROLES = roles_for("catalog.item", "create")
# Reviewers who mark passages and record consultations (the disclosure office re-checks, 004 附件4).
REVIEWER_ROLES = roles_for("catalog.item", "review")
# R2.5: the unit administrator corrects published items; R3.6: re-review may withdraw them.
CORRECTOR_ROLES = roles_for("catalog.item", "correct")
WITHDRAWER_ROLES = roles_for("catalog.item", "withdraw")
GUIDE_EDITOR_ROLES = roles_for("catalog.guide", "edit")
# Authors who edit every draft of their unit (a sub-user edits only what they entered).
UNIT_EDITOR_ROLES = (Role.SECTION_HEAD, Role.UNIT_ADMIN)


def can_view(user, item) -> bool:
    return org_perms.allows(user, "catalog.item", "view", item.agency_id)


def can_author(user, agency) -> bool:
    return org_perms.allows(user, "catalog.item", "create", agency)


def can_edit(user, item) -> bool:
    if not can_author(user, item.agency):
        return False
    # A sub-user edits only what they entered; section heads and unit administrators edit their unit's items.
    if org_perms.has_any_role(user, UNIT_EDITOR_ROLES, item.agency):
        return True
    return item.created_by_id == user.pk


def can_review(user, item) -> bool:
    return org_perms.allows(user, "catalog.item", "review", item.agency)


def can_correct(user, item) -> bool:
    return org_perms.allows(user, "catalog.item", "correct", item.agency)


def can_withdraw(user, item) -> bool:
    return org_perms.allows(user, "catalog.item", "withdraw", item.agency)


def can_edit_guide(user, agency) -> bool:
    return org_perms.allows(user, "catalog.guide", "edit", agency)
