"""Figures and case sources through the other apps' interfaces: opinion response clocks (late
responses) and the catalogue's art. 26 clock."""

import datetime as dt
from unittest import mock

import pytest

from gongkai.opinion import interface as opinion_interface
from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import services as response_services
from gongkai.orgs.enums import Role
from gongkai.oversight.enums import CaseSource, ViolationType
from gongkai.oversight.services import cases

from ..factories import UserFactory, grant
from ..opinion import test_response_support as support
from ..opinion.test_response_support import local, make_event

national_world = support.national_world


def test_late_opinion_response_figures_and_case(national_world):
    w = national_world
    warned = local(2026, 3, 2, 10)
    event = make_event(level=WarningLevel.RED, regions=[w.town_a_region], at=warned)
    with mock.patch("gongkai.core.clock.now", return_value=warned):
        response_services.event_route(event=event)
        figs = opinion_interface.assessment_figures(
            agency_id=w.town_a.pk, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
    assert figs[0]["key"] == "opinion.responses_on_time" and figs[0]["value"] is None  # nothing due yet
    later = local(2026, 3, 4, 10)
    with mock.patch("gongkai.core.clock.now", return_value=later):
        figs = opinion_interface.assessment_figures(
            agency_id=w.town_a.pk, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
        assert (figs[0]["records"], figs[0]["rate"]) == (2, 0.0)  # 5 h and 24 h clocks both overdue
        late = opinion_interface.late_response_clocks(agency_ids={w.town_a.pk})
        assert len(late) == 2
        office = UserFactory(username="eqq-ov-office")
        grant(office, Role.DISCLOSURE_OFFICE_STAFF, w.gov)
        case = cases.case_open_from_opinion(actor=office, clock_id=late[0]["id"])
    assert case.source == CaseSource.OPINION and case.violation == ViolationType.LATE_ANSWER
    assert case.agency == w.town_a and event.title in case.facts


def test_catalog_figures_without_items_say_no_data(department):
    from gongkai.catalog import interface as catalog_interface

    figs = catalog_interface.assessment_figures(
        agency_id=department.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert figs[0]["value"] is None and figs[0]["rate"] is None and figs[0]["records"] == 0


def test_catalog_case_refuses_an_unknown_item(county_office):
    from gongkai.core.errors import NotFound

    with pytest.raises(NotFound):
        cases.case_open_from_catalog(actor=county_office, item_id=999999)


def test_foi_figures_count_an_overdue_open_application_as_late(frozen, department):
    from gongkai.foi import interface as foi_interface
    from gongkai.foi import services as foi_services
    from gongkai.foi.enums import Channel

    from ..foi.conftest import make_input

    handler = UserFactory(username="src-handler")
    grant(handler, Role.SUB_USER, department)
    frozen.set(2026, 3, 2)
    foi_services.application_register(
        actor=handler, agency=department, channel=Channel.IN_PERSON, data=make_input(), submitted_on=dt.date(2026, 3, 2)
    )
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    figs = {f["key"]: f for f in foi_interface.assessment_figures(agency_id=department.pk, start=year[0], end=year[1])}
    assert figs["foi.answered_on_time"]["value"] is None  # still within its clock: no data yet
    frozen.set(2026, 5, 6)
    figs = {f["key"]: f for f in foi_interface.assessment_figures(agency_id=department.pk, start=year[0], end=year[1])}
    assert (figs["foi.answered_on_time"]["records"], figs["foi.answered_on_time"]["rate"]) == (1, 0.0)
    assert figs["foi.appeals_upheld"]["value"] is None


def test_office_opens_a_case_from_a_late_opinion_response_on_the_page(client, national_world):
    from gongkai.oversight.models import AccountabilityCase

    w = national_world
    warned = local(2026, 3, 2, 10)
    event = make_event(title="乙镇供水事件", level=WarningLevel.RED, regions=[w.town_a_region], at=warned)
    with mock.patch("gongkai.core.clock.now", return_value=warned):
        response_services.event_route(event=event)
    office = UserFactory(username="eqq-ov-office2")
    grant(office, Role.DISCLOSURE_OFFICE_STAFF, w.gov)
    client.force_login(office)
    with mock.patch("gongkai.core.clock.now", return_value=local(2026, 3, 4, 10)):
        page = client.get("/office/oversight/cases/").content.decode()
        assert "乙镇供水事件" in page
        clock_id = opinion_interface.late_response_clocks(agency_ids={w.town_a.pk})[0]["id"]
        r = client.post("/office/oversight/cases/", {"opinion_clock": clock_id})
    case = AccountabilityCase.objects.get(source_ref=f"opinion-clock:{clock_id}")
    assert r.status_code == 302 and case.agency == w.town_a
