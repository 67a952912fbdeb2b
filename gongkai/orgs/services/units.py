"""Regions, agencies and their sections (内设机构)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_log, changes
from gongkai.core.errors import Conflict
from gongkai.orgs.events import OrgsEvent

from .. import permissions
from ..codes import validate_agency_code
from ..enums import AgencyKind
from ..models import Agency, Region, Section
from .validation import (
    _UNCHANGED,
    _fail,
    _save,
    _snapshot,
    agency_code_conflict,
    department_code_error,
    normalise_agency_code,
    region_code_error,
    region_parent_error,
)

# --- regions ----------------------------------------------------------------------------------

_REGION_FIELDS = ["code", "name", "level", "parent_id"]


@transaction.atomic
def region_create(*, actor, code: str, name: str, level: str, parent: Region | None = None) -> Region:
    permissions.require_system_admin(actor)
    code = (code or "").strip()
    name = (name or "").strip()
    if not name:
        raise _fail("请填写区划名称。", "name")
    if error := region_code_error(code, level):
        raise _fail(error, "code")
    if error := region_parent_error(code, level, parent):
        raise _fail(error, "parent")
    if Region.objects.filter(code=code).exists():
        raise Conflict(f"区划代码 {code} 已存在。")
    if Region.objects.filter(parent=parent, name=name).exists():
        raise Conflict(f"同一上级区划下已有名为“{name}”的区划。")
    region = Region(code=code, name=name, level=level, parent=parent)
    _save(region, f"区划代码 {code} 已存在。")
    audit_log(
        actor=actor, event=OrgsEvent.REGION_CREATED, target=region, data={"new": _snapshot(region, _REGION_FIELDS)}
    )
    return region


@transaction.atomic
def region_update(
    *,
    actor,
    region: Region,
    code: str | None = None,
    name: str | None = None,
    level: str | None = None,
    parent: Region | None = _UNCHANGED,
) -> Region:
    """Change a region; arguments left out stay as they are (``parent=None`` clears the parent)."""
    permissions.require_system_admin(actor)
    region = Region.objects.select_for_update().get(pk=region.pk)
    new = {
        "code": region.code if code is None else code.strip(),
        "name": region.name if name is None else name.strip(),
        "level": region.level if level is None else level,
        "parent": region.parent if parent is _UNCHANGED else parent,
    }
    if not new["name"]:
        raise _fail("请填写区划名称。", "name")
    if error := region_code_error(new["code"], new["level"]):
        raise _fail(error, "code")
    if error := region_parent_error(new["code"], new["level"], new["parent"]):
        raise _fail(error, "parent")
    if new["parent"] is not None and region.pk in {r.pk for r in new["parent"].ancestors()}:
        raise _fail("上级区划不能是本区划或其下级区划。", "parent")
    for child in region.children.all():
        if error := region_parent_error(child.code, child.level, Region(**{**new, "pk": region.pk})):
            raise _fail(f"下级区划“{child.name}”与修改后的区划不一致：{error}", "code")
    if Region.objects.filter(code=new["code"]).exclude(pk=region.pk).exists():
        raise Conflict(f"区划代码 {new['code']} 已存在。")
    if Region.objects.filter(parent=new["parent"], name=new["name"]).exclude(pk=region.pk).exists():
        raise Conflict(f"同一上级区划下已有名为“{new['name']}”的区划。")
    new_values = {**new, "parent_id": new["parent"].pk if new["parent"] else None}
    diff = changes(region, _REGION_FIELDS, new_values)
    if not diff["new"]:
        return region
    region.code, region.name, region.level, region.parent = new["code"], new["name"], new["level"], new["parent"]
    _save(region, f"区划代码 {new['code']} 已存在。")
    audit_log(actor=actor, event=OrgsEvent.REGION_UPDATED, target=region, data=diff)
    return region


# --- agencies ---------------------------------------------------------------------------------

_AGENCY_FIELDS = ["name", "short_name", "kind", "region_id", "parent_id", "code", "department_code", "is_active"]


def _check_agency_values(values: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    if not values["name"]:
        raise _fail("请填写机构名称。", "name")
    if values["kind"] not in AgencyKind.values:
        raise _fail("机构类型不正确。", "kind")
    if values["region"] is None:
        raise _fail("请选择所在区划。", "region")
    if error := validate_agency_code(values["code"]):
        raise _fail(error, "code")
    if error := department_code_error(values["department_code"]):
        raise _fail(error, "department_code")
    parent = values["parent"]
    if parent is not None:
        if exclude_pk is not None and exclude_pk in {a.pk for a in parent.ancestors()}:
            raise _fail("上级机构不能是本机构或其下属机构（会形成循环）。", "parent")
        if parent.region_id not in {r.pk for r in values["region"].ancestors()}:
            raise _fail("上级机构应位于本机构所在区划或其上级区划。", "parent")
    if other := agency_code_conflict(values["code"], exclude_pk=exclude_pk):
        raise Conflict(f"机构代码 {values['code']} 已被“{other.name}”使用。")
    same_name = Agency.objects.filter(region=values["region"], name=values["name"])
    if exclude_pk is not None:
        same_name = same_name.exclude(pk=exclude_pk)
    if same_name.exists():
        raise Conflict(f"区划“{values['region'].name}”下已有名为“{values['name']}”的机构。")
    if values["department_code"]:
        same_dept = Agency.objects.filter(region=values["region"], department_code=values["department_code"])
        if exclude_pk is not None:
            same_dept = same_dept.exclude(pk=exclude_pk)
        if other := same_dept.first():
            raise Conflict(
                f"区划“{values['region'].name}”下部门代码 {values['department_code']} 已被“{other.name}”使用。"
            )


@transaction.atomic
def agency_create(
    *,
    actor,
    name: str,
    kind: str,
    region: Region,
    code: str,
    short_name: str = "",
    parent: Agency | None = None,
    department_code: str = "",
) -> Agency:
    permissions.require_system_admin(actor)
    values = {
        "name": (name or "").strip(),
        "short_name": (short_name or "").strip(),
        "kind": kind,
        "region": region,
        "parent": parent,
        "code": normalise_agency_code(code),
        "department_code": (department_code or "").strip(),
    }
    _check_agency_values(values)
    agency = Agency(**values)
    _save(agency, "机构代码或名称与现有机构重复。")
    audit_log(
        actor=actor, event=OrgsEvent.AGENCY_CREATED, target=agency, data={"new": _snapshot(agency, _AGENCY_FIELDS)}
    )
    return agency


@transaction.atomic
def agency_update(
    *,
    actor,
    agency: Agency,
    name: str | None = None,
    short_name: str | None = None,
    kind: str | None = None,
    region: Region | None = None,
    code: str | None = None,
    department_code: str | None = None,
    parent: Agency | None = _UNCHANGED,
) -> Agency:
    """Change an agency; arguments left out stay as they are (``parent=None`` clears the parent)."""
    permissions.require_system_admin(actor)
    agency = Agency.objects.select_for_update(of=("self",)).select_related("region", "parent").get(pk=agency.pk)
    values = {
        "name": agency.name if name is None else name.strip(),
        "short_name": agency.short_name if short_name is None else short_name.strip(),
        "kind": agency.kind if kind is None else kind,
        "region": agency.region if region is None else region,
        "parent": agency.parent if parent is _UNCHANGED else parent,
        "code": agency.code if code is None else normalise_agency_code(code),
        "department_code": agency.department_code if department_code is None else department_code.strip(),
    }
    _check_agency_values(values, exclude_pk=agency.pk)
    new_values = {
        **values,
        "region_id": values["region"].pk,
        "parent_id": values["parent"].pk if values["parent"] else None,
    }
    diff = changes(agency, _AGENCY_FIELDS, new_values)
    if not diff["new"]:
        return agency
    for field, value in values.items():
        setattr(agency, field, value)
    _save(agency, "机构代码或名称与现有机构重复。")
    audit_log(actor=actor, event=OrgsEvent.AGENCY_UPDATED, target=agency, data=diff)
    return agency


@transaction.atomic
def agency_set_active(*, actor, agency: Agency, active: bool) -> Agency:
    permissions.require_system_admin(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.is_active == active:
        return agency
    diff = changes(agency, ["is_active"], {"is_active": active})
    agency.is_active = active
    agency.save(update_fields=["is_active", "updated_at"])
    audit_log(
        actor=actor,
        event=OrgsEvent.AGENCY_ACTIVATED if active else OrgsEvent.AGENCY_DEACTIVATED,
        target=agency,
        data=diff,
    )
    return agency


def agency_deactivate(*, actor, agency: Agency) -> Agency:
    return agency_set_active(actor=actor, agency=agency, active=False)


def agency_activate(*, actor, agency: Agency) -> Agency:
    return agency_set_active(actor=actor, agency=agency, active=True)


# --- sections ---------------------------------------------------------------------------------

_SECTION_FIELDS = ["agency_id", "name", "code", "is_active"]


def _require_unit(actor, agency: Agency) -> None:
    permissions.require(
        permissions.can_manage_unit(actor, agency), "只有本单位的编制单位管理员或系统管理员可以执行此操作。"
    )


@transaction.atomic
def section_create(*, actor, agency: Agency, name: str, code: str = "") -> Section:
    _require_unit(actor, agency)
    name = (name or "").strip()
    code = (code or "").strip()
    if not name:
        raise _fail("请填写科室名称。", "name")
    if len(code) > 20:
        raise _fail("科室代码最长 20 个字符。", "code")
    if Section.objects.filter(agency=agency, name=name).exists():
        raise Conflict(f"“{agency.name}”已有名为“{name}”的科室。")
    section = Section(agency=agency, name=name, code=code)
    _save(section, f"“{agency.name}”已有名为“{name}”的科室。")
    audit_log(
        actor=actor, event=OrgsEvent.SECTION_CREATED, target=section, data={"new": _snapshot(section, _SECTION_FIELDS)}
    )
    return section


@transaction.atomic
def section_update(
    *, actor, section: Section, name: str | None = None, code: str | None = None, is_active: bool | None = None
) -> Section:
    _require_unit(actor, section.agency)
    section = Section.objects.select_for_update(of=("self",)).select_related("agency").get(pk=section.pk)
    new = {
        "name": section.name if name is None else name.strip(),
        "code": section.code if code is None else code.strip(),
        "is_active": section.is_active if is_active is None else is_active,
    }
    if not new["name"]:
        raise _fail("请填写科室名称。", "name")
    if len(new["code"]) > 20:
        raise _fail("科室代码最长 20 个字符。", "code")
    if Section.objects.filter(agency=section.agency, name=new["name"]).exclude(pk=section.pk).exists():
        raise Conflict(f"“{section.agency.name}”已有名为“{new['name']}”的科室。")
    diff = changes(section, _SECTION_FIELDS, new)
    if not diff["new"]:
        return section
    section.name, section.code, section.is_active = new["name"], new["code"], new["is_active"]
    _save(section, f"“{section.agency.name}”已有名为“{new['name']}”的科室。")
    audit_log(actor=actor, event=OrgsEvent.SECTION_UPDATED, target=section, data=diff)
    return section
