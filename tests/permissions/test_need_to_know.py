"""Need to know (issue 9): the news office and the opinion monitors of a county read neither the
applications for disclosure of its departments nor the working copies of their drafts — on the
pages or through the API. The disclosure office and the leader above still do."""

import pytest
from django.urls import reverse

from gongkai.catalog import services as catalog_services
from gongkai.core import clock
from gongkai.foi import services as foi_services
from gongkai.foi.enums import Channel
from gongkai.orgs.enums import Role
from tests.factories import UserFactory, grant
from tests.foi.conftest import make_input
from tests.permissions.test_matrix import _item_fields

pytestmark = pytest.mark.django_db

SECRET_PASSAGE = "招生报名时间为8月10日至8月20日"


@pytest.fixture
def cases(county_gov, department, settings):
    settings.GONGKAI_DATA_KEY = "00112233445566778899aabbccddeeff"
    from tests.rule_defaults import ensure_rule_defaults

    ensure_rule_defaults("foi")
    handler = UserFactory(username="ntk-handler")
    grant(handler, Role.UNIT_ADMIN, department)
    app, _code = foi_services.application_register(
        actor=handler, agency=department, channel=Channel.IN_PERSON, data=make_input(), submitted_on=clock.today()
    )
    item = catalog_services.item_create(actor=handler, agency=department, **_item_fields())
    people = {}
    for role in (Role.NEWS_OFFICE, Role.OPINION_MONITOR, Role.DISCLOSURE_OFFICE_STAFF, Role.LEADER):
        people[role] = UserFactory(username=f"ntk-{role}")
        grant(people[role], role, county_gov)
    return app, item, people


def _pages(client, user, app, item) -> dict[str, tuple[int, str]]:
    client.force_login(user)
    urls = {
        "foi_list": reverse("backoffice:foi_list"),
        "foi_detail": reverse("backoffice:foi_detail", args=[app.pk]),
        "foi_api_list": "/api/v1/foi/applications",
        "foi_api_detail": f"/api/v1/foi/applications/{app.pk}",
        "item_list": reverse("backoffice:catalog_item_list"),
        "item_detail": reverse("backoffice:catalog_item_detail", args=[item.pk]),
    }
    answers = {}
    for name, url in urls.items():
        response = client.get(url)
        answers[name] = (response.status_code, response.content.decode())
    client.logout()
    return answers


@pytest.mark.parametrize("role", [Role.NEWS_OFFICE, Role.OPINION_MONITOR])
def test_news_office_and_monitors_see_neither_applications_nor_working_copies(client, cases, role):
    app, item, people = cases
    answers = _pages(client, people[role], app, item)
    for name, (status, body) in answers.items():
        assert app.tracking_number not in body, name
        assert app.applicant_name not in body, name
        assert item.title not in body, name
        assert SECRET_PASSAGE not in body, name
        assert status in (200, 403, 404), name
    assert answers["foi_detail"][0] == 404
    assert answers["foi_api_detail"][0] == 404
    assert answers["item_detail"][0] == 404


@pytest.mark.parametrize("role", [Role.DISCLOSURE_OFFICE_STAFF, Role.LEADER])
def test_the_disclosure_office_and_the_leader_above_still_do(client, cases, role):
    app, item, people = cases
    answers = _pages(client, people[role], app, item)
    assert answers["foi_detail"][0] == 200
    assert app.tracking_number in answers["foi_list"][1]
    assert answers["foi_api_detail"][0] == 200
    assert answers["item_detail"][0] == 200
    assert item.title in answers["item_list"][1]
