"""A person classifies an event's emergency grade; only 特别重大 / 重大 carry the 5 h / 24 h clocks
(国办发〔2016〕61号 三, 80号 三(四)); every other event gets the ordinary clock from its detection."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import PermissionDenied, ValidationFailed
from gongkai.opinion.enums import EmergencyGrade, WarningLevel
from gongkai.opinion.models import Event
from gongkai.opinion.response import services
from gongkai.opinion.response.enums import ClockOutcome, Obligation
from gongkai.opinion.response_models import ResponseClock
from gongkai.opinion.rules import MAJOR_GRADES_KEY
from gongkai.rules.models import RuleRecord
from gongkai.rules.selectors import rule_value

from . import test_response_support as support
from .test_response_support import local, make_event

world = support.world
national_world = support.national_world
pytestmark = pytest.mark.django_db
BASE = "/office/opinion/response/"


def at(moment):
    return mock.patch("gongkai.core.clock.now", return_value=moment)


def clocks(event, *, live=True):
    rows = ResponseClock.objects.filter(event=event).select_related("deadline")
    if live:
        rows = rows.exclude(outcome=ClockOutcome.SUPERSEDED)
    return {c.obligation: c for c in rows}


@pytest.fixture
def orange(national_world):
    """An orange event (复杂敏感) detected at 08:00, warned and routed at 10:00, not graded."""
    event = make_event(level=WarningLevel.BLUE, regions=[national_world.town_a_region], at=local(2026, 3, 2, 8))
    support.set_level(event, WarningLevel.ORANGE, at=local(2026, 3, 2, 10))
    with at(local(2026, 3, 2, 10)):
        services.event_route(event=event)
    return event


def test_the_rule_record_is_dated_and_cited():
    record = rule_value(MAJOR_GRADES_KEY, None, local(2026, 3, 2).date())
    assert record.value == {"grades": ["particularly_serious", "serious"]}
    stored = RuleRecord.objects.get(key=MAJOR_GRADES_KEY, jurisdiction__isnull=True)
    assert stored.effective_from.isoformat() == "2016-08-12"
    assert "国办发〔2016〕61号 三" in stored.citation and "国办发〔2016〕80号 三(四)" in stored.citation


def test_an_orange_or_red_warning_without_a_grade_gets_the_ordinary_clock_from_detection(national_world, orange):
    c = clocks(orange)
    assert set(c) == {Obligation.ORDINARY}
    d = c[Obligation.ORDINARY].deadline
    # from the first post (08:00), not from the routing (10:00): 48 h national
    assert (d.start_at, d.due_at, d.amount) == (local(2026, 3, 2, 8), local(2026, 3, 4, 8), 48)
    # a red warning by colour only: the same
    red = make_event(
        title="乙镇", level=WarningLevel.RED, regions=[national_world.town_b_region], grade="", at=local(2026, 3, 2, 9)
    )
    with at(local(2026, 3, 2, 11)):
        services.event_route(event=red)
    assert set(clocks(red)) == {Obligation.ORDINARY}


def test_grading_a_major_emergency_starts_the_5_and_24_hour_clocks(national_world, orange):
    # when the county's opinion monitor grades it 重大突发事件 at 11:00
    with at(local(2026, 3, 2, 11)):
        services.event_grade_emergency(
            actor=national_world.monitor, event=orange, grade=EmergencyGrade.SERIOUS, reason="多人被困"
        )

    # then the ordinary clock is superseded and the major clocks run from the warning
    c = clocks(orange)
    assert set(c) == {Obligation.FIRST_RELEASE, Obligation.PRESS_CONFERENCE}
    first, press = c[Obligation.FIRST_RELEASE].deadline, c[Obligation.PRESS_CONFERENCE].deadline
    assert (first.start_at, first.due_at) == (local(2026, 3, 2, 10), local(2026, 3, 2, 15))
    assert press.due_at == local(2026, 3, 3, 10)
    assert clocks(orange, live=False)[Obligation.ORDINARY].outcome == ClockOutcome.SUPERSEDED
    orange.refresh_from_db()
    assert (orange.emergency_grade, orange.emergency_graded_by, orange.emergency_grade_reason) == (
        "serious",
        national_world.monitor,
        "多人被困",
    )
    audit = AuditEvent.objects.get(event="opinion.emergency_graded", target_id=str(orange.pk))
    assert audit.data["old"] == {"grade": ""} and audit.data["new"] == {"grade": "serious"}
    assert [c["obligation"] for c in audit.data["clocks"]] == ["first_release", "press_conference"]


def test_grading_down_to_a_larger_emergency_returns_to_the_ordinary_clock(national_world, orange):
    with at(local(2026, 3, 2, 11)):
        services.event_grade_emergency(
            actor=national_world.monitor, event=orange, grade="particularly_serious", reason="x"
        )
        services.event_grade_emergency(actor=national_world.monitor, event=orange, grade=EmergencyGrade.LARGER)
    c = clocks(orange)
    assert set(c) == {Obligation.ORDINARY}
    assert c[Obligation.ORDINARY].deadline.start_at == local(2026, 3, 2, 8)
    superseded = {o for o, x in clocks(orange, live=False).items() if x.outcome == ClockOutcome.SUPERSEDED}
    assert {Obligation.FIRST_RELEASE, Obligation.PRESS_CONFERENCE} <= superseded


def test_a_grade_before_routing_is_used_when_the_event_is_routed(national_world):
    event = make_event(level=WarningLevel.BLUE, regions=[national_world.town_a_region], at=local(2026, 3, 2, 8))
    with at(local(2026, 3, 2, 9)):
        services.event_grade_emergency(actor=national_world.monitor, event=event, grade="serious", reason="山洪")
    assert clocks(event) == {}
    event.refresh_from_db()
    support.set_level(event, WarningLevel.RED, at=local(2026, 3, 2, 9, 30))
    with at(local(2026, 3, 2, 9, 30)):
        services.event_route(event=event)
    c = clocks(event)
    assert set(c) == {Obligation.FIRST_RELEASE, Obligation.PRESS_CONFERENCE}
    assert c[Obligation.FIRST_RELEASE].deadline.due_at == local(2026, 3, 2, 14, 30)


def test_who_may_grade(national_world, orange):
    w = national_world
    for user in (AnonymousUser(), w.town_a_admin, w.town_a_staff, w.edu_admin):
        with pytest.raises(PermissionDenied):
            services.event_grade_emergency(actor=user, event=orange, grade="serious", reason="x")
    orange.refresh_from_db()
    assert orange.emergency_grade == ""
    assert set(clocks(orange)) == {Obligation.ORDINARY}
    assert not AuditEvent.objects.filter(event="opinion.emergency_graded").exists()
    # the coordinators may: the opinion monitor and the news office of the county government
    services.event_grade_emergency(actor=w.news, event=orange, grade="none")
    orange.refresh_from_db()
    assert orange.emergency_grade == "none"


def test_bad_grades_are_refused_in_chinese(national_world, orange):
    for grade, message in (("huge", "请选择突发事件等级。"), ("", "请选择突发事件等级。")):
        with pytest.raises(ValidationFailed) as exc:
            services.event_grade_emergency(actor=national_world.monitor, event=orange, grade=grade)
        assert exc.value.message == message
    with pytest.raises(ValidationFailed) as exc:
        services.event_grade_emergency(actor=national_world.monitor, event=orange, grade="serious", reason=" ")
    assert exc.value.message == "定为特别重大、重大突发事件时请填写定级理由。"
    assert Event.objects.get(pk=orange.pk).emergency_grade == ""


def test_the_sweep_switches_major_clocks_that_no_grade_calls_for(national_world, orange):
    # given major clocks started by colour, as before grading existed (an existing database)
    with at(local(2026, 3, 2, 11)):
        services.event_grade_emergency(actor=national_world.monitor, event=orange, grade="serious", reason="x")
    Event.objects.filter(pk=orange.pk).update(emergency_grade="")
    # when the sweep runs
    with at(local(2026, 3, 2, 12)):
        result = services.response_sweep(now=local(2026, 3, 2, 12))
    # then the event is back on the ordinary clock, and a second sweep changes nothing
    assert result["clocks_switched"] == 1
    assert set(clocks(orange)) == {Obligation.ORDINARY}
    with at(local(2026, 3, 2, 12)):
        assert services.response_sweep(now=local(2026, 3, 2, 12))["clocks_switched"] == 0


def test_the_event_page_grades_the_emergency(client, national_world, orange):
    url = BASE + f"events/{orange.pk}/"
    client.force_login(national_world.monitor)
    page = client.get(url).content.decode()
    assert "未定级" in page and "确定突发事件等级" in page
    # a 重大 grade without a reason: the form again, with the message
    response = client.post(url + "grade/", {"grade": "serious", "reason": ""})
    assert response.status_code == 422
    assert "定为特别重大、重大突发事件时请填写定级理由。" in response.content.decode()
    # with a reason
    response = client.post(url + "grade/", {"grade": "serious", "reason": "山洪致群众被困"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "重大突发事件" in page and "首次权威发布" in page
    # a township's administrator does not see the form and is refused
    client.force_login(national_world.town_a_admin)
    assert "确定突发事件等级" not in client.get(url).content.decode()
    response = client.post(url + "grade/", {"grade": "none", "reason": ""})
    assert response.status_code == 403
    assert Event.objects.get(pk=orange.pk).emergency_grade == "serious"
