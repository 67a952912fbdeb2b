"""Organisations and people: regions, agencies, sections, the current user; creating an agency."""

from __future__ import annotations

from ninja import Router, Schema, Status

from gongkai.core.errors import NotFound, ValidationFailed
from gongkai.orgs import permissions, selectors, services
from gongkai.orgs.enums import AgencyKind
from gongkai.orgs.models import Agency, Section

router = Router(tags=["组织与人员"])


class ErrorOut(Schema):
    code: str
    message: str
    detail: object | None = None


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_code: str | None


class SectionOut(Schema):
    id: int
    agency_id: int
    name: str
    code: str
    is_active: bool


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    code: str
    org_code: str
    region_code: str
    region_name: str
    department_code: str
    parent_id: int | None
    is_active: bool


class AgencyDetailOut(AgencyOut):
    sections: list[SectionOut]


class RoleOut(Schema):
    role: str
    role_label: str
    agency_id: int | None
    agency_name: str | None
    section_id: int | None
    section_name: str | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    is_system_admin: bool
    require_two_factor: bool
    roles: list[RoleOut]


class AgencyIn(Schema):
    name: str
    kind: str
    region_code: str
    code: str
    short_name: str = ""
    parent_id: int | None = None
    department_code: str = ""


def _region_out(region) -> dict:
    return {
        "id": region.pk,
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent_code": region.parent.code if region.parent_id else None,
    }


def _section_out(section: Section) -> dict:
    return {
        "id": section.pk,
        "agency_id": section.agency_id,
        "name": section.name,
        "code": section.code,
        "is_active": section.is_active,
    }


def _agency_out(agency: Agency) -> dict:
    return {
        "id": agency.pk,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "kind_label": agency.get_kind_display(),
        "code": agency.code,
        "org_code": agency.org_code,
        "region_code": agency.region.code,
        "region_name": agency.region.name,
        "department_code": agency.department_code,
        "parent_id": agency.parent_id,
        "is_active": agency.is_active,
    }


@router.get("/regions", response=list[RegionOut], summary="行政区划列表")
def list_regions(request):
    return [_region_out(r) for r in selectors.region_list()]


@router.get("/agencies", response={200: list[AgencyOut], 422: ErrorOut}, summary="可见的机构")
def list_agencies(request, region: str | None = None, kind: str | None = None, q: str | None = None):
    """Agencies the user may see; ``region`` (a region code) includes the regions below it."""
    region_obj = None
    if region:
        region_obj = selectors.region_list().filter(code=region.strip()).first()
        if region_obj is None:
            raise ValidationFailed(f"区划代码 {region} 不存在。", detail={"field": "region"})
    if kind and kind not in AgencyKind.values:
        raise ValidationFailed(f"未知的机构类型 {kind}。", detail={"field": "kind", "allowed": AgencyKind.values})
    agencies = selectors.agency_list_visible_to(request.auth, region=region_obj, kind=kind or None, q=q or None)
    return [_agency_out(a) for a in agencies]


@router.get("/agencies/{agency_id}", response={200: AgencyDetailOut, 404: ErrorOut}, summary="机构详情")
def get_agency(request, agency_id: int):
    agency = selectors.agency_get_visible(request.auth, agency_id)
    return {**_agency_out(agency), "sections": [_section_out(s) for s in agency.sections.all()]}


@router.get("/sections", response={200: list[SectionOut], 404: ErrorOut}, summary="可见的科室")
def list_sections(request, agency: int | None = None):
    sections = selectors.section_list_visible_to(request.auth)
    if agency is not None:
        selectors.agency_get_visible(request.auth, agency)
        sections = sections.filter(agency_id=agency)
    return [_section_out(s) for s in sections]


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request):
    user = request.auth
    roles = selectors.role_assignment_list_for(user)
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_system_admin": permissions.is_system_admin(user),
        "require_two_factor": user.require_two_factor,
        "roles": [
            {
                "role": ra.role,
                "role_label": ra.get_role_display(),
                "agency_id": ra.agency_id,
                "agency_name": ra.agency.name if ra.agency_id else None,
                "section_id": ra.section_id,
                "section_name": ra.section.name if ra.section_id else None,
            }
            for ra in roles
        ],
    }


@router.post(
    "/agencies",
    response={201: AgencyOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="新建机构（系统管理员）",
)
def create_agency(request, payload: AgencyIn):
    # The service checks the permission too; checking first means a non-administrator
    # learns nothing about which regions or agencies exist.
    permissions.require_system_admin(request.auth)
    region = selectors.region_list().filter(code=payload.region_code.strip()).first()
    if region is None:
        raise ValidationFailed(f"区划代码 {payload.region_code} 不存在。", detail={"field": "region_code"})
    parent = None
    if payload.parent_id is not None:
        try:
            parent = selectors.agency_get_visible(request.auth, payload.parent_id)
        except NotFound:
            raise ValidationFailed("上级机构不存在。", detail={"field": "parent_id"}) from None
    agency = services.agency_create(
        actor=request.auth,
        name=payload.name,
        kind=payload.kind,
        region=region,
        code=payload.code,
        short_name=payload.short_name,
        parent=parent,
        department_code=payload.department_code,
    )
    return Status(201, _agency_out(agency))
