"""The event moves as action specs (opinion/actions.py): states from the table, who may from the
matrix at any of the event's units."""

import pytest

from gongkai.opinion import actions
from gongkai.opinion.enums import EventAction
from gongkai.opinion.transitions import TRANSITIONS

from .monitoring_fixtures import *  # noqa: F403
from .monitoring_fixtures import rec

OFFICE = "/office/opinion"


@pytest.fixture
def event(source):
    from gongkai.opinion import services
    from gongkai.opinion.models import Post

    text = "敖勒召其镇多个小区自来水停水已经三天了，居民生活非常困难，打了很多次电话也没有人来处理。"
    services.ingest_records(source=source, rows=[rec("root", text)], channel="api")
    return Post.objects.get(external_id="root").event


def test_every_event_move_has_one_spec_with_the_tables_states():
    assert actions.registry.missing(EventAction.values) == []
    for spec in actions.registry:
        assert spec.label == EventAction(spec.name).label
        assert spec.allowed_from == {s for (s, a) in TRANSITIONS if a == spec.name}
        assert spec.permission == ("opinion.monitoring", "manage")


def test_the_event_page_offers_the_moves_the_specs_allow(client, event, monitor):
    from gongkai.orgs.enums import Role

    from ..factories import UserFactory, grant

    client.force_login(monitor)
    page = client.get(f"{OFFICE}/events/{event.pk}/").content.decode()
    assert 'value="close"' in page and 'value="dismiss"' in page and 'value="reopen"' not in page
    # a news-office viewer sees the event but no move, and a move posted anyway is refused
    viewer = UserFactory(username="news")
    grant(viewer, Role.NEWS_OFFICE, event.agencies.first())
    client.force_login(viewer)
    page = client.get(f"{OFFICE}/events/{event.pk}/").content.decode()
    assert 'value="dismiss"' not in page
    denied = client.post(f"{OFFICE}/events/{event.pk}/status/", {"action": "dismiss", "reason": "越权"})
    assert denied.status_code == 403
    event.refresh_from_db()
    assert event.status == "active"
