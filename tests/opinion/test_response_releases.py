"""Responses (R5.6) through the "opinion.release" review: nothing public without approval, on every path;
the public column shows only what was released. Rumour leads (R5.7), feedback (R5.8), consultation (R5.9)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import services
from gongkai.opinion.response.enums import ResponseAction, ResponseKind, ResponseStatus
from gongkai.opinion.response.transitions import RESPONSE_TRANSITIONS
from gongkai.opinion.response_models import (
    ConsultationMeeting,
    EventAssignment,
    OpinionResponse,
    ResponseEventPage,
    ResultFeedback,
    RumourLead,
)
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_cancel, review_decide

from . import test_response_support as support
from .test_response_support import local, make_event

world = support.world
pytestmark = pytest.mark.django_db

SECRET_REASON = "内部研判：负面占比 80%，含敏感词"


@pytest.fixture
def routed(world):
    event = make_event(title="内部监测标题：甲镇食堂", level=WarningLevel.RED, regions=[world.town_a_region])
    event.level_reason = SECRET_REASON
    event.volume = 4321
    event.save()
    services.event_route(event=event)
    assignment = EventAssignment.objects.get(event=event, agency=world.town_a)
    services.assignment_claim(actor=world.town_a_staff, assignment=assignment)
    return event


def draft(world, event, **kw):
    values = {
        "kind": ResponseKind.AUTHORITATIVE_RELEASE,
        "title": "甲镇关于学校食堂问题的情况通报",
        "body": "经调查核实，……",
        "public_event_title": "甲镇学校食堂问题",
    }
    values.update(kw)
    return services.response_create(actor=world.town_a_staff, event=event, agency=world.town_a, **values)


def is_public(client, row) -> bool:
    listing = client.get("/responses/").content.decode()
    detail = client.get(f"/responses/{row.pk}/")
    return row.title in listing or detail.status_code == 200


def approve_all(world, row):
    review = review_active_for(row)
    review_decide(actor=world.town_a_admin, review=review, decision=Decision.APPROVE)
    review_decide(actor=world.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=world.leader, review=review, decision=Decision.APPROVE)


def test_draft_and_review_in_progress_are_not_public(world, routed, client):
    row = draft(world, routed)
    assert not is_public(client, row)
    services.response_submit(actor=world.town_a_staff, response=row)
    row.refresh_from_db()
    assert row.status == ResponseStatus.IN_REVIEW
    review = review_active_for(row)
    review_decide(actor=world.town_a_admin, review=review, decision=Decision.APPROVE)
    review_decide(actor=world.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    # two of three steps approved: still not public
    assert not is_public(client, row)
    assert not ResponseEventPage.objects.filter(event=routed).exists()


def test_approval_publishes_with_time_unit_and_the_released_event_name_only(world, routed, client):
    row = draft(world, routed)
    services.response_submit(actor=world.town_a_staff, response=row)
    approve_all(world, row)
    row.refresh_from_db()
    assert row.status == ResponseStatus.PUBLISHED and row.published_at is not None
    assert "政务公开办/新闻办保密审查" in row.review_procedure
    page = ResponseEventPage.objects.get(event=routed)
    assert page.title == "甲镇学校食堂问题"
    detail = client.get(f"/responses/{row.pk}/").content.decode()
    assert "甲镇关于学校食堂问题的情况通报" in detail and "甲镇人民政府" in detail and "权威信息发布" in detail
    event_page = client.get(f"/responses/events/{page.pk}/").content.decode()
    assert "甲镇学校食堂问题" in event_page and "经调查核实" in event_page
    # never the monitoring data
    for text in (detail, event_page, client.get("/responses/").content.decode()):
        assert "内部监测标题" not in text
        assert SECRET_REASON not in text
        assert "4321" not in text
        assert "红色预警" not in text
    assert AuditEvent.objects.filter(event="opinion.response_publish", target_id=str(row.pk)).count() == 1


def test_returned_then_resubmitted_then_approved(world, routed, client):
    row = draft(world, routed)
    services.response_submit(actor=world.town_a_staff, response=row)
    review = review_active_for(row)
    review_decide(actor=world.town_a_admin, review=review, decision=Decision.APPROVE)
    review_decide(actor=world.news, review=review, decision=Decision.RETURN, comment="删去涉及个人信息的内容")
    row.refresh_from_db()
    assert row.status == ResponseStatus.RETURNED
    assert not is_public(client, row)
    services.response_update(actor=world.town_a_staff, response=row, body="经调查核实（已删去个人信息），……")
    services.response_resubmit(actor=world.town_a_staff, response=row)
    row.refresh_from_db()
    assert row.status == ResponseStatus.IN_REVIEW
    assert not is_public(client, row)
    review = review_active_for(row)
    review_decide(actor=world.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=world.leader, review=review, decision=Decision.APPROVE)
    row.refresh_from_db()
    assert row.status == ResponseStatus.PUBLISHED
    assert "已删去个人信息" in client.get(f"/responses/{row.pk}/").content.decode()


def test_rejected_is_never_public(world, routed, client):
    row = draft(world, routed)
    services.response_submit(actor=world.town_a_staff, response=row)
    review = review_active_for(row)
    review_decide(actor=world.town_a_admin, review=review, decision=Decision.APPROVE)
    review_decide(actor=world.news, review=review, decision=Decision.APPROVE, data={"conclusion": "public"})
    review_decide(actor=world.leader, review=review, decision=Decision.REJECT, comment="时机不成熟")
    row.refresh_from_db()
    assert row.status == ResponseStatus.REJECTED and row.published_at is None
    assert not is_public(client, row)
    assert routed.response_clocks.filter(outcome="open").count() == 2


def test_cancelled_review_goes_back_to_draft_and_is_not_public(world, routed, client):
    row = draft(world, routed)
    services.response_submit(actor=world.town_a_staff, response=row)
    review_cancel(actor=world.town_a_staff, review=review_active_for(row), reason="重新起草")
    row.refresh_from_db()
    assert row.status == ResponseStatus.DRAFT
    assert not is_public(client, row)


def test_withdrawn_leaves_the_public_column(world, routed, client):
    row = draft(world, routed)
    services.response_submit(actor=world.town_a_staff, response=row)
    approve_all(world, row)
    with pytest.raises(PermissionDenied):
        services.response_withdraw(actor=world.town_a_staff, response=row, reason="有误")
    services.response_withdraw(actor=world.town_a_admin, response=row, reason="数据有误，更正后重发")
    row.refresh_from_db()
    assert row.status == ResponseStatus.WITHDRAWN
    assert not is_public(client, row)
    assert client.get(f"/responses/events/{ResponseEventPage.objects.get(event=routed).pk}/").status_code == 404


def test_the_reviewers_cannot_skip_steps_and_the_drafter_cannot_approve(world, routed):
    row = draft(world, routed)
    services.response_submit(actor=world.town_a_staff, response=row)
    review = review_active_for(row)
    for actor in (world.town_a_staff, world.news, world.leader, world.town_b_admin):
        with pytest.raises(PermissionDenied):
            review_decide(actor=actor, review=review, decision=Decision.APPROVE)
    row.refresh_from_db()
    assert row.status == ResponseStatus.IN_REVIEW and row.published_at is None


def test_a_response_cannot_be_published_or_edited_outside_the_review(world, routed):
    row = draft(world, routed)
    with pytest.raises(InvalidTransition):
        services.response_transition(actor=world.leader, response=row, action=ResponseAction.PUBLISH)
    services.response_submit(actor=world.town_a_staff, response=row)
    with pytest.raises(InvalidTransition):
        services.response_update(actor=world.town_a_staff, response=row, title="改")
    row.refresh_from_db()
    assert (row.status, row.title) == (ResponseStatus.IN_REVIEW, "甲镇关于学校食堂问题的情况通报")


def test_every_response_transition_pair(world, routed):
    row = draft(world, routed)
    for status in ResponseStatus.values:
        for action in ResponseAction.values:
            OpinionResponse.objects.filter(pk=row.pk).update(status=status)
            expected = RESPONSE_TRANSITIONS.get((status, action))
            if expected is None:
                with pytest.raises(InvalidTransition):
                    services.response_transition(actor=None, response=row, action=action)
                assert OpinionResponse.objects.get(pk=row.pk).status == status
            else:
                assert services.response_transition(actor=None, response=row, action=action).status == expected


@pytest.mark.parametrize("who", ["anonymous", "other_township", "county_monitor"])
def test_drafting_refused_to_others(world, routed, who):
    actor = {"anonymous": AnonymousUser(), "other_township": world.town_b_admin, "county_monitor": world.monitor}[who]
    with pytest.raises(PermissionDenied):
        services.response_create(
            actor=actor, event=routed, agency=world.town_a, kind=ResponseKind.AUTHORITATIVE_RELEASE, title="t", body="b"
        )
    assert not OpinionResponse.objects.exists()


def test_drafting_needs_the_claim_first(world):
    event = make_event(level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    with pytest.raises(InvalidTransition):
        draft(world, event)
    assert not OpinionResponse.objects.exists()


def test_held_kinds_need_a_past_time(world, routed):
    with pytest.raises(ValidationFailed):
        draft(world, routed, kind=ResponseKind.PRESS_CONFERENCE)
    with pytest.raises(ValidationFailed):
        draft(world, routed, kind=ResponseKind.MEDIA_INTERVIEW, held_at=local(2099, 1, 1, 9))
    assert not OpinionResponse.objects.exists()


def test_coordinator_unit_may_release_without_claiming(world, routed):
    row = services.response_create(
        actor=world.office_admin,
        event=routed,
        agency=world.office,
        kind=ResponseKind.FOLLOW_UP,
        title="县政府办公室通报进展",
        body="……",
    )
    assert row.agency == world.office


# --- Rumour leads, feedback, consultation ------------------------------------------------------------------------------------


def test_rumour_lead_records_to_whom_when_what(world, routed):
    from gongkai.opinion.response.enums import LeadRecipient

    lead = services.rumour_lead_create(
        actor=world.town_a_staff,
        event=routed,
        agency=world.town_a,
        recipient_kind=LeadRecipient.POLICE,
        recipient_name="祥云县公安局网安大队",
        handed_at=local(2026, 3, 2, 15),
        content="账号“某某”编造食堂中毒死亡信息，截图及链接附后。",
    )
    assert (lead.recipient_kind, lead.recipient_name, lead.handed_at) == (
        "police",
        "祥云县公安局网安大队",
        local(2026, 3, 2, 15),
    )
    audit = AuditEvent.objects.get(event="opinion.rumour_lead_handed", target_id=str(lead.pk))
    assert audit.data["new"]["to"] == "police" and audit.data["new"]["recipient"] == "祥云县公安局网安大队"
    services.rumour_lead_record_result(actor=world.town_a_admin, lead=lead, result="已立案调查")
    lead.refresh_from_db()
    assert lead.result == "已立案调查" and lead.result_at is not None


def test_rumour_lead_to_a_unit_in_the_platform_notifies_it(world, routed):
    from gongkai.notifications.models import Notification
    from gongkai.opinion.response.enums import LeadRecipient

    lead = services.rumour_lead_create(
        actor=world.town_a_admin,
        event=routed,
        agency=world.town_a,
        recipient_kind=LeadRecipient.CAC,
        recipient_agency=world.gov,
        recipient_name="",
        handed_at=local(2026, 3, 2, 15),
        content="线索",
    )
    assert lead.recipient_name == world.gov.name
    assert Notification.objects.filter(recipient=world.monitor, event="opinion.rumour_lead").exists()


@pytest.mark.parametrize("who", ["anonymous", "other_township", "county_monitor"])
def test_rumour_lead_refused_to_others(world, routed, who):
    actor = {"anonymous": AnonymousUser(), "other_township": world.town_b_admin, "county_monitor": world.monitor}[who]
    with pytest.raises(PermissionDenied):
        services.rumour_lead_create(
            actor=actor,
            event=routed,
            agency=world.town_a,
            recipient_kind="police",
            recipient_name="公安局",
            handed_at=local(2026, 3, 2, 15),
            content="线索",
        )
    assert not RumourLead.objects.exists()


def test_rumour_lead_needs_what_and_when(world, routed):
    for bad in ({"content": " "}, {"handed_at": None}, {"recipient_kind": "nobody"}):
        values = {
            "recipient_kind": "police",
            "recipient_name": "公安局",
            "handed_at": local(2026, 3, 2, 15),
            "content": "线索",
            **bad,
        }
        with pytest.raises(ValidationFailed):
            services.rumour_lead_create(actor=world.town_a_staff, event=routed, agency=world.town_a, **values)
    assert not RumourLead.objects.exists()


def test_feedback_is_recorded(world, routed):
    row = services.feedback_create(
        actor=world.town_a_staff,
        event=routed,
        agency=world.town_a,
        channel="reply",
        recipient="网民“甲镇家长”",
        content="已跟帖回复调查处理结果。",
        fed_back_at=local(2026, 3, 3, 9),
        suggestion_adopted=True,
    )
    assert ResultFeedback.objects.get().pk == row.pk and row.suggestion_adopted is True
    assert AuditEvent.objects.filter(event="opinion.feedback_recorded").count() == 1


def test_consultation_for_red_events_with_participants_and_decisions(world, routed):
    m = services.meeting_create(
        actor=world.office_admin,
        event=routed,
        convener=world.office,
        held_at=local(2026, 3, 2, 14),
        place="县政府三楼会议室",
        units=[world.town_a, world.edu, world.gov],
        people="张三（县政府办公室主任）\n李四（甲镇镇长）",
        decisions="甲镇 15 时前发布情况通报；教育局配合。",
    )
    assert set(m.units.values_list("name", flat=True)) == {world.town_a.name, world.edu.name, world.gov.name}
    assert m.people_list == ["张三（县政府办公室主任）", "李四（甲镇镇长）"]
    assert ConsultationMeeting.objects.count() == 1


def test_consultation_refused_for_blue_events(world):
    event = make_event(level=WarningLevel.BLUE, regions=[world.town_a_region])
    services.event_route(event=event, actor=world.monitor)
    with pytest.raises(ValidationFailed):
        services.meeting_create(
            actor=world.office_admin,
            event=event,
            convener=world.office,
            held_at=local(2026, 3, 2, 14),
            units=[world.town_a],
            people="张三",
            decisions="……",
        )
    assert not ConsultationMeeting.objects.exists()
