"""Writes to regions, agencies, sections, people and roles (SPEC M1).

Every function checks the actor's permission, runs in one transaction and writes an
audit event with the old and new values in that transaction. Bad input raises
``ValidationFailed``, duplicates ``Conflict``, missing rights ``PermissionDenied``:
never an IntegrityError.

The package, by entity: ``validation`` (shared checks, also used by the Excel importer, and the
helpers of the writes), ``units`` (regions, agencies, sections), ``people``, ``roles``, ``security``
(the security policy) and ``bulk_import`` (the Excel import). This module re-exports the writes the
edges and the tests use, so ``services.user_create`` etc. keep working.
"""

from .bulk_import import org_import
from .people import (
    user_activate,
    user_create,
    user_deactivate,
    user_reset_two_factor,
    user_set_active,
    user_set_password,
    user_update,
)
from .roles import role_grant, role_revoke
from .security import security_policy_update
from .units import (
    agency_activate,
    agency_create,
    agency_deactivate,
    agency_set_active,
    agency_update,
    region_create,
    region_update,
    section_create,
    section_update,
)

__all__ = [
    "agency_activate",
    "agency_create",
    "agency_deactivate",
    "agency_set_active",
    "agency_update",
    "org_import",
    "region_create",
    "region_update",
    "role_grant",
    "role_revoke",
    "section_create",
    "section_update",
    "security_policy_update",
    "user_activate",
    "user_create",
    "user_deactivate",
    "user_reset_two_factor",
    "user_set_active",
    "user_set_password",
    "user_update",
]
