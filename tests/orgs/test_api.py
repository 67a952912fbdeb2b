import pytest

from gongkai.orgs.codes import org_code_check_char
from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency

pytestmark = pytest.mark.django_db

NEW_CODE = "01506231" + org_code_check_char("01506231")


def _payload(**overrides):
    return {
        "name": "鄂托克前旗交通运输局",
        "kind": "department",
        "region_code": "150623",
        "code": NEW_CODE,
        "department_code": "031",
        **overrides,
    }


def test_anonymous_gets_401(client):
    response = client.get("/api/v1/orgs/agencies")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_regions(client, sub_user, county):
    client.force_login(sub_user)
    body = {r["code"]: r for r in client.get("/api/v1/orgs/regions").json()}
    assert {"150000", "150600", "150623"} <= set(body)
    assert (body["150623"]["name"], body["150623"]["level"], body["150623"]["parent_code"]) == (
        "鄂托克前旗",
        "county",
        "150600",
    )


def test_agencies_are_scoped(client, unit_admin, department, other_department):
    client.force_login(unit_admin)
    body = client.get("/api/v1/orgs/agencies").json()
    assert [a["name"] for a in body] == ["鄂托克前旗教育局"]
    assert body[0]["region_code"] == "150623"
    assert body[0]["code"] == department.code


def test_agencies_filter_by_region_and_kind(client, office_head, county_gov, department, other_department):
    client.force_login(office_head)
    names = {a["name"] for a in client.get("/api/v1/orgs/agencies?region=150623&kind=department").json()}
    assert names == {"鄂托克前旗教育局", "鄂托克前旗卫生健康委员会"}
    assert client.get("/api/v1/orgs/agencies?region=150000").status_code == 200
    unknown = client.get("/api/v1/orgs/agencies?region=999999")
    assert unknown.status_code == 422
    assert unknown.json()["message"] == "区划代码 999999 不存在。"


def test_agency_detail_of_another_unit_is_404(client, unit_admin, department, other_department, section):
    client.force_login(unit_admin)
    own = client.get(f"/api/v1/orgs/agencies/{department.pk}")
    assert own.status_code == 200
    assert [s["name"] for s in own.json()["sections"]] == ["办公室"]
    other = client.get(f"/api/v1/orgs/agencies/{other_department.pk}")
    assert other.status_code == 404
    assert other.json() == {"code": "not_found", "message": "未找到该机构。", "detail": None}


def test_sections(client, unit_admin, section, other_section, other_department):
    client.force_login(unit_admin)
    assert [s["id"] for s in client.get("/api/v1/orgs/sections").json()] == [section.pk]
    assert client.get(f"/api/v1/orgs/sections?agency={other_department.pk}").status_code == 404


def test_me(client, sub_user, department, section):
    client.force_login(sub_user)
    body = client.get("/api/v1/orgs/me").json()
    assert body["username"] == "subuser"
    assert body["is_system_admin"] is False
    assert body["roles"] == [
        {
            "role": Role.SUB_USER,
            "role_label": "无审核权的下级用户",
            "agency_id": department.pk,
            "agency_name": "鄂托克前旗教育局",
            "section_id": section.pk,
            "section_name": "办公室",
        }
    ]


def test_sysadmin_creates_agency(client, sysadmin, county, county_gov):
    client.force_login(sysadmin)
    response = client.post("/api/v1/orgs/agencies", _payload(parent_id=county_gov.pk), content_type="application/json")
    assert response.status_code == 201
    agency = Agency.objects.get(code=NEW_CODE)
    assert response.json()["id"] == agency.pk
    assert agency.parent == county_gov


@pytest.mark.parametrize("who", ["unit_admin", "office_head"])
def test_create_agency_forbidden_for_others(request, client, who, county, snapshot):
    client.force_login(request.getfixturevalue(who))
    before = snapshot()
    response = client.post("/api/v1/orgs/agencies", _payload(), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert response.json()["message"] == "只有系统管理员可以执行此操作。"
    assert snapshot() == before


def test_create_agency_conflict(client, sysadmin, county, county_gov, snapshot):
    client.force_login(sysadmin)
    before = snapshot()
    response = client.post("/api/v1/orgs/agencies", _payload(code="000014349"), content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "message": "机构代码 000014349 已被“鄂托克前旗人民政府”使用。",
        "detail": None,
    }
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "000014340"}, "组织机构代码校验位不正确。"),
        ({"region_code": "999999"}, "区划代码 999999 不存在。"),
        ({"kind": "nonsense"}, "机构类型不正确。"),
        ({"parent_id": 987654}, "上级机构不存在。"),
    ],
)
def test_create_agency_validation(client, sysadmin, county, overrides, message, snapshot):
    client.force_login(sysadmin)
    before = snapshot()
    response = client.post("/api/v1/orgs/agencies", _payload(**overrides), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert response.json()["message"] == message
    assert snapshot() == before


def test_create_agency_missing_field_is_422(client, sysadmin, county):
    client.force_login(sysadmin)
    response = client.post("/api/v1/orgs/agencies", {"name": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


def test_openapi_lists_the_orgs_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/orgs/regions", "/api/v1/orgs/agencies", "/api/v1/orgs/me"} <= set(paths)
