import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongkai.orgs import services
from gongkai.orgs.codes import org_code_check_char, uscc_check_char
from gongkai.orgs.enums import AgencyKind, RegionLevel, Role
from gongkai.orgs.models import Region, RoleAssignment, Section, SecurityPolicy, User
from tests.factories import AgencyFactory, UserFactory, grant, valid_org_code

pytestmark = pytest.mark.django_db


def _actor(request, name):
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


# --- regions ----------------------------------------------------------------------------------


def test_sysadmin_creates_region_under_parent_with_audit(sysadmin, county):
    # when
    region = services.region_create(
        actor=sysadmin, code="150623101", name="城川镇", level=RegionLevel.TOWNSHIP, parent=county
    )
    # then
    assert region.parent == county
    event = AuditEvent.objects.get(event="orgs.region.created")
    assert event.actor == sysadmin
    assert event.data["new"]["code"] == "150623101"
    assert event.data["new"]["parent_id"] == county.pk


@pytest.mark.parametrize(
    ("code", "level", "message"),
    [
        ("15062", RegionLevel.COUNTY, "省、市、县级区划代码应为 6 位数字（GB/T 2260）。"),
        ("150600", RegionLevel.COUNTY, "县级区划代码的后两位不应为 00。"),
        ("15062310", RegionLevel.TOWNSHIP, "乡级区划代码应为 9 位或 12 位数字。"),
        ("15062A100", RegionLevel.TOWNSHIP, "乡级区划代码应为 9 位或 12 位数字。"),
    ],
)
def test_region_code_must_fit_its_level(sysadmin, county, snapshot, code, level, message):
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.region_create(actor=sysadmin, code=code, name="某地", level=level, parent=county)
    assert exc.value.message == message
    assert snapshot() == before


def test_region_must_be_deeper_than_parent(sysadmin, county, snapshot):
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.region_create(actor=sysadmin, code="150624", name="某旗", level=RegionLevel.COUNTY, parent=county)
    assert exc.value.message == "区划层级必须低于上级区划“鄂托克前旗”（县级（区、旗））。"
    assert snapshot() == before


def test_region_code_must_share_parent_prefix(sysadmin, county):
    with pytest.raises(ValidationFailed) as exc:
        services.region_create(actor=sysadmin, code="150624100", name="某镇", level=RegionLevel.TOWNSHIP, parent=county)
    assert exc.value.message == "区划代码 150624100 与上级区划“鄂托克前旗”的代码 150623 不一致。"


def test_duplicate_region_code_is_a_conflict(sysadmin, county, snapshot):
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.region_create(
            actor=sysadmin, code="150623", name="重复", level=RegionLevel.COUNTY, parent=county.parent
        )
    assert exc.value.message == "区划代码 150623 已存在。"
    assert snapshot() == before


def test_region_update_refuses_a_parent_below_itself(sysadmin, county, township):
    city = county.parent
    with pytest.raises(ValidationFailed):
        services.region_update(actor=sysadmin, region=city, parent=county)
    city.refresh_from_db()
    assert city.parent.code == "150000"


def test_region_update_records_old_and_new(sysadmin, county):
    services.region_update(actor=sysadmin, region=county, name="鄂托克前旗（改）")
    county.refresh_from_db()
    assert county.name == "鄂托克前旗（改）"
    event = AuditEvent.objects.get(event="orgs.region.updated")
    assert event.data == {"old": {"name": "鄂托克前旗"}, "new": {"name": "鄂托克前旗（改）"}}


