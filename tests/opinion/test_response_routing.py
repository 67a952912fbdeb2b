"""Routing (SPEC R5.4) as data, automatic routing on a warning, manual routing, claims and their permissions."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.notifications.models import Notification
from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.models import Event
from gongkai.opinion.response import services
from gongkai.opinion.response.enums import AssignmentRole, AssignmentStatus, RoutingRuleKind
from gongkai.opinion.response_models import EventAssignment, RoutingRule
from gongkai.opinion.signals import warning_raised
from tests.factories import UserFactory

from . import test_response_support as support
from .test_response_support import make_event, set_level

world = support.world

pytestmark = pytest.mark.django_db


def roles(event):
    return {(a.agency.name, a.role) for a in EventAssignment.objects.filter(event=event).select_related("agency")}


def competent(w, agency, *, category="", keywords=(), priority=100):
    return services.routing_rule_create(
        actor=_sysadmin(),
        kind=RoutingRuleKind.COMPETENT,
        region=w.county,
        agency=agency,
        category=category,
        keywords=list(keywords),
        priority=priority,
        citation="祥政办通〔2019〕54号 一(二)",
    )


def _sysadmin():
    from gongkai.orgs.enums import Role
    from tests.factories import grant

    user = UserFactory(username="root")
    if not user.role_assignments.exists():
        grant(user, Role.SYSTEM_ADMIN)
    return user


# --- The rules ------------------------------------------------------------------------------------------


def test_one_township_goes_to_that_township_with_the_coordinators(world):
    # given a red event concerning 甲镇 only
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    # when the system routes it
    services.event_route(event=event)
    # then 甲镇 leads; the government office and the government coordinate
    assert roles(event) == {
        ("甲镇人民政府", AssignmentRole.LEAD),
        ("祥云县人民政府办公室", AssignmentRole.COORDINATOR),
        ("祥云县人民政府", AssignmentRole.COORDINATOR),
    }
    lead = EventAssignment.objects.get(event=event, role=AssignmentRole.LEAD)
    assert lead.status == AssignmentStatus.ASSIGNED
    assert "属地管理" in lead.reason and "祥政办通〔2019〕54号 一(一)" in lead.reason
    audit = AuditEvent.objects.get(event="opinion.event_routed", target_id=str(event.pk))
    assert audit.data["mode"] == "automatic" and audit.data["summary"] == "涉及单一乡镇"


def test_one_township_with_a_department_the_department_cooperates(world):
    event = make_event(level=WarningLevel.ORANGE, regions=[world.town_a_region], agencies=[world.edu])
    services.event_route(event=event)
    assert (world.town_a.name, AssignmentRole.LEAD) in roles(event)
    assert (world.edu.name, AssignmentRole.CO_HANDLER) in roles(event)


def test_several_townships_go_to_the_competent_department_from_the_rules(world):
    # given a rule: emergencies and disasters are 应急管理局's; 教育 words are 教育局's
    competent(world, world.emergency, category="emergency_disaster")
    competent(world, world.edu, keywords=["学校", "教育"])
    event = make_event(
        title="多个乡镇学校停课",
        level=WarningLevel.RED,
        regions=[world.town_a_region, world.town_b_region],
    )
    # when
    services.event_route(event=event)
    # then 教育局 is the first responsible unit; both townships co-operate
    assert roles(event) == {
        (world.edu.name, AssignmentRole.LEAD),
        ("甲镇人民政府", AssignmentRole.CO_HANDLER),
        ("乙镇人民政府", AssignmentRole.CO_HANDLER),
        (world.office.name, AssignmentRole.COORDINATOR),
        (world.gov.name, AssignmentRole.COORDINATOR),
    }
    lead = EventAssignment.objects.get(event=event, role=AssignmentRole.LEAD)
    assert "上级业务主管部门为第一责任主体" in lead.reason


def test_several_townships_by_category(world):
    competent(world, world.emergency, category="emergency_disaster")
    event = make_event(
        title="山洪",
        level=WarningLevel.RED,
        regions=[world.town_a_region, world.town_b_region],
        category="emergency_disaster",
    )
    services.event_route(event=event)
    assert (world.emergency.name, AssignmentRole.LEAD) in roles(event)


def test_several_townships_without_a_rule_the_government_office_leads(world):
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region, world.town_b_region])
    services.event_route(event=event)
    assert (world.office.name, AssignmentRole.LEAD) in roles(event)
    assert (world.gov.name, AssignmentRole.COORDINATOR) in roles(event)
    assert ("甲镇人民政府", AssignmentRole.CO_HANDLER) in roles(event)


def test_several_departments_each_by_duties_with_a_lead_from_the_rules(world):
    competent(world, world.health, keywords=["食品"])
    event = make_event(title="食品安全问题", level=WarningLevel.ORANGE, agencies=[world.edu, world.health])
    services.event_route(event=event)
    assert roles(event) == {
        (world.health.name, AssignmentRole.LEAD),
        (world.edu.name, AssignmentRole.CO_HANDLER),
        (world.office.name, AssignmentRole.COORDINATOR),
        (world.gov.name, AssignmentRole.COORDINATOR),
    }


def test_several_departments_without_a_rule_the_first_concerned_leads(world):
    event = make_event(level=WarningLevel.ORANGE, agencies=[world.edu, world.health])
    services.event_route(event=event)
    assert (world.edu.name, AssignmentRole.LEAD) in roles(event)
    assert (world.health.name, AssignmentRole.CO_HANDLER) in roles(event)


def test_coordinator_rules_replace_the_default_coordinators(world):
    services.routing_rule_create(
        actor=_sysadmin(),
        kind=RoutingRuleKind.COORDINATOR,
        region=world.county,
        agency=world.office,
        citation="祥政办通〔2019〕54号 五(十三)",
    )
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    assert {r for r in roles(event) if r[1] == AssignmentRole.COORDINATOR} == {
        (world.office.name, AssignmentRole.COORDINATOR)
    }


def test_inactive_rule_is_ignored(world):
    rule = competent(world, world.edu, keywords=["学校"])
    services.routing_rule_update(actor=_sysadmin(), rule=rule, is_active=False)
    event = make_event(title="学校", level=WarningLevel.RED, regions=[world.town_a_region, world.town_b_region])
    services.event_route(event=event)
    assert (world.office.name, AssignmentRole.LEAD) in roles(event)


def test_routing_rules_are_edited_by_the_jurisdictions_disclosure_head_only(world):
    from gongkai.orgs.enums import Role
    from tests.factories import grant

    head = UserFactory(username="xy-gkb-head")
    grant(head, Role.DISCLOSURE_OFFICE_HEAD, world.gov)
    # the head of 祥云县's disclosure office may
    rule = services.routing_rule_create(
        actor=head, kind=RoutingRuleKind.COMPETENT, region=world.county, agency=world.edu, citation="依据"
    )
    assert AuditEvent.objects.filter(event="opinion.routing_rule_created", target_id=str(rule.pk)).exists()
    # a township administrator, a monitor and the anonymous may not; nothing changes
    for user in (world.town_a_admin, world.monitor, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.routing_rule_create(
                actor=user, kind=RoutingRuleKind.COMPETENT, region=world.county, agency=world.edu, citation="依据"
            )
    assert RoutingRule.objects.count() == 1


def test_rule_needs_a_citation_and_a_known_category(world):
    with pytest.raises(ValidationFailed):
        services.routing_rule_create(
            actor=_sysadmin(), kind=RoutingRuleKind.COMPETENT, region=world.county, agency=world.edu, citation=" "
        )
    with pytest.raises(ValidationFailed):
        services.routing_rule_create(
            actor=_sysadmin(),
            kind=RoutingRuleKind.COMPETENT,
            region=world.county,
            agency=world.edu,
            category="nonsense",
            citation="依据",
        )
    assert RoutingRule.objects.count() == 0


# --- Automatic routing, notices -----------------------------------------------------------------------------


def test_warning_signal_routes_notifies_and_is_idempotent(world, django_capture_on_commit_callbacks):
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    # when the monitoring side signals the warning (twice)
    with django_capture_on_commit_callbacks(execute=True):
        warning_raised.send(sender=Event, event=event, level=event.level)
    with django_capture_on_commit_callbacks(execute=True):
        warning_raised.send(sender=Event, event=event, level=event.level)
    # then one routing, the township's administrator told once per channel, the coordinators warned once
    assert EventAssignment.objects.filter(event=event).count() == 3
    assert AuditEvent.objects.filter(event="opinion.event_routed", target_id=str(event.pk)).count() == 1
    town = Notification.objects.filter(recipient=world.town_a_admin, event="opinion.assignment_created")
    assert sorted(town.values_list("channel", flat=True)) == ["email", "in_app"]
    assert "红色预警" in town.first().subject
    warned = Notification.objects.filter(event="opinion.warning")
    assert set(warned.values_list("recipient__username", flat=True)) == {"xy-office", "xy-monitor", "xy-news"}
    assert warned.count() == 6  # three people, in-app and e-mail, once
    # the sub-user of the township is not an addressee of the assignment notice
    assert not Notification.objects.filter(recipient=world.town_a_staff).exists()


def test_sweep_routes_a_warning_whose_signal_was_missed(world):
    event = make_event(level=WarningLevel.ORANGE, regions=[world.town_a_region])
    assert services.response_sweep()["routed"] == 1
    assert services.response_sweep()["routed"] == 0
    assert EventAssignment.objects.filter(event=event, role=AssignmentRole.LEAD, agency=world.town_a).exists()


def test_blue_event_is_not_routed_automatically(world):
    event = make_event(level=WarningLevel.BLUE, regions=[world.town_a_region])
    assert services.event_warning_received(event_id=event.pk) == {"routed": False, "notified": 0}
    assert not EventAssignment.objects.filter(event=event).exists()


def test_unroutable_event_is_left_for_a_person_and_warned(db):
    event = make_event(level=WarningLevel.RED)
    result = services.event_warning_received(event_id=event.pk)
    assert result["routed"] is False
    assert not EventAssignment.objects.filter(event=event).exists()


# --- Manual routing -----------------------------------------------------------------------------------------


def test_coordinator_routes_by_hand_and_the_old_lead_is_withdrawn(world):
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    # when the county monitor names 应急管理局 as lead with 甲镇 co-operating
    services.event_route(
        event=event, actor=world.monitor, lead=world.emergency, co_handlers=[world.town_a], reason="会商决定"
    )
    # then
    assert roles(event) == {
        (world.emergency.name, AssignmentRole.LEAD),
        ("甲镇人民政府", AssignmentRole.CO_HANDLER),
        (world.office.name, AssignmentRole.COORDINATOR),
        (world.gov.name, AssignmentRole.COORDINATOR),
    }
    audit = AuditEvent.objects.filter(event="opinion.event_routed", target_id=str(event.pk)).order_by("-seq").first()
    assert audit.data["mode"] == "manual" and audit.data["reason"] == "会商决定"
    # the clocks moved to the new lead
    assert set(event.response_clocks.values_list("agency_id", flat=True)) == {world.emergency.pk}
    assert Notification.objects.filter(recipient=world.emergency_admin, event="opinion.assignment_created").exists()


def test_manual_routing_withdraws_units_left_out(world):
    event = make_event(level=WarningLevel.RED, agencies=[world.edu, world.health])
    services.event_route(event=event)
    services.event_route(event=event, actor=world.office_admin, lead=world.edu)
    health = EventAssignment.objects.get(event=event, agency=world.health)
    assert health.status == AssignmentStatus.WITHDRAWN


@pytest.mark.parametrize("who", ["anonymous", "township", "department", "sub_user"])
def test_manual_routing_refused_to_others_and_nothing_changes(world, who):
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    before = roles(event)
    actor = {
        "anonymous": AnonymousUser(),
        "township": world.town_a_admin,
        "department": world.edu_admin,
        "sub_user": world.town_a_staff,
    }[who]
    with pytest.raises(PermissionDenied):
        services.event_route(event=event, actor=actor, lead=world.edu)
    assert roles(event) == before


def test_manual_routing_of_an_ordinary_event_by_the_office(world):
    event = make_event(level=WarningLevel.YELLOW, regions=[world.town_a_region])
    services.event_route(event=event, actor=world.office_admin)
    assert (world.town_a.name, AssignmentRole.LEAD) in roles(event)
    assert list(event.response_clocks.values_list("obligation", flat=True)) == ["ordinary"]


# --- Claims ----------------------------------------------------------------------------------------------------


def _routed(world):
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    return event, EventAssignment.objects.get(event=event, agency=world.town_a)


def test_township_staff_claims(world):
    event, assignment = _routed(world)
    claimed = services.assignment_claim(actor=world.town_a_staff, assignment=assignment)
    assert claimed.status == AssignmentStatus.CLAIMED
    assert claimed.claimed_by == world.town_a_staff and claimed.claimed_at is not None
    assert AuditEvent.objects.filter(event="opinion.assignment_claim", target_id=str(assignment.pk)).count() == 1
    assert Notification.objects.filter(recipient=world.office_admin, event="opinion.assignment_claimed").exists()


@pytest.mark.parametrize("who", ["anonymous", "other_township", "county_monitor", "department", "sysadmin"])
def test_claim_refused_to_anyone_but_the_units_staff_and_nothing_changes(world, who):
    event, assignment = _routed(world)
    actor = {
        "anonymous": AnonymousUser(),
        "other_township": world.town_b_admin,
        "county_monitor": world.monitor,  # covers the township, but is not its staff
        "department": world.edu_admin,
        "sysadmin": _sysadmin(),
    }[who]
    with pytest.raises(PermissionDenied):
        services.assignment_claim(actor=actor, assignment=assignment)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.claimed_by, assignment.claimed_at) == (AssignmentStatus.ASSIGNED, None, None)
    assert not AuditEvent.objects.filter(event="opinion.assignment_claim").exists()


def test_claim_twice_is_an_invalid_transition(world):
    event, assignment = _routed(world)
    services.assignment_claim(actor=world.town_a_staff, assignment=assignment)
    with pytest.raises(InvalidTransition):
        services.assignment_claim(actor=world.town_a_admin, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.claimed_by == world.town_a_staff


def test_every_assignment_transition_pair(world):
    from gongkai.opinion.response.enums import AssignmentAction
    from gongkai.opinion.response.transitions import ASSIGNMENT_TRANSITIONS

    event, assignment = _routed(world)
    for status in AssignmentStatus.values:
        for action in AssignmentAction.values:
            EventAssignment.objects.filter(pk=assignment.pk).update(status=status)
            expected = ASSIGNMENT_TRANSITIONS.get((status, action))
            if expected is None:
                with pytest.raises(InvalidTransition):
                    services.assignment_transition(actor=None, assignment=assignment, action=action, system=True)
                assert EventAssignment.objects.get(pk=assignment.pk).status == status
            else:
                row = services.assignment_transition(actor=None, assignment=assignment, action=action, system=True)
                assert row.status == expected


def test_a_red_warning_alone_keeps_the_ordinary_clock_grading_a_major_emergency_switches(world):
    # given a yellow event routed with its ordinary clock
    event = make_event(level=WarningLevel.YELLOW, regions=[world.town_a_region])
    services.event_route(event=event, actor=world.monitor)
    # when it turns red (the colour is the monitoring side's judgement, not an emergency grade)
    set_level(event, WarningLevel.RED)
    with mock.patch("gongkai.opinion.response.webhooks.webhook_enqueue_warning", return_value=[]):
        services.event_warning_received(event_id=event.pk)
    # then the ordinary clock keeps running
    assert dict(event.response_clocks.values_list("obligation", "outcome")) == {"ordinary": "open"}
    # when a coordinator grades it a 重大突发事件
    services.event_grade_emergency(actor=world.monitor, event=event, grade="serious", reason="多人被困")
    # then the 5 h / 24 h clocks run and the ordinary one is superseded
    outcomes = dict(event.response_clocks.values_list("obligation", "outcome"))
    assert outcomes == {"ordinary": "superseded", "first_release": "open", "press_conference": "open"}


def test_the_monitoring_sides_level_service_routes_through_its_signal(world, django_capture_on_commit_callbacks):
    from django.urls import NoReverseMatch

    from gongkai.opinion.services import event_set_level

    try:
        Event(pk=1).get_absolute_url()  # the monitoring side's warning notice links there
    except NoReverseMatch:
        pytest.skip("the monitoring side's event page (linked from its warning notice) is not there yet")

    # given a blue event of 甲镇 (its unit recorded, as the pipeline does)
    from gongkai.opinion.models import EventAgency

    event = make_event(title="甲镇燃气泄漏", level=WarningLevel.BLUE, regions=[world.town_a_region])
    EventAgency.objects.create(event=event, agency=world.town_a)
    # when the county monitor raises it to red through the monitoring side's audited service
    with django_capture_on_commit_callbacks(execute=True):
        event_set_level(actor=world.monitor, event=event, level=WarningLevel.RED, reason="现场有人员受伤")
    # then the response side has routed it; no person graded the emergency: the ordinary clock runs
    assert (world.town_a.name, AssignmentRole.LEAD) in roles(event)
    assert set(event.response_clocks.values_list("obligation", flat=True)) == {"ordinary"}
    # the monitor, told by the monitoring side, is not told twice; the office and the news office are told
    mine = Notification.objects.filter(event="opinion.warning", channel="in_app")
    assert set(mine.values_list("recipient__username", flat=True)) == {"xy-office", "xy-news"}
