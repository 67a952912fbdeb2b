"""Element ids are unique on the opinion back-office pages (labels, ARIA references and anchors rely on it)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.models import EventAgency
from gongkai.opinion.response import services

from . import test_response_support as support
from .test_response_support import make_event

world = support.world
pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1


def duplicate_ids(html: str) -> dict[str, int]:
    parser = _Ids()
    parser.feed(html)
    return {k: n for k, n in parser.ids.items() if n > 1}


@pytest.fixture
def red(world):
    event = make_event(title="甲镇学校食堂事件", level=WarningLevel.RED, regions=[world.town_a_region])
    EventAgency.objects.create(event=event, agency=world.town_a)
    services.event_route(event=event)
    return event


def _get(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_event_pages_have_unique_ids_for_every_kind_of_user(client, world, red):
    # given the users who see the most forms: a coordinator, the coordinator unit's staff, the lead's staff
    users = (world.monitor, world.office_admin, world.town_a_admin)
    for user in users:
        # when the response side's event page is shown
        html = _get(client, user, f"/office/opinion/response/events/{red.pk}/")
        # then no id is used twice
        assert duplicate_ids(html) == {}, user.username
    # the monitoring side's event page (for the monitoring roles)
    assert duplicate_ids(_get(client, world.monitor, f"/office/opinion/events/{red.pk}/")) == {}
    # the page really carries the forms (the check would be empty otherwise)
    html = _get(client, world.office_admin, f"/office/opinion/response/events/{red.pk}/")
    assert 'id="grade-grade"' in html and 'id="route-lead"' in html and 'id="lead-agency"' in html


def test_the_other_opinion_pages_have_unique_ids(client, world, red):
    urls = [
        "/office/opinion/response/",
        "/office/opinion/response/events/",
        "/office/opinion/response/statistics/",
        "/office/opinion/response/rules/",
        "/office/opinion/response/risk/",
        "/office/opinion/events/",
        "/office/opinion/posts/",
        "/office/opinion/sources/",
        "/office/opinion/sources/new/",
        "/office/opinion/plans/",
        "/office/opinion/plans/new/",
        "/office/opinion/import/",
        "/office/opinion/aliases/",
    ]
    client.force_login(world.monitor)
    shown = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:  # a page the county's opinion monitor may not open
            continue
        shown += 1
        assert duplicate_ids(response.content.decode()) == {}, url
    assert shown >= 10