@pytest.mark.parametrize("who", ["anonymous", "unit_admin", "office_head"])
def test_only_sysadmin_writes_regions(request, who, county, snapshot):
    actor = _actor(request, who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.region_create(actor=actor, code="150623109", name="某镇", level=RegionLevel.TOWNSHIP, parent=county)
    with pytest.raises(PermissionDenied):
        services.region_update(actor=actor, region=county, name="改名")
    assert snapshot() == before
    assert Region.objects.get(pk=county.pk).name == "鄂托克前旗"


# --- agencies ---------------------------------------------------------------------------------


def test_sysadmin_creates_agency_with_uscc(sysadmin, county, county_gov):
    body = "11150623" + "MB1234567"
    uscc = body + uscc_check_char(body)
    agency = services.agency_create(
        actor=sysadmin,
        name="鄂托克前旗交通运输局",
        kind=AgencyKind.DEPARTMENT,
        region=county,
        code=uscc.lower(),
        parent=county_gov,
        department_code="031",
    )
    assert agency.code == uscc
    assert agency.org_code == "MB1234567"
    event = AuditEvent.objects.get(event="orgs.agency.created")
    assert event.agency_id == agency.pk
    assert event.data["new"]["code"] == uscc


def test_nine_char_code_accepts_hyphen_and_is_stored_without(sysadmin, county):
    body = "01234567"
    agency = services.agency_create(
        actor=sysadmin,
        name="某局",
        kind=AgencyKind.DEPARTMENT,
        region=county,
        code=f"{body}-{org_code_check_char(body)}",
    )
    assert agency.code == body + org_code_check_char(body)


def test_bad_check_digit_is_refused(sysadmin, county, snapshot):
    body = "01234567"
    wrong = str((int(org_code_check_char(body)) + 1) % 10) if org_code_check_char(body).isdigit() else "0"
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.agency_create(
            actor=sysadmin, name="某局", kind=AgencyKind.DEPARTMENT, region=county, code=body + wrong
        )
    assert exc.value.message == "组织机构代码校验位不正确。"
    assert exc.value.detail == {"field": "code"}
    assert snapshot() == before


def test_bad_uscc_check_digit_is_refused(sysadmin, county):
    body = "11150623MB1234567"
    right = uscc_check_char(body)
    wrong = "0" if right != "0" else "1"
    with pytest.raises(ValidationFailed) as exc:
        services.agency_create(
            actor=sysadmin, name="某局", kind=AgencyKind.DEPARTMENT, region=county, code=body + wrong
        )
    assert exc.value.message == "统一社会信用代码校验位不正确。"


def test_duplicate_agency_code_is_a_conflict_not_a_500(sysadmin, county, county_gov, snapshot):
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.agency_create(
            actor=sysadmin, name="另一个机构", kind=AgencyKind.DEPARTMENT, region=county, code="000014349"
        )
    assert exc.value.message == "机构代码 000014349 已被“鄂托克前旗人民政府”使用。"
    assert snapshot() == before


def test_uscc_containing_an_existing_org_code_is_a_conflict(sysadmin, county, county_gov):
    body = "11150623" + "000014349"
    with pytest.raises(Conflict) as exc:
        services.agency_create(
            actor=sysadmin,
            name="同一机构",
            kind=AgencyKind.GOVERNMENT,
            region=county,
            code=body + uscc_check_char(body),
        )
    assert "已被“鄂托克前旗人民政府”使用" in exc.value.message


def test_duplicate_agency_name_in_region_is_a_conflict(sysadmin, county, department):
    with pytest.raises(Conflict) as exc:
        services.agency_create(
            actor=sysadmin, name="鄂托克前旗教育局", kind=AgencyKind.DEPARTMENT, region=county, code=valid_org_code()
        )
    assert exc.value.message == "区划“鄂托克前旗”下已有名为“鄂托克前旗教育局”的机构。"


def test_duplicate_department_code_in_region_is_a_conflict(sysadmin, county, department):
    with pytest.raises(Conflict) as exc:
        services.agency_create(
            actor=sysadmin,
            name="新局",
            kind=AgencyKind.DEPARTMENT,
            region=county,
            code=valid_org_code(),
            department_code=department.department_code,
        )
    assert exc.value.message == (
        f"区划“鄂托克前旗”下部门代码 {department.department_code} 已被“鄂托克前旗教育局”使用。"
    )


def test_parent_cycle_is_refused(sysadmin, county, county_gov, department):
    # given a unit below the department
    child = AgencyFactory(name="教育局下属中心", region=county, parent=department)
    # when the county government is moved under that child
    with pytest.raises(ValidationFailed) as exc:
        services.agency_update(actor=sysadmin, agency=county_gov, parent=child)
    # then
    assert exc.value.message == "上级机构不能是本机构或其下属机构（会形成循环）。"
    county_gov.refresh_from_db()
    assert county_gov.parent_id is None


def test_agency_cannot_be_its_own_parent(sysadmin, department):
    with pytest.raises(ValidationFailed):
        services.agency_update(actor=sysadmin, agency=department, parent=department)


def test_parent_must_be_in_the_same_or_a_higher_region(sysadmin, county, township, department):
    town_gov = AgencyFactory(name="敖勒召其镇人民政府", region=township, kind=AgencyKind.TOWNSHIP)
    with pytest.raises(ValidationFailed) as exc:
        services.agency_update(actor=sysadmin, agency=department, parent=town_gov)
    assert exc.value.message == "上级机构应位于本机构所在区划或其上级区划。"


def test_agency_update_records_old_and_new(sysadmin, department):
    old_name = department.name
    services.agency_update(actor=sysadmin, agency=department, short_name="教育局", department_code="099")
    event = AuditEvent.objects.get(event="orgs.agency.updated")
    assert event.data["new"] == {"short_name": "教育局", "department_code": "099"}
    assert event.data["old"]["short_name"] == ""
    department.refresh_from_db()
    assert department.name == old_name


def test_agency_update_with_no_change_writes_no_event(sysadmin, department):
    services.agency_update(actor=sysadmin, agency=department, name=department.name)
    assert not AuditEvent.objects.filter(event="orgs.agency.updated").exists()


def test_agency_deactivate_and_activate(sysadmin, department):
    services.agency_deactivate(actor=sysadmin, agency=department)
    department.refresh_from_db()
    assert department.is_active is False
    services.agency_activate(actor=sysadmin, agency=department)
    department.refresh_from_db()
    assert department.is_active is True
    assert list(
        AuditEvent.objects.filter(target_id=str(department.pk)).order_by("seq").values_list("event", flat=True)
    ) == ["orgs.agency.deactivated", "orgs.agency.activated"]


@pytest.mark.parametrize("who", ["anonymous", "unit_admin", "office_head", "sub_user"])
def test_only_sysadmin_writes_agencies(request, who, county, department, snapshot):
    actor = _actor(request, who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.agency_create(
            actor=actor, name="某局", kind=AgencyKind.DEPARTMENT, region=county, code=valid_org_code()
        )
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=actor, agency=department, name="改名")
    with pytest.raises(PermissionDenied):
        services.agency_deactivate(actor=actor, agency=department)
    assert snapshot() == before
    department.refresh_from_db()
    assert (department.name, department.is_active) == ("鄂托克前旗教育局", True)


# --- sections ---------------------------------------------------------------------------------


def test_unit_admin_creates_section_in_own_unit(unit_admin, department):
    section = services.section_create(actor=unit_admin, agency=department, name="基础教育股", code="02")
    assert (section.agency, section.name, section.code) == (department, "基础教育股", "02")
    event = AuditEvent.objects.get(event="orgs.section.created")
    assert event.agency_id == department.pk


@pytest.mark.parametrize("who", ["anonymous", "outsider", "sub_user", "office_head"])
def test_section_create_denied_for_others(request, who, department, section, snapshot):
    actor = _actor(request, who)
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.section_create(actor=actor, agency=department, name="新股")
    assert exc.value.message == "只有本单位的编制单位管理员或系统管理员可以执行此操作。"
    with pytest.raises(PermissionDenied):
        services.section_update(actor=actor, section=section, name="改名")
    assert snapshot() == before
    assert Section.objects.get(pk=section.pk).name == "办公室"


def test_duplicate_section_name_is_a_conflict(unit_admin, department, section, snapshot):
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.section_create(actor=unit_admin, agency=department, name="办公室")
    assert exc.value.message == "“鄂托克前旗教育局”已有名为“办公室”的科室。"
    assert snapshot() == before


def test_section_update_and_deactivate(unit_admin, section):
    services.section_update(actor=unit_admin, section=section, name="综合办公室", is_active=False)
    section.refresh_from_db()
    assert (section.name, section.is_active) == ("综合办公室", False)
    event = AuditEvent.objects.get(event="orgs.section.updated")
    assert event.data == {
        "old": {"name": "办公室", "is_active": True},
        "new": {"name": "综合办公室", "is_active": False},
    }


# --- people -----------------------------------------------------------------------------------


def test_sysadmin_creates_user_with_given_password(sysadmin, department, section):
    user = services.user_create(
        actor=sysadmin,
        username="lisi",
        full_name="李四",
        password="Strong!Pass2026",
        phone="0477-7621234",
        email="lisi@example.gov.cn",
        require_two_factor=True,
        agency=department,
        section=section,
        roles=[Role.SUB_USER, Role.LIAISON],
    )
    assert user.check_password("Strong!Pass2026")
    assert user.generated_password is None
    assert user.require_two_factor is True
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", "agency_id", "section_id")) == {
        (Role.SUB_USER, department.pk, section.pk),
        (Role.LIAISON, department.pk, section.pk),
    }
    created = AuditEvent.objects.get(event="orgs.user.created")
    assert created.data["new"]["username"] == "lisi"
    assert "password" not in created.data["new"]
    assert AuditEvent.objects.filter(event="orgs.role.granted").count() == 2


