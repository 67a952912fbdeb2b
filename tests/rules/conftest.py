import datetime as dt

import pytest
from django.utils import timezone

from gongkai.orgs.enums import AgencyKind, RegionLevel, Role
from gongkai.orgs.models import Region

from ..factories import AgencyFactory, RegionFactory, UserFactory, grant


def local(y, m, d, hh=0, mm=0) -> dt.datetime:
    """An aware datetime in the project's time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture
def xiangyun(db) -> Region:
    """祥云县 — created by the rules data migration (sample profile of seed 001)."""
    return Region.objects.get(code="532923")


@pytest.fixture
def township(xiangyun) -> Region:
    return RegionFactory(code="532923100", name="祥城镇", level=RegionLevel.TOWNSHIP, parent=xiangyun)


@pytest.fixture
def xiangyun_gov(xiangyun):
    return AgencyFactory(name="祥云县人民政府", kind=AgencyKind.GOVERNMENT, region=xiangyun)


@pytest.fixture
def xiangyun_head(xiangyun_gov):
    """The head of 祥云县's disclosure office: may edit 祥云县's local rules and days."""
    user = UserFactory(username="xy-head")
    grant(user, Role.DISCLOSURE_OFFICE_HEAD, xiangyun_gov)
    return user


@pytest.fixture
def sub_user(department):
    user = UserFactory(username="subuser")
    grant(user, Role.SUB_USER, department)
    return user


@pytest.fixture
def handler(department):
    user = UserFactory(username="handler", email="handler@example.gov.cn")
    grant(user, Role.SUB_USER, department)
    return user
