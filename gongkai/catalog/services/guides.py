"""The disclosure guide (公开指南) of an agency."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.orgs.models import Agency

from .. import permissions
from ..models import DisclosureGuide

# --- Disclosure guide ---------------------------------------------------------------------------

GUIDE_FIELDS = ("how_to_obtain", "office_name", "address", "hours", "phone", "fax", "online", "postcode", "notes")


def guide_save(*, actor, agency: Agency, **fields: str) -> DisclosureGuide:
    if not permissions.can_edit_guide(actor, agency):
        raise PermissionDenied("您不能编辑该机构的公开指南。")
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise ValidationFailed(f"未知字段：{'、'.join(sorted(unknown))}。")
    with transaction.atomic():
        guide, _ = DisclosureGuide.objects.select_for_update().get_or_create(agency=agency)
        old = {k: getattr(guide, k) for k in fields}
        for name, value in fields.items():
            setattr(guide, name, (value or "").strip())
        guide.save()
        audit_log(
            actor=actor,
            event=CatalogEvent.GUIDE_SAVED,
            target=guide,
            data={"old": old, "new": {k: getattr(guide, k) for k in fields}},
        )
    return guide