def test_user_create_without_password_generates_one(sysadmin):
    user = services.user_create(actor=sysadmin, username="wangwu", full_name="王五")
    assert user.generated_password
    assert user.check_password(user.generated_password)


def test_weak_password_is_refused_in_chinese(sysadmin, snapshot):
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(actor=sysadmin, username="wangwu", full_name="王五", password="123")
    assert exc.value.message.startswith("密码不符合要求：")
    assert "密码" in exc.value.message[8:]
    assert snapshot() == before


def test_duplicate_username_is_a_conflict(sysadmin, unit_admin, snapshot):
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.user_create(actor=sysadmin, username="UnitAdmin", full_name="重名")
    assert exc.value.message == "用户名“UnitAdmin”已被使用。"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("email", "not-an-email", "电子邮箱格式不正确。"), ("phone", "abc", "电话号码格式不正确。")],
)
def test_bad_contact_details_are_refused(sysadmin, field, value, message):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(actor=sysadmin, username="zhaoliu", full_name="赵六", **{field: value})
    assert exc.value.message == message
    assert not User.objects.filter(username="zhaoliu").exists()


def test_unit_admin_creates_person_in_own_unit(unit_admin, department):
    user = services.user_create(
        actor=unit_admin, username="newbie", full_name="新人", agency=department, roles=[Role.SUB_USER]
    )
    assert list(user.role_assignments.values_list("role", "agency_id")) == [(Role.SUB_USER, department.pk)]


