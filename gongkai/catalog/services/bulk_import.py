"""Bulk import (.xlsx) of drafts."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import audit_log
from gongkai.catalog.events import CatalogEvent
from gongkai.core.errors import PermissionDenied
from gongkai.orgs.models import Agency

from ..enums import ItemStatus, SourceFormat
from ..models import InformationItem
from .disclosure_clock import _sync_disclosure_clock
from .publication import _public_fields


def item_import(*, actor, agency: Agency, data: bytes, filename: str = ""):
    """Bulk import (.xlsx): every row becomes a DRAFT of ``agency`` — all rows or none.

    System administrators and the agency's unit administrator import. Raises
    ``importer.ImportFailed`` (a ``ValidationFailed``) listing every problem by row and column.
    Nothing is published: the drafts go through the review like any other (SPEC R3.1).
    """
    from gongkai.orgs import permissions as org_perms
    from gongkai.orgs.enums import Role

    from .. import importer

    if not (org_perms.is_system_admin(actor) or org_perms.has_role(actor, Role.UNIT_ADMIN, agency)):
        raise PermissionDenied("只有系统管理员或本单位的编制单位管理员可以批量导入信息。")
    rows = importer.read_workbook(data, filename)
    plan, errors = importer.validate(rows, agency=agency)
    if errors:
        raise importer.ImportFailed(errors)
    summary = importer.ImportSummary()
    with transaction.atomic():
        for number, cleaned in plan:
            item = InformationItem.objects.create(
                agency=agency,
                created_by=actor,
                status=ItemStatus.DRAFT,
                source_format=SourceFormat.FORM,
                source_meta={"import": filename or "import.xlsx", "row": number},
                **cleaned,
            )
            audit_log(
                actor=actor,
                event=CatalogEvent.ITEM_CREATED,
                target=item,
                data={"new": _public_fields(item), "import": filename or "import.xlsx", "row": number},
            )
            _sync_disclosure_clock(item)
            summary.created += 1
            summary.item_ids.append(item.pk)
        audit_log(
            actor=actor,
            event=CatalogEvent.IMPORT_COMPLETED,
            target=filename or "import.xlsx",
            agency_id=agency.pk,
            data={"created": summary.created, "agency": agency.name},
        )
    return summary
