"""The back-office case pages: the office routes, the township claims and drafts, denials."""

import pytest
from django.test import Client

from gongkai.interaction.enums import Status
from gongkai.interaction.models import Letter

from .conftest import submit


def signed_in(user):
    c = Client()
    c.force_login(user)
    return c


def test_office_routes_and_township_claims(county_gov, township, clerk, liaison, outsider, frozen):
    letter, _ = submit(county_gov)
    office = signed_in(clerk)
    assert office.get("/office/interaction/").status_code == 200
    page = office.get(f"/office/interaction/{letter.pk}/").content.decode()
    assert letter.title in page and "王小明" not in page and "13912345678" not in page
    office.post(f"/office/interaction/{letter.pk}/act/", {"action": "route", "agency": township.pk})
    assert Letter.objects.get(pk=letter.pk).status == Status.ASSIGNED
    town = signed_in(liaison)
    town.post(f"/office/interaction/{letter.pk}/act/", {"action": "claim"})
    town.post(
        f"/office/interaction/{letter.pk}/act/",
        {"action": "draft", "reply_kind": "answer", "reply_text": "已安排维修，预计本周完成。"},
    )
    assert Letter.objects.get(pk=letter.pk).status == Status.DRAFTED
    # A bad action gives a message, not a 500, and changes nothing.
    response = town.post(f"/office/interaction/{letter.pk}/act/", {"action": "route"}, follow=True)
    assert response.status_code == 200 and Letter.objects.get(pk=letter.pk).status == Status.DRAFTED
    assert signed_in(outsider).get(f"/office/interaction/{letter.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_denials(who, county_gov, outsider, frozen):
    letter, _ = submit(county_gov)
    c = Client() if who == "anonymous" else signed_in(outsider)
    response = c.get(f"/office/interaction/{letter.pk}/")
    assert response.status_code in (302, 404)
    c.post(f"/office/interaction/{letter.pk}/act/", {"action": "route"})
    assert Letter.objects.get(pk=letter.pk).status == Status.RECEIVED