def test_unit_admin_cannot_create_person_in_other_unit(unit_admin, other_department, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=unit_admin, username="newbie", full_name="新人", agency=other_department, roles=[Role.SUB_USER]
        )
    assert snapshot() == before


def test_unit_admin_cannot_create_person_without_role(unit_admin, department, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.user_create(actor=unit_admin, username="newbie", full_name="新人")
    assert snapshot() == before


def test_unit_admin_cannot_create_another_unit_admin(unit_admin, department, snapshot):
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.user_create(
            actor=unit_admin, username="newbie", full_name="新人", agency=department, roles=[Role.UNIT_ADMIN]
        )
    assert exc.value.message == "只有系统管理员可以分配管理员角色。"
    assert snapshot() == before


@pytest.mark.parametrize("who", ["unit_admin", "sysadmin"])
def test_user_update_by_right_role(request, who, sub_user):
    actor = request.getfixturevalue(who)
    services.user_update(actor=actor, user=sub_user, full_name="李明", phone="13800000000", require_two_factor=True)
    sub_user.refresh_from_db()
    assert (sub_user.full_name, sub_user.phone, sub_user.require_two_factor) == ("李明", "13800000000", True)
    event = AuditEvent.objects.get(event="orgs.user.updated")
    assert event.data["new"]["require_two_factor"] is True
    assert event.data["old"]["require_two_factor"] is False


@pytest.mark.parametrize("who", ["anonymous", "outsider", "office_head", "sub_user"])
def test_user_writes_denied_for_others(request, who, unit_admin, sub_user, snapshot):
    target = unit_admin if who == "sub_user" else sub_user
    actor = _actor(request, who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.user_update(actor=actor, user=target, full_name="改名")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=actor, user=target)
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=actor, user=target, password="Another!Pass2026")
    assert snapshot() == before
    target.refresh_from_db()
    assert target.is_active is True
    assert target.check_password("Passw0rd!gk")


