"""Clocks in hours (SPEC R5.5, "Rules as data"): 5 h / 24 h for events a person graded 特别重大/重大突发事件
(not for a warning colour), 48 h national vs 36 h 祥云县 from the event's detection,
across midnight and holidays (hours ignore holidays), stopping on publication, escalation to the coordinators."""

from unittest import mock

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.notifications.models import Notification
from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import selectors, services
from gongkai.opinion.response.enums import ClockOutcome, Obligation, ResponseKind
from gongkai.opinion.response_models import EventAssignment, ResponseClock
from gongkai.rules.enums import DeadlineStatus
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

from . import test_response_support as support
from .test_response_support import local, make_event

world = support.world
national_world = support.national_world
pytestmark = pytest.mark.django_db


def clocks(event):
    return {c.obligation: c for c in ResponseClock.objects.filter(event=event).select_related("deadline")}


def at(moment):
    return mock.patch("gongkai.core.clock.now", return_value=moment)


def route_red(w, warned):
    event = make_event(level=WarningLevel.RED, regions=[w.town_a_region], at=warned)
    with at(warned):
        services.event_route(event=event)
    return event


def test_red_event_in_the_national_rule_gets_5_h_and_24_h(national_world):
    event = route_red(national_world, local(2026, 3, 2, 10))
    c = clocks(event)
    assert set(c) == {Obligation.FIRST_RELEASE, Obligation.PRESS_CONFERENCE}
    first, press = c[Obligation.FIRST_RELEASE].deadline, c[Obligation.PRESS_CONFERENCE].deadline
    assert (first.amount, first.due_at, first.unit) == (5, local(2026, 3, 2, 15), "hours")
    assert first.citation == "国办发〔2016〕80号 三(四)"
    assert (press.amount, press.due_at) == (24, local(2026, 3, 3, 10))
    assert press.citation == "国办发〔2016〕61号 三"
    assert first.agency == national_world.town_a and first.start_at == local(2026, 3, 2, 10)


def test_red_event_in_xiangyun_gets_the_golden_4_hours_across_midnight(world):
    # given a red warning at 22:30 in a township of 祥云县
    event = route_red(world, local(2026, 3, 2, 22, 30))
    first = clocks(event)[Obligation.FIRST_RELEASE].deadline
    # then the first release is due at 02:30 the next day (seed 001 五(十) "黄金4小时")
    assert (first.amount, first.due_at) == (4, local(2026, 3, 3, 2, 30))
    assert first.citation == "祥政办通〔2019〕54号 五(十)"
    assert first.jurisdiction.code == "532923100"


def test_ordinary_opinion_36_h_in_xiangyun_48_h_national_from_detection_not_routing(world, national_world):
    # given events detected at 09:00 and routed three hours later
    start = local(2026, 3, 2, 9)
    xy = make_event(level=WarningLevel.YELLOW, regions=[world.town_a_region], at=start)
    nat = make_event(level=WarningLevel.YELLOW, regions=[national_world.town_a_region], at=start)
    with at(local(2026, 3, 2, 12)):
        services.event_route(event=xy, actor=world.monitor)
        services.event_route(event=nat, actor=national_world.monitor)
    xy_d = clocks(xy)[Obligation.ORDINARY].deadline
    nat_d = clocks(nat)[Obligation.ORDINARY].deadline
    # then the clocks run from the detection
    assert xy_d.start_at == nat_d.start_at == start
    assert (xy_d.amount, xy_d.due_at, xy_d.citation) == (36, local(2026, 3, 3, 21), "祥政办通〔2019〕54号 六(十四)")
    assert (nat_d.amount, nat_d.due_at, nat_d.citation) == (48, local(2026, 3, 4, 9), "国办发〔2016〕61号 三")


def test_before_the_local_rule_xiangyun_had_48_h(world):
    event = make_event(level=WarningLevel.YELLOW, regions=[world.town_a_region], at=local(2019, 7, 1, 9))
    with at(local(2019, 7, 1, 9)):
        services.event_route(event=event, actor=world.monitor)
    assert clocks(event)[Obligation.ORDINARY].deadline.amount == 48


def test_hours_run_through_a_holiday(national_world):
    # given an ordinary event routed on the eve of 国庆 (2026-10-01..07 are holidays)
    event = make_event(level=WarningLevel.YELLOW, regions=[national_world.town_a_region], at=local(2026, 9, 30, 20))
    with at(local(2026, 9, 30, 20)):
        services.event_route(event=event, actor=national_world.monitor)
    d = clocks(event)[Obligation.ORDINARY].deadline
    # then 48 hours later, holidays or not
    assert d.due_at == local(2026, 10, 2, 20)
    assert d.provisional is False


def test_red_across_a_holiday_midnight(national_world):
    event = route_red(national_world, local(2026, 9, 30, 21))
    c = clocks(event)
    assert c[Obligation.FIRST_RELEASE].deadline.due_at == local(2026, 10, 1, 2)
    assert c[Obligation.PRESS_CONFERENCE].deadline.due_at == local(2026, 10, 1, 21)


