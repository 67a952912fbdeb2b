import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.orgs import permissions, selectors
from gongkai.orgs.codes import validate_agency_code
from gongkai.orgs.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from gongkai.orgs.enums import AgencyKind, RegionLevel, Role
from gongkai.orgs.models import Agency, Region, RoleAssignment, Section, User

from .conftest import state

pytestmark = pytest.mark.django_db


def test_load_demo_twice_changes_nothing_the_second_time():
    # when
    call_command("load_demo", verbosity=0)
    first = state()
    call_command("load_demo", verbosity=0)
    # then
    assert state() == first
    assert first["regions"] == 14
    assert first["agencies"] == 20
    # the demo accounts, plus the service accounts that decide the demo reviews (gongkai.catalog.demo)
    assert first["users"] == len(DEMO_ACCOUNTS) + 4 == 18
    assert AuditEvent.objects.filter(event="demo.loaded").count() == 1


def test_demo_jurisdiction_follows_the_seeds():
    call_command("load_demo", verbosity=0)
    banner = Region.objects.get(code="150623")
    assert (banner.name, banner.level, banner.parent.code, banner.parent.parent.code) == (
        "鄂托克前旗",
        RegionLevel.COUNTY,
        "150600",
        "150000",
    )
    assert set(Region.objects.filter(parent=banner).values_list("name", flat=True)) == {
        "敖勒召其镇",
        "城川镇",
        "上海庙镇",
        "昂素镇",
    }
    assert all(r.code.startswith("150623") and len(r.code) == 9 for r in Region.objects.filter(parent=banner))
    gov = Agency.objects.get(code="000014349")
    assert (gov.name, gov.kind) == ("鄂托克前旗人民政府", AgencyKind.GOVERNMENT)
    assert Agency.objects.get(name="上海庙经济开发区管委会").kind == AgencyKind.DEVZONE
    assert Agency.objects.get(name="鄂托克前旗人民政府办公室").parent == gov
    assert Section.objects.filter(agency__name="鄂托克前旗人民政府办公室", name="政务公开办").exists()
    for agency in Agency.objects.all():
        assert validate_agency_code(agency.code) is None, agency.name
        assert agency.department_code
    assert Agency.objects.get(name="祥云县人民政府办公室").region.full_name() == "云南省大理白族自治州祥云县"
    assert Agency.objects.get(name="铜川市人民政府办公室").region.code == "610200"
    assert Agency.objects.get(name="北京市人民政府办公厅").region.code == "110000"


def test_demo_accounts_sign_in_and_cover_the_roles(client):
    call_command("load_demo", verbosity=0)
    signable = User.objects.exclude(username__startswith="demo-")  # demo-*: service accounts, no password
    assert {u for u, _, _ in DEMO_ACCOUNTS} == set(signable.values_list("username", flat=True))
    assert not any(u.has_usable_password() for u in User.objects.filter(username__startswith="demo-"))
    assert {p for _, p, _ in DEMO_ACCOUNTS} == {DEMO_PASSWORD}
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert not User.objects.filter(require_two_factor=True).exists()
    response = client.post("/account/login/", {"username": "subuser", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/office/").status_code == 200


def test_demo_office_head_covers_the_banner_and_unit_admin_only_education():
    call_command("load_demo", verbosity=0)
    head = User.objects.get(username="gkbhead")
    banner_units = set(Agency.objects.filter(region__code__startswith="150623").values_list("name", flat=True))
    assert set(selectors.agency_list_visible_to(head).values_list("name", flat=True)) == banner_units
    unit_admin = User.objects.get(username="unitadmin")
    assert list(selectors.agency_list_visible_to(unit_admin).values_list("name", flat=True)) == ["鄂托克前旗教育局"]
    assert permissions.is_system_admin(User.objects.get(username="admin"))


def test_demo_keeps_regions_created_elsewhere():
    # given a region created elsewhere (the rules app's data migration seeds 532923) under a
    # slightly different name and without its parent
    Region.objects.update_or_create(
        code="532923", defaults={"name": "祥云", "level": RegionLevel.COUNTY, "parent": None}
    )
    # when
    call_command("load_demo", verbosity=0)
    # then the name stays, the missing parent is filled in, and nothing fails
    region = Region.objects.get(code="532923")
    assert region.name == "祥云"
    assert region.parent.code == "532900"
    assert Agency.objects.get(name="祥云县人民政府").region == region


def test_demo_does_not_reset_a_changed_password():
    call_command("load_demo", verbosity=0)
    user = User.objects.get(username="subuser")
    user.set_password("Changed!2026pw")
    user.save()
    call_command("load_demo", verbosity=0)
    user.refresh_from_db()
    assert user.check_password("Changed!2026pw")