def test_unit_admin_cannot_manage_a_peer_admin_or_a_shared_person(unit_admin, sub_user, other_department):
    peer = UserFactory(username="peer")
    grant(peer, Role.UNIT_ADMIN, unit_admin.role_assignments.get().agency)
    grant(sub_user, Role.LIAISON, other_department)  # now shared with another unit
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=unit_admin, user=peer)
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=unit_admin, user=sub_user)


def test_deactivate_and_reactivate_user(unit_admin, sub_user):
    services.user_deactivate(actor=unit_admin, user=sub_user)
    sub_user.refresh_from_db()
    assert sub_user.is_active is False
    services.user_activate(actor=unit_admin, user=sub_user)
    sub_user.refresh_from_db()
    assert sub_user.is_active is True


def test_cannot_deactivate_oneself(sysadmin):
    with pytest.raises(ValidationFailed) as exc:
        services.user_deactivate(actor=sysadmin, user=sysadmin)
    assert exc.value.message == "不能停用自己的账户。"


def test_cannot_deactivate_last_system_admin(sysadmin):
    other = UserFactory(username="admin2", is_superuser=True)
    services.user_deactivate(actor=other, user=sysadmin)  # another admin remains: fine
    services.user_activate(actor=other, user=sysadmin)
    other.is_superuser = False
    other.save()
    grant(other, Role.SYSTEM_ADMIN)
    services.role_revoke(actor=sysadmin, assignment=other.role_assignments.get())
    with pytest.raises(Conflict) as exc:
        services.role_revoke(actor=sysadmin, assignment=sysadmin.role_assignments.get())
    assert exc.value.message == "不能撤销最后一位系统管理员的角色。"


def test_set_password_generates_when_empty(unit_admin, sub_user):
    generated = services.user_set_password(actor=unit_admin, user=sub_user)
    sub_user.refresh_from_db()
    assert sub_user.check_password(generated)
    assert AuditEvent.objects.filter(event="orgs.user.password_set", target_id=str(sub_user.pk)).count() == 1


# --- roles ------------------------------------------------------------------------------------


def test_system_admin_role_is_global(sysadmin, department):
    user = UserFactory(username="newadmin")
    with pytest.raises(ValidationFailed) as exc:
        services.role_grant(actor=sysadmin, user=user, role=Role.SYSTEM_ADMIN, agency=department)
    assert exc.value.message == "系统管理员为全局角色，不能指定单位或科室。"
    assignment = services.role_grant(actor=sysadmin, user=user, role=Role.SYSTEM_ADMIN)
    assert assignment.agency_id is None


def test_non_admin_role_needs_a_unit(sysadmin):
    user = UserFactory(username="someone")
    with pytest.raises(ValidationFailed) as exc:
        services.role_grant(actor=sysadmin, user=user, role=Role.LEADER)
    assert exc.value.message == "请选择单位。"


def test_section_must_belong_to_the_agency(sysadmin, department, other_section, snapshot):
    user = UserFactory(username="someone")
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.role_grant(actor=sysadmin, user=user, role=Role.SUB_USER, agency=department, section=other_section)
    assert exc.value.message == "科室“办公室”不属于“鄂托克前旗教育局”。"
    assert snapshot() == before


