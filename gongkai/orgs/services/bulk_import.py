"""Excel import of regions, agencies and people (``importer`` checks; this writes)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from gongkai.audit.services import audit_log
from gongkai.core.errors import Conflict
from gongkai.orgs.events import OrgsEvent

from .. import importer, permissions
from ..models import Agency, RoleAssignment, Section, User
from .people import _USER_FIELDS
from .units import _AGENCY_FIELDS, _SECTION_FIELDS
from .validation import _snapshot, agency_code_conflict

# --- Excel import -----------------------------------------------------------------------------


def org_import(*, actor, data: bytes, filename: str = "") -> importer.ImportSummary:
    """Import agencies, sections and people from an .xlsx workbook: everything, or nothing.

    Only system administrators import. Raises ``importer.ImportFailed`` (a ``ValidationFailed``)
    whose ``errors`` list every problem by sheet, row and column.
    """
    permissions.require_system_admin(actor)
    sheets = importer.read_workbook(data, filename)
    with transaction.atomic():
        plan, errors = importer.validate(sheets)
        if errors:
            raise importer.ImportFailed(errors)
        try:
            with transaction.atomic():
                summary = _apply_import(actor=actor, plan=plan)
        except IntegrityError as exc:
            raise Conflict(
                "导入时发现与现有数据冲突的记录（可能有人同时修改了数据），未导入任何数据，请重试。"
            ) from exc
        audit_log(
            actor=actor,
            event=OrgsEvent.IMPORT_COMPLETED,
            target=filename or "import.xlsx",
            data={
                "agencies": summary.agencies,
                "sections": summary.sections,
                "users": summary.users,
                "roles": summary.roles,
            },
        )
    return summary


# Long on purpose: writes the checked plan in dependency order (agencies, sections, people and roles) with the maps built on the way.
def _apply_import(*, actor, plan: importer.ImportPlan) -> importer.ImportSummary:
    summary = importer.ImportSummary()
    agencies: dict[str, Agency] = {}

    def org9(code: str) -> str:
        return code[8:17] if len(code) == 18 else code

    def agency_for(code: str) -> Agency:
        key = org9(code)
        if key not in agencies:
            found = agency_code_conflict(code)
            if found is None:  # pragma: no cover - validated before
                raise Conflict(f"机构 {code} 不存在。")
            agencies[key] = found
        return agencies[key]

    for row in plan.agencies:
        parent = row.parent or (agency_for(row.parent_code) if row.parent_code else None)
        agency = Agency.objects.create(
            name=row.name,
            short_name=row.short_name,
            kind=row.kind,
            region=row.region,
            parent=parent,
            code=row.code,
            department_code=row.department_code,
        )
        agencies[org9(row.code)] = agency
        audit_log(
            actor=actor,
            event=OrgsEvent.AGENCY_CREATED,
            target=agency,
            data={"new": _snapshot(agency, _AGENCY_FIELDS), "source": "import", "row": row.row},
        )
        summary.agencies += 1

    sections: dict[tuple[int, str], Section] = {}
    for row in plan.sections:
        agency = agency_for(row.agency_code)
        section = Section.objects.create(agency=agency, name=row.name, code=row.code)
        sections[(agency.pk, row.name)] = section
        audit_log(
            actor=actor,
            event=OrgsEvent.SECTION_CREATED,
            target=section,
            data={"new": _snapshot(section, _SECTION_FIELDS), "source": "import", "row": row.row},
        )
        summary.sections += 1

    for row in plan.people:
        agency = agency_for(row.agency_code)
        user = User(username=row.username, full_name=row.full_name, phone=row.phone, email=row.email)
        if row.password:
            user.set_password(row.password)
        else:
            user.set_unusable_password()
            summary.without_password.append(row.username)
        user.save()
        audit_log(
            actor=actor,
            event=OrgsEvent.USER_CREATED,
            target=user,
            data={"new": _snapshot(user, _USER_FIELDS), "source": "import", "row": row.row},
            agency_id=agency.pk,
        )
        summary.users += 1
        section = None
        if row.section_name:
            section = sections.get((agency.pk, row.section_name)) or Section.objects.get(
                agency=agency, name=row.section_name
            )
        for role in row.roles:
            assignment = RoleAssignment.objects.create(user=user, role=role, agency=agency, section=section)
            audit_log(
                actor=actor,
                event=OrgsEvent.ROLE_GRANTED,
                target=assignment,
                data={
                    "new": {
                        "user": user.username,
                        "role": role,
                        "agency_id": agency.pk,
                        "section_id": section.pk if section else None,
                    },
                    "source": "import",
                },
            )
            summary.roles += 1
    return summary
