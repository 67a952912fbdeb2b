import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core import clock
from gongkai.orgs import selectors
from gongkai.orgs.enums import Role
from gongkai.orgs.models import Agency, RoleAssignment, Section, SecurityPolicy, User
from tests.factories import UserFactory, grant, valid_org_code

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


# --- scoping in selectors ---------------------------------------------------------------------


def test_unit_admin_of_department_sees_only_that_department(unit_admin, department, other_department, county_gov):
    assert list(selectors.agency_list_visible_to(unit_admin)) == [department]


def test_disclosure_office_head_at_county_government_sees_its_departments(
    office_head, county_gov, department, other_department, section, other_section, sub_user, other_sub_user
):
    agencies = set(selectors.agency_list_visible_to(office_head))
    assert agencies == {county_gov, department, other_department}
    assert set(selectors.section_list_visible_to(office_head)) == {section, other_section}
    assert set(selectors.user_list_visible_to(office_head)) == {office_head, sub_user, other_sub_user}


def test_unit_admin_sees_only_own_people_and_sections(unit_admin, sub_user, other_sub_user, section, other_section):
    assert set(selectors.user_list_visible_to(unit_admin)) == {unit_admin, sub_user}
    assert list(selectors.section_list_visible_to(unit_admin)) == [section]


def test_agency_filter_by_region_includes_lower_regions(sysadmin, county, township, county_gov):
    from tests.factories import AgencyFactory

    town_gov = AgencyFactory(name="敖勒召其镇人民政府", region=township, parent=county_gov)
    assert set(selectors.agency_list_visible_to(sysadmin, region=county)) == {county_gov, town_gov}
    assert list(selectors.agency_list_visible_to(sysadmin, region=township)) == [town_gov]