def test_duplicate_grant_is_a_conflict(sysadmin, department, section, sub_user, snapshot):
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.role_grant(actor=sysadmin, user=sub_user, role=Role.SUB_USER, agency=department, section=section)
    assert exc.value.message == "该用户已拥有此角色：无审核权的下级用户。"
    assert snapshot() == before


def test_unit_admin_grants_and_revokes_non_admin_roles_in_own_unit(unit_admin, department, sub_user):
    assignment = services.role_grant(
        actor=unit_admin, user=sub_user, role=Role.CONFIDENTIALITY_REVIEWER, agency=department
    )
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    services.role_revoke(actor=unit_admin, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert list(
        AuditEvent.objects.filter(event__startswith="orgs.role.").order_by("seq").values_list("event", flat=True)
    ) == ["orgs.role.granted", "orgs.role.revoked"]
    revoked = AuditEvent.objects.get(event="orgs.role.revoked")
    assert revoked.data["old"]["role"] == Role.CONFIDENTIALITY_REVIEWER
    assert revoked.agency_id == department.pk


@pytest.mark.parametrize(
    ("role", "agency_name", "message"),
    [
        (Role.SYSTEM_ADMIN, None, "只有系统管理员可以执行此操作。"),
        (Role.UNIT_ADMIN, "department", "只有系统管理员可以分配管理员角色。"),
        (Role.SUB_USER, "other_department", "编制单位管理员只能在本单位分配非管理员角色。"),
    ],
)
def test_unit_admin_grant_limits(request, unit_admin, sub_user, snapshot, role, agency_name, message):
    agency = request.getfixturevalue(agency_name) if agency_name else None
    before = snapshot()
    with pytest.raises(PermissionDenied) as exc:
        services.role_grant(actor=unit_admin, user=sub_user, role=role, agency=agency)
    assert exc.value.message == message
    assert snapshot() == before


@pytest.mark.parametrize("who", ["anonymous", "sub_user", "office_head", "outsider"])
def test_role_grant_and_revoke_denied_for_others(request, who, department, sub_user, snapshot):
    actor = _actor(request, who)
    target = UserFactory(username="target")
    existing = grant(target, Role.LIAISON, department)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=actor, user=target, role=Role.SECTION_HEAD, agency=department)
    with pytest.raises(PermissionDenied):
        services.role_revoke(actor=actor, assignment=existing)
    assert snapshot() == before


def test_unit_admin_cannot_revoke_admin_roles(unit_admin, department):
    peer = UserFactory(username="peer")
    assignment = grant(peer, Role.UNIT_ADMIN, department)
    with pytest.raises(PermissionDenied) as exc:
        services.role_revoke(actor=unit_admin, assignment=assignment)
    assert exc.value.message == "只有系统管理员可以撤销管理员角色。"
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_grant_in_inactive_agency_is_refused(sysadmin, department):
    services.agency_deactivate(actor=sysadmin, agency=department)
    user = UserFactory(username="x1")
    with pytest.raises(ValidationFailed) as exc:
        services.role_grant(actor=sysadmin, user=user, role=Role.SUB_USER, agency=department)
    assert exc.value.message == "“鄂托克前旗教育局”已停用，不能分配角色。"


# --- security policy --------------------------------------------------------------------------


def test_security_policy_update(sysadmin):
    services.security_policy_update(actor=sysadmin, require_two_factor_for_staff=True)
    assert SecurityPolicy.current().require_two_factor_for_staff is True
    event = AuditEvent.objects.get(event="orgs.security_policy.updated")
    assert event.data == {"old": {"require_two_factor_for_staff": False}, "new": {"require_two_factor_for_staff": True}}


@pytest.mark.parametrize("who", ["anonymous", "unit_admin", "office_head"])
def test_security_policy_denied_for_others(request, who, snapshot):
    actor = _actor(request, who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.security_policy_update(actor=actor, require_two_factor_for_staff=True)
    assert snapshot() == before
    assert SecurityPolicy.current().require_two_factor_for_staff is False