# --- Stopping on publication -------------------------------------------------------------------------------


def publish(w, event, *, kind=ResponseKind.AUTHORITATIVE_RELEASE, when, held_at=None, agency=None):
    agency = agency or w.town_a
    assignment = EventAssignment.objects.get(event=event, agency=agency)
    with at(when):
        if assignment.status == "assigned":
            services.assignment_claim(actor=w.town_a_staff, assignment=assignment)
        row = services.response_create(
            actor=w.town_a_staff,
            event=event,
            agency=agency,
            kind=kind,
            title="关于甲镇事件的情况通报",
            body="经核查，……",
            public_event_title="甲镇学校食堂问题",
            held_at=held_at,
        )
        services.response_submit(actor=w.town_a_staff, response=row)
        review = review_active_for(row)
        review_decide(actor=w.town_a_admin, review=review, decision=Decision.APPROVE)
        review_decide(actor=w.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
        review_decide(actor=w.leader, review=review, decision=Decision.APPROVE)
    row.refresh_from_db()
    return row


def test_release_within_5_hours_stops_the_first_release_clock(national_world):
    w = national_world
    event = route_red(w, local(2026, 3, 2, 10))
    row = publish(w, event, when=local(2026, 3, 2, 12, 10))
    c = clocks(event)
    first = c[Obligation.FIRST_RELEASE]
    assert (first.outcome, first.stopped_at, first.response) == (ClockOutcome.MET, local(2026, 3, 2, 12, 10), row)
    assert first.deadline.status == DeadlineStatus.CLOSED and first.deadline.closed_at == local(2026, 3, 2, 12, 10)
    # a release is not a press conference: that clock keeps running
    assert c[Obligation.PRESS_CONFERENCE].outcome == ClockOutcome.OPEN
    with at(local(2026, 3, 2, 13)):
        view = selectors.clock_view(first)
    assert view.text == "已在5小时内回应（用时 2小时10分）"
    assert EventAssignment.objects.get(event=event, agency=w.town_a).status == "responded"


def test_late_release_is_recorded_late(national_world):
    w = national_world
    event = route_red(w, local(2026, 3, 2, 10))
    publish(w, event, when=local(2026, 3, 2, 16))
    first = clocks(event)[Obligation.FIRST_RELEASE]
    assert first.outcome == ClockOutcome.LATE
    assert selectors.clock_view(first).text == "逾期回应（用时 6小时0分，超过5小时时限）"


def test_press_conference_stops_its_clock_at_the_time_it_was_held(national_world):
    w = national_world
    event = route_red(w, local(2026, 3, 2, 10))
    publish(w, event, kind=ResponseKind.PRESS_CONFERENCE, held_at=local(2026, 3, 3, 8), when=local(2026, 3, 3, 11))
    c = clocks(event)
    assert (c[Obligation.PRESS_CONFERENCE].outcome, c[Obligation.PRESS_CONFERENCE].stopped_at) == (
        ClockOutcome.MET,
        local(2026, 3, 3, 8),
    )
    # held at 08:00 next day: 22 h after the warning, but the first release was due at 15:00 the day before
    assert c[Obligation.FIRST_RELEASE].outcome == ClockOutcome.LATE


# --- Escalation ----------------------------------------------------------------------------------------------


def test_overdue_clock_escalates_to_the_coordinators_once(world):
    event = route_red(world, local(2026, 3, 2, 22, 30))
    # when the sweep runs before and after 02:30
    with at(local(2026, 3, 3, 2, 0)):
        assert services.response_sweep()["escalated"] == 0
    with at(local(2026, 3, 3, 2, 31)):
        first = services.response_sweep()
        again = services.response_sweep()
    # then the first-release clock is escalated once, to the coordinators, in-app and by e-mail
    assert first["escalated"] == 1 and again["escalated"] == 0
    rows = Notification.objects.filter(event="opinion.clock_escalated")
    assert set(rows.values_list("recipient__username", flat=True)) == {"xy-office", "xy-monitor", "xy-news"}
    assert rows.count() == 6
    assert "首次权威发布" in rows.first().subject
    c = clocks(event)[Obligation.FIRST_RELEASE]
    assert c.escalated_at == local(2026, 3, 3, 2, 31)
    assert AuditEvent.objects.filter(event="opinion.clock_escalated", target_id=str(c.pk)).count() == 1
    # and shows in red
    with at(local(2026, 3, 3, 3, 0)):
        view = selectors.clock_view(c)
    assert (view.state, view.css) == ("overdue", "err")
    assert view.text == "已逾期 30分钟，尚未回应"


def test_met_clock_is_not_escalated(national_world):
    w = national_world
    event = route_red(w, local(2026, 3, 2, 10))
    publish(w, event, when=local(2026, 3, 2, 11))
    with at(local(2026, 3, 2, 16)):
        assert services.response_sweep()["escalated"] == 0
    assert not Notification.objects.filter(event="opinion.clock_escalated").exists()
