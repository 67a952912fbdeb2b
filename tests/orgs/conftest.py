import pytest

from gongkai.audit.models import AuditEvent
from gongkai.orgs.enums import RegionLevel, Role
from gongkai.orgs.models import Agency, Region, RoleAssignment, Section, SecurityPolicy, User
from tests.factories import RegionFactory, SectionFactory, UserFactory, grant


@pytest.fixture
def township(county):
    return RegionFactory(code="150623100", name="敖勒召其镇", level=RegionLevel.TOWNSHIP, parent=county)


@pytest.fixture
def other_section(other_department):
    return SectionFactory(agency=other_department, name="办公室")


@pytest.fixture
def sub_user(department, section):
    user = UserFactory(username="subuser")
    grant(user, Role.SUB_USER, department, section)
    return user


@pytest.fixture
def other_sub_user(other_department, other_section):
    user = UserFactory(username="othersub")
    grant(user, Role.SUB_USER, other_department, other_section)
    return user


@pytest.fixture
def office_head(county_gov):
    """The head of the county government's disclosure office: covers its departments."""
    user = UserFactory(username="gkbhead")
    grant(user, Role.DISCLOSURE_OFFICE_HEAD, county_gov)
    return user


def state() -> dict[str, int]:
    """Row counts of everything an orgs write could touch (denials must leave them unchanged)."""
    return {
        "regions": Region.objects.count(),
        "agencies": Agency.objects.count(),
        "sections": Section.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "policies": SecurityPolicy.objects.filter(require_two_factor_for_staff=True).count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def snapshot():
    return state