# --- anonymous --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "region_list",
        "agency_list",
        "section_list",
        "user_list",
        "org_import",
        "security_policy",
        "agency_create",
        "user_create",
        "section_create",
    ],
)
def test_anonymous_is_sent_to_sign_in(client, name):
    url = reverse(f"backoffice:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('orgs:login')}?next={url}"


# --- lists and details ------------------------------------------------------------------------


def test_agency_list_page_is_scoped(client, unit_admin, department, other_department):
    response = _client(client, unit_admin).get(reverse("backoffice:agency_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "鄂托克前旗教育局" in body
    assert "鄂托克前旗卫生健康委员会" not in body
    assert department.code in body


@pytest.mark.parametrize(
    ("name", "obj"),
    [
        ("agency_detail", "other_department"),
        ("agency_edit", "other_department"),
        ("section_edit", "other_section"),
        ("user_detail", "other_sub_user"),
        ("user_edit", "other_sub_user"),
        ("user_password", "other_sub_user"),
    ],
)
def test_other_units_objects_are_404(request, client, unit_admin, name, obj):
    target = request.getfixturevalue(obj)
    response = _client(client, unit_admin).get(reverse(f"backoffice:{name}", args=[target.pk]))
    assert response.status_code == 404
    assert str(target).encode() not in response.content


def test_other_units_person_cannot_be_changed_by_post(client, unit_admin, other_sub_user, snapshot):
    before = snapshot()
    c = _client(client, unit_admin)
    assert c.post(reverse("backoffice:user_set_active", args=[other_sub_user.pk]), {"active": "0"}).status_code == 404
    assert c.post(reverse("backoffice:role_grant", args=[other_sub_user.pk]), {"role": Role.LIAISON}).status_code == 404
    assert c.post(reverse("backoffice:role_revoke", args=[other_sub_user.role_assignments.get().pk])).status_code == 404
    assert snapshot() == before
    other_sub_user.refresh_from_db()
    assert other_sub_user.is_active is True


def test_agency_detail_shows_codes_sections_and_people(client, sysadmin, department, section, sub_user):
    body = _client(client, sysadmin).get(reverse("backoffice:agency_detail", args=[department.pk])).content.decode()
    assert department.code in body
    assert "150623" in body
    assert department.department_code in body
    assert "办公室" in body
    assert "无审核权的下级用户" in body


def test_region_list_is_an_indented_tree(client, sub_user, county, township):
    body = _client(client, sub_user).get(reverse("backoffice:region_list")).content.decode()
    positions = [body.index(name) for name in ("内蒙古自治区", "鄂尔多斯市", "鄂托克前旗", "敖勒召其镇")]
    assert positions == sorted(positions)
    assert 'class="tree-depth-3"' in body  # the township sits three levels down
    assert reverse("backoffice:region_create") not in body  # only system administrators edit


def test_user_list_shows_roles(client, unit_admin, sub_user):
    body = _client(client, unit_admin).get(reverse("backoffice:user_list")).content.decode()
    assert "subuser" in body
    assert "无审核权的下级用户 — 鄂托克前旗教育局 · 办公室" in body


# --- writes through pages ---------------------------------------------------------------------


def test_sub_user_cannot_create_a_section(client, sub_user, department, snapshot):
    before = snapshot()
    response = _client(client, sub_user).post(
        reverse("backoffice:section_create"), {"agency": department.pk, "name": "新股"}
    )
    assert response.status_code == 403
    assert "只有编制单位管理员或系统管理员可以新建科室。" in response.content.decode()
    assert snapshot() == before


def test_unit_admin_creates_a_section(client, unit_admin, department):
    response = _client(client, unit_admin).post(
        reverse("backoffice:section_create"), {"agency": department.pk, "name": "基础教育股", "code": "02"}
    )
    assert response.status_code == 302
    assert Section.objects.filter(agency=department, name="基础教育股", code="02").exists()


def test_unit_admin_cannot_pick_another_units_agency_for_a_section(client, unit_admin, other_department, snapshot):
    before = snapshot()
    response = _client(client, unit_admin).post(
        reverse("backoffice:section_create"), {"agency": other_department.pk, "name": "新股"}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert snapshot() == before


def test_agency_form_shows_chinese_error_for_bad_check_digit(client, sysadmin, county, snapshot):
    before = snapshot()
    response = _client(client, sysadmin).post(
        reverse("backoffice:agency_create"),
        {"name": "某局", "kind": "department", "region": county.pk, "code": "000014340"},
    )
    assert response.status_code == 200
    assert "组织机构代码校验位不正确。" in response.content.decode()
    assert snapshot() == before


def test_agency_form_shows_conflict_for_duplicate_code(client, sysadmin, county, county_gov, snapshot):
    before = snapshot()
    response = _client(client, sysadmin).post(
        reverse("backoffice:agency_create"),
        {"name": "某局", "kind": "department", "region": county.pk, "code": county_gov.code},
    )
    assert response.status_code == 200
    assert "机构代码 000014349 已被“鄂托克前旗人民政府”使用。" in response.content.decode()
    assert snapshot() == before


def test_sysadmin_creates_agency_through_page(client, sysadmin, county, county_gov):
    code = valid_org_code()
    response = _client(client, sysadmin).post(
        reverse("backoffice:agency_create"),
        {
            "name": "鄂托克前旗财政局",
            "kind": "department",
            "region": county.pk,
            "parent": county_gov.pk,
            "code": code,
            "department_code": "014",
        },
    )
    agency = Agency.objects.get(code=code)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:agency_detail", args=[agency.pk])
    assert (agency.parent, agency.department_code) == (county_gov, "014")


def test_unit_admin_cannot_open_agency_create(client, unit_admin):
    response = _client(client, unit_admin).get(reverse("backoffice:agency_create"))
    assert response.status_code == 403


def test_unit_admin_grants_and_revokes_role_through_page(client, unit_admin, department, sub_user):
    c = _client(client, unit_admin)
    response = c.post(
        reverse("backoffice:role_grant", args=[sub_user.pk]),
        {"role": Role.CONFIDENTIALITY_REVIEWER, "agency": department.pk},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=sub_user, role=Role.CONFIDENTIALITY_REVIEWER)
    c.post(reverse("backoffice:role_revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_unit_admin_role_choices_exclude_admin_roles(client, unit_admin, sub_user):
    body = _client(client, unit_admin).get(reverse("backoffice:user_detail", args=[sub_user.pk])).content.decode()
    assert 'value="sub_user"' in body
    assert 'value="unit_admin"' not in body
    assert 'value="system_admin"' not in body


def test_user_create_page_shows_generated_password_once(client, sysadmin, department):
    response = _client(client, sysadmin).post(
        reverse("backoffice:user_create"),
        {"username": "lisi", "full_name": "李四", "agency": department.pk, "roles": [Role.SUB_USER]},
        follow=True,
    )
    user = User.objects.get(username="lisi")
    body = response.content.decode()
    assert "系统生成的初始密码：" in body
    password = body.split("系统生成的初始密码：")[1].split("（")[0]
    assert user.check_password(password)


def test_deactivate_and_require_two_factor_through_pages(client, unit_admin, sub_user):
    c = _client(client, unit_admin)
    c.post(
        reverse("backoffice:user_edit", args=[sub_user.pk]),
        {"full_name": "李明", "phone": "", "email": "", "title": "", "require_two_factor": "on"},
    )
    c.post(reverse("backoffice:user_set_active", args=[sub_user.pk]), {"active": "0"})
    sub_user.refresh_from_db()
    assert (sub_user.full_name, sub_user.require_two_factor, sub_user.is_active) == ("李明", True, False)


def test_sysadmin_unlocks_a_locked_account(client, sysadmin, sub_user):
    import datetime as dt

    User.objects.filter(pk=sub_user.pk).update(locked_until=clock.now() + dt.timedelta(minutes=10), failed_sign_ins=0)
    c = _client(client, sysadmin)
    assert "解除锁定" in c.get(reverse("backoffice:user_detail", args=[sub_user.pk])).content.decode()
    c.post(reverse("backoffice:user_unlock", args=[sub_user.pk]))
    sub_user.refresh_from_db()
    assert sub_user.locked_until is None
    assert AuditEvent.objects.filter(event="auth.unlocked", target_id=str(sub_user.pk)).count() == 1


def test_unit_admin_cannot_unlock(client, unit_admin, sub_user):
    import datetime as dt

    until = clock.now() + dt.timedelta(minutes=10)
    User.objects.filter(pk=sub_user.pk).update(locked_until=until)
    response = _client(client, unit_admin).post(reverse("backoffice:user_unlock", args=[sub_user.pk]), follow=True)
    assert "只有系统管理员可以执行此操作。" in response.content.decode()
    sub_user.refresh_from_db()
    assert sub_user.locked_until == until


def test_security_policy_page(client, sysadmin, unit_admin):
    c = _client(client, sysadmin)
    assert c.get(reverse("backoffice:security_policy")).status_code == 200
    c.post(reverse("backoffice:security_policy"), {"require_two_factor_for_staff": "on"})
    assert SecurityPolicy.current().require_two_factor_for_staff is True


def test_security_policy_page_denied_to_unit_admin(client, unit_admin, snapshot):
    before = snapshot()
    response = _client(client, unit_admin).post(
        reverse("backoffice:security_policy"), {"require_two_factor_for_staff": "on"}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_menu_shows_admin_entries_only_to_sysadmin(client, sysadmin, unit_admin):
    admin_body = _client(client, sysadmin).get(reverse("backoffice:home")).content.decode()
    assert reverse("backoffice:org_import") in admin_body
    assert reverse("backoffice:security_policy") in admin_body
    client.logout()
    unit_body = _client(client, unit_admin).get(reverse("backoffice:home")).content.decode()
    assert reverse("backoffice:org_import") not in unit_body
    assert reverse("backoffice:agency_list") in unit_body


def test_grant_for_shared_user_visible_to_office_head_only_in_scope(client, office_head, department, sub_user):
    # The office head sees the person (covering role) but manages nobody: no edit links.
    body = _client(client, office_head).get(reverse("backoffice:user_detail", args=[sub_user.pk])).content.decode()
    assert reverse("backoffice:user_edit", args=[sub_user.pk]) not in body
    extra = UserFactory(username="extra")
    grant(extra, Role.SUB_USER, department)
    assert client.get(reverse("backoffice:user_detail", args=[extra.pk])).status_code == 200
