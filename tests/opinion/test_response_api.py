"""The JSON API of the response side (/api/v1/opinion/response): the journey claim → draft → submit →
review → published with the clock met; denials as on the pages (another township 404, a covering
role 403, anonymous 401); bad input is a typed error that writes nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.opinion.response import services
from gongkai.opinion.response.enums import ResponseKind, ResponseStatus
from gongkai.opinion.response_models import (
    ConsultationMeeting,
    EventAssignment,
    OpinionResponse,
    ResultFeedback,
    RumourLead,
)
from gongkai.workflow.enums import Decision
from gongkai.workflow.selectors import review_active_for
from gongkai.workflow.services import review_decide

from . import test_response_pages as pages
from . import test_response_releases as releases
from . import test_response_support as support
from .test_response_releases import approve_all, draft
from .test_response_support import local

# Fixtures of the response-side tests: the world, a routed red event of 甲镇 (``red``), and the same
# event already claimed by 甲镇's staff (``routed``).
world = support.world
red = pages.red
routed = releases.routed
pytestmark = pytest.mark.django_db
API = "/api/v1/opinion/response"


def api(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, data=None):
    return client.post(API + url, data=data if data is not None else {}, content_type="application/json")


def patch(client, url, data):
    return client.patch(API + url, data=data, content_type="application/json")


def written() -> dict:
    """What a refused or bad call must leave as it was."""
    return {
        "audit": AuditEvent.objects.count(),
        "responses": list(OpinionResponse.objects.order_by("pk").values_list("pk", "status", "title", "held_at")),
        "assignments": list(
            EventAssignment.objects.order_by("pk").values_list("pk", "agency_id", "role", "status", "claimed_by_id")
        ),
        "leads": RumourLead.objects.count(),
        "feedback": ResultFeedback.objects.count(),
        "meetings": ConsultationMeeting.objects.count(),
    }


def assignment_of(event, agency):
    return EventAssignment.objects.get(event=event, agency=agency)


RELEASE = {
    "kind": ResponseKind.AUTHORITATIVE_RELEASE,
    "title": "甲镇关于学校食堂问题的情况通报",
    "body": "经调查核实，……",
    "public_event_title": "甲镇学校食堂问题",
}


# --- The journey ------------------------------------------------------------------------------------------------


def test_claim_draft_submit_review_publish_and_the_clock_is_met(world, red):
    client = api(world.town_a_staff)
    assignment = assignment_of(red, world.town_a)

    # given the township's staff sees its assignment waiting
    page = client.get(API + "/assignments?status=assigned").json()
    assert page["count"] == 1
    item = page["items"][0]
    assert (item["id"], item["event_id"], item["event_title"], item["event_level"]) == (
        assignment.pk,
        red.pk,
        "甲镇学校食堂事件",
        "red",
    )
    assert (item["role"], item["status"], item["claimed_by"]) == ("lead", "assigned", None)
    clocks = client.get(API + f"/events/{red.pk}/clocks").json()
    assert [(c["obligation"], c["rule_key"], c["hours"], c["state"], c["overdue"]) for c in clocks] == [
        ("first_release", "opinion.first_release_major", 4, "open", False),
        ("press_conference", "opinion.press_conference_major", 24, "open", False),
    ]
    assert clocks[0]["text"].startswith("剩余 ")

    # when it claims
    response = post(client, f"/assignments/{assignment.pk}/claim")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["claimed_by"]) == ("claimed", world.town_a_staff.username)

    # and drafts, corrects and submits a response
    response = post(client, f"/events/{red.pk}/responses", RELEASE)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["agency_id"], body["kind"], body["review"]) == (
        "draft",
        world.town_a.pk,
        "authoritative_release",
        None,
    )
    pk = body["id"]
    response = patch(client, f"/responses/{pk}", {"body": "经调查核实（已补充处理情况），……"})
    assert response.status_code == 200
    assert response.json()["body"] == "经调查核实（已补充处理情况），……"
    assert response.json()["title"] == RELEASE["title"]  # what was not sent is kept
    response = post(client, f"/responses/{pk}/submit", {"comment": "请审核"})
    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
    assert response.json()["review"]["status"] == "in_progress"

    # then the review approves it through the workflow engine
    approve_all(world, OpinionResponse.objects.get(pk=pk))

    detail = client.get(API + f"/responses/{pk}").json()
    assert detail["status"] == "published" and detail["published_at"] is not None
    assert [r["id"] for r in client.get(API + f"/events/{red.pk}/responses").json()] == [pk]
    first, press = client.get(API + f"/events/{red.pk}/clocks").json()
    assert (first["obligation"], first["outcome"], first["state"], first["overdue"], first["response_id"]) == (
        "first_release",
        "met",
        "met",
        False,
        pk,
    )
    assert first["text"].startswith("已在4小时内回应（用时 ")  # 祥云县: 黄金4小时
    assert first["stopped_at"] is not None
    assert (press["outcome"], press["state"]) == ("open", "open")  # only a press conference stops it
    assert client.get(API + "/assignments?status=responded").json()["count"] == 1


def test_returned_response_is_edited_and_resubmitted(world, routed):
    row = draft(world, routed)
    client = api(world.town_a_staff)
    # a POST without a body (no comment) is accepted
    assert client.post(API + f"/responses/{row.pk}/submit", data="", content_type="application/json").status_code == 200
    review = review_active_for(row)
    review_decide(actor=world.town_a_admin, review=review, decision=Decision.APPROVE)
    review_decide(actor=world.news, review=review, decision=Decision.RETURN, comment="删去个人信息")
    assert client.get(API + f"/responses/{row.pk}").json()["status"] == "returned"

    assert patch(client, f"/responses/{row.pk}", {"body": "已删去个人信息。"}).status_code == 200
    response = post(client, f"/responses/{row.pk}/resubmit", {"comment": "已修改"})

    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
    assert response.json()["body"] == "已删去个人信息。"


def test_withdraw_needs_the_units_administrator_and_a_reason(world, routed):
    row = draft(world, routed)
    services.response_submit(actor=world.town_a_staff, response=row)
    approve_all(world, row)
    before = written()

    # a staff member who is not the unit's administrator
    response = post(api(world.town_a_staff), f"/responses/{row.pk}/withdraw", {"reason": "有误"})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    # no reason, a blank reason
    admin = api(world.town_a_admin)
    response = post(admin, f"/responses/{row.pk}/withdraw", {})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed" and response.json()["message"] == "请求参数有误。"
    response = post(admin, f"/responses/{row.pk}/withdraw", {"reason": "  "})
    assert response.status_code == 422
    assert response.json() == {"code": "validation_failed", "message": "请填写撤下原因。", "detail": None}
    assert written() == before

    response = post(admin, f"/responses/{row.pk}/withdraw", {"reason": "数据有误，更正后重发"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["withdrawn_reason"]) == ("withdrawn", "数据有误，更正后重发")


# --- Denials ----------------------------------------------------------------------------------------------------


def test_anonymous_gets_401_and_nothing_changes(world, red):
    assignment = assignment_of(red, world.town_a)
    before = written()
    client = api()
    calls = [
        client.get(API + "/assignments"),
        post(client, f"/assignments/{assignment.pk}/claim"),
        client.get(API + f"/events/{red.pk}/clocks"),
        client.get(API + f"/events/{red.pk}/responses"),
        post(client, f"/events/{red.pk}/responses", RELEASE),
        post(client, f"/events/{red.pk}/route", {"lead": world.edu.pk}),
    ]
    for response in calls:
        assert response.status_code == 401
        assert response.json() == {"code": "not_authenticated", "message": "请先登录。", "detail": None}
    assert written() == before


def test_another_township_cannot_see_claim_or_draft(world, red):
    # given the event is 甲镇's, claimed by its staff, with a draft
    assignment = assignment_of(red, world.town_a)
    services.assignment_claim(actor=world.town_a_staff, assignment=assignment)
    row = draft(world, red)
    EventAssignment.objects.filter(pk=assignment.pk).update(status="assigned", claimed_by=None, claimed_at=None)
    before = written()
    client = api(world.town_b_admin)

    # then 乙镇's administrator sees no assignment, and every call on the event is a 404 (as the pages)
    assert client.get(API + "/assignments").json() == {"count": 0, "page": 1, "page_size": 50, "items": []}
    not_found = [
        post(client, f"/assignments/{assignment.pk}/claim"),
        client.get(API + f"/events/{red.pk}/clocks"),
        client.get(API + f"/events/{red.pk}/responses"),
        post(client, f"/events/{red.pk}/responses", RELEASE),
        client.get(API + f"/responses/{row.pk}"),
        patch(client, f"/responses/{row.pk}", {"title": "改"}),
        post(client, f"/responses/{row.pk}/submit"),
        post(
            client,
            f"/events/{red.pk}/rumour-leads",
            {"recipient_kind": "police", "recipient_name": "公安局", "handed_at": "2026-03-02T15:00", "content": "x"},
        ),
        post(client, f"/events/{red.pk}/route", {"lead": world.town_b.pk}),
    ]
    for response in not_found:
        assert response.status_code == 404, response.content
        assert response.json()["code"] == "not_found"
    assert written() == before


def test_a_covering_role_sees_the_event_but_may_not_claim_or_draft_for_the_township(world, red):
    assignment = assignment_of(red, world.town_a)
    before = written()
    # 网信办 at the county government: covers 甲镇 but is not its staff (the government is a
    # coordinator of the event, for which it may release without claiming)
    client = api(world.monitor)

    assert client.get(API + f"/events/{red.pk}/clocks").status_code == 200
    response = post(client, f"/assignments/{assignment.pk}/claim")
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "只有承办单位本单位的工作人员可以认领该事件。",
        "detail": None,
    }
    response = post(client, f"/events/{red.pk}/responses", {**RELEASE, "agency": world.town_a.pk})
    assert response.status_code == 403
    assert response.json()["message"] == "请选择您所在的承办单位。"
    response = post(
        client,
        f"/events/{red.pk}/feedback",
        {
            "agency": world.town_a.pk,
            "channel": "reply",
            "recipient": "网民",
            "content": "已处理",
            "fed_back_at": "2026-03-02T15:00",
        },
    )
    assert response.status_code == 403
    assert response.json()["message"] == "请选择您所在的承办或协调单位。"
    assert written() == before


def test_a_unit_with_no_part_in_the_event_may_not_draft_or_record(world, red):
    # given the education bureau sees the event because it was concerned, but has no assignment
    from gongkai.opinion.models import EventAgency

    EventAgency.objects.create(event=red, agency=world.edu)
    before = written()
    client = api(world.edu_admin)

    assert client.get(API + f"/events/{red.pk}/responses").status_code == 200
    response = post(client, f"/events/{red.pk}/responses", RELEASE)
    assert (response.status_code, response.json()["message"]) == (403, "只有承办单位的工作人员可以起草回应。")
    response = post(client, f"/events/{red.pk}/rumour-leads", LEAD)
    assert (response.status_code, response.json()["message"]) == (403, "只有承办或协调单位的工作人员可以登记。")
    assert written() == before


def test_drafting_for_a_unit_that_is_not_the_users_is_refused(world, routed):
    before = written()
    response = post(api(world.town_a_staff), f"/events/{routed.pk}/responses", {**RELEASE, "agency": world.edu.pk})
    assert response.status_code == 403
    assert response.json()["message"] == "请选择您所在的承办单位。"
    assert written() == before


def test_a_township_may_not_route(world, red):
    before = written()
    response = post(api(world.town_a_admin), f"/events/{red.pk}/route", {"lead": world.edu.pk})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert written() == before


def test_a_coordinator_routes_by_hand(world, red):
    client = api(world.monitor)
    response = post(
        client, f"/events/{red.pk}/route", {"lead": world.edu.pk, "co_handlers": [world.town_a.pk], "reason": "调整"}
    )
    assert response.status_code == 200
    roles = {(a["agency_id"], a["role"], a["status"]) for a in response.json()}
    assert (world.edu.pk, "lead", "assigned") in roles
    assert (world.town_a.pk, "co_handler", "assigned") in roles
    assert EventAssignment.objects.get(event=red, role="lead").agency == world.edu


def test_routing_to_units_outside_the_jurisdiction_is_refused(world, red):
    outside = support.build_world(code="150623", name="鄂托克前旗", prefix="eqq")
    before = written()
    client = api(world.monitor)
    response = post(client, f"/events/{red.pk}/route", {"lead": outside.edu.pk})
    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_failed",
        "message": "牵头单位应为本事件所在地区的单位。",
        "detail": {"field": "lead", "unknown": [outside.edu.pk]},
    }
    response = post(client, f"/events/{red.pk}/route", {"lead": world.edu.pk, "co_handlers": [999999]})
    assert response.status_code == 422 and response.json()["detail"]["field"] == "co_handlers"
    assert written() == before


# --- Bad input ----------------------------------------------------------------------------------------------------


FUTURE = (timezone.now() + dt.timedelta(days=2)).isoformat()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": None}, "请求参数有误。"),  # missing
        ({"body": None}, "请求参数有误。"),
        ({"title": "   "}, "请填写标题。"),
        ({"kind": "tweet"}, "请选择回应形式。"),
        ({"kind": ResponseKind.PRESS_CONFERENCE}, "请填写举行时间。"),
        ({"kind": ResponseKind.MEDIA_INTERVIEW, "held_at": FUTURE}, "举行时间不能晚于当前时间。"),
        ({"kind": ResponseKind.BRIEFING, "held_at": "0001-01-01T00:00:00+08:00"}, "请求参数有误。"),
        ({"kind": ResponseKind.BRIEFING, "held_at": "昨天下午"}, "请求参数有误。"),
        ({"title": "标" * 201}, "标题不能超过 200 个字。"),
        ({"colour": "red"}, "请求参数有误。"),  # an unknown field
    ],
)
def test_bad_draft_is_a_typed_422_and_writes_nothing(world, routed, change, message):
    payload = {**RELEASE, **change}
    payload = {k: v for k, v in payload.items() if v is not None}
    before = written()

    response = post(api(world.town_a_staff), f"/events/{routed.pk}/responses", payload)

    assert response.status_code == 422, response.content
    assert (response.json()["code"], response.json()["message"]) == ("validation_failed", message)
    assert written() == before


def test_drafting_before_the_claim_is_an_invalid_transition(world, red):
    before = written()
    response = post(api(world.town_a_staff), f"/events/{red.pk}/responses", RELEASE)
    assert response.status_code == 409
    assert response.json() == {
        "code": "invalid_transition",
        "message": "请先认领该事件，再起草回应。",
        "detail": None,
    }
    assert written() == before


def test_claiming_twice_is_refused_and_the_first_claim_stays(world, red):
    assignment = assignment_of(red, world.town_a)
    assert post(api(world.town_a_staff), f"/assignments/{assignment.pk}/claim").status_code == 200
    before = written()

    response = post(api(world.town_a_admin), f"/assignments/{assignment.pk}/claim")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["message"] == "交办当前为“已认领”，不能认领。"
    assert written() == before
    assert assignment_of(red, world.town_a).claimed_by == world.town_a_staff


def test_unknown_ids_are_404_and_bad_filters_422(world, routed):
    client = api(world.town_a_staff)
    for response in (
        post(client, "/assignments/999999/claim"),
        client.get(API + "/events/999999/clocks"),
        client.get(API + "/responses/999999"),
        post(client, "/responses/999999/withdraw", {"reason": "x"}),
    ):
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client.get(API + "/assignments?status=lost")
    assert response.status_code == 422 and response.json()["detail"] == {"field": "status"}
    assert post(client, f"/assignments/{2**70}/claim").status_code == 422


def test_editing_after_submission_or_with_bad_fields_changes_nothing(world, routed):
    row = draft(world, routed)
    client = api(world.town_a_staff)
    before = written()
    for payload, status, message in (
        ({"titel": "拼错的字段"}, 422, "请求参数有误。"),
        ({"title": None}, 422, "请填写标题。"),
        ({"kind": ResponseKind.PRESS_CONFERENCE}, 422, "请填写举行时间。"),
        ({"held_at": FUTURE, "kind": ResponseKind.PRESS_CONFERENCE}, 422, "举行时间不能晚于当前时间。"),
    ):
        response = patch(client, f"/responses/{row.pk}", payload)
        assert (response.status_code, response.json()["message"]) == (status, message)
    assert written() == before
    services.response_submit(actor=world.town_a_staff, response=row)
    before = written()
    response = patch(client, f"/responses/{row.pk}", {"title": "审核中改标题"})
    assert response.status_code == 409 and response.json()["message"] == "回应当前为“审核中”，不能修改。"
    assert post(client, f"/responses/{row.pk}/submit").status_code == 409
    assert written() == before
    assert OpinionResponse.objects.get(pk=row.pk).status == ResponseStatus.IN_REVIEW


# --- Rumour leads, feedback, consultation ---------------------------------------------------------------------------


def test_rumour_lead_feedback_and_meeting_are_recorded(world, routed):
    staff = api(world.town_a_staff)
    response = post(
        staff,
        f"/events/{routed.pk}/rumour-leads",
        {
            "recipient_kind": "police",
            "recipient_agency": world.gov.pk,
            "recipient_name": "县公安局网安大队",
            "handed_at": local(2026, 3, 2, 15).isoformat(),
            "content": "编造死亡信息的账号及链接",
        },
    )
    assert response.status_code == 201
    lead = response.json()
    assert (lead["agency_id"], lead["recipient_kind"], lead["recipient_name"], lead["recipient_agency_id"]) == (
        world.town_a.pk,
        "police",
        "县公安局网安大队",
        world.gov.pk,
    )
    response = post(
        staff,
        f"/events/{routed.pk}/feedback",
        {
            "channel": "reply",
            "recipient": "发帖网民",
            "content": "已回复处理结果",
            "fed_back_at": "2026-03-03T09:00",
            "suggestion_adopted": True,
        },
    )
    assert response.status_code == 201
    assert (response.json()["channel"], response.json()["suggestion_adopted"]) == ("reply", True)
    response = post(
        api(world.office_admin),
        f"/events/{routed.pk}/meetings",
        {
            "held_at": "2026-03-02T14:00:00+08:00",
            "place": "县政府三楼会议室",
            "units": [world.town_a.pk, world.edu.pk],
            "people": "张三\n李四",
            "decisions": "甲镇 15 时前发布情况通报。",
        },
    )
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert meeting["convener_id"] == world.office.pk
    assert {u["id"] for u in meeting["units"]} == {world.town_a.pk, world.edu.pk}
    assert (RumourLead.objects.count(), ResultFeedback.objects.count(), ConsultationMeeting.objects.count()) == (
        1,
        1,
        1,
    )


LEAD = {"recipient_kind": "police", "recipient_name": "县公安局", "handed_at": "2026-03-02T15:00", "content": "线索"}
FEEDBACK = {"channel": "reply", "recipient": "网民", "content": "已处理", "fed_back_at": "2026-03-03T09:00"}
MEETING = {"held_at": "2026-03-02T14:00", "units": ["town_a"], "people": "张三", "decisions": "发布通报"}


@pytest.mark.parametrize(
    ("url", "payload", "message"),
    [
        ("rumour-leads", {**LEAD, "recipient_kind": "press"}, "请选择接收部门类别。"),
        ("rumour-leads", {**LEAD, "handed_at": FUTURE}, "移交时间不能晚于当前时间。"),
        ("rumour-leads", {**LEAD, "content": ""}, "请填写移交的情况和线索。"),
        ("rumour-leads", {**LEAD, "recipient_name": ""}, "请填写接收单位名称。"),
        ("rumour-leads", {k: v for k, v in LEAD.items() if k != "handed_at"}, "请求参数有误。"),
        ("rumour-leads", {**LEAD, "recipient_agency": 999999}, "接收单位应为本事件所在地区的单位。"),
        ("feedback", {**FEEDBACK, "channel": "pigeon"}, "请选择反馈途径。"),
        ("feedback", {**FEEDBACK, "recipient": " "}, "请填写反馈对象。"),
        ("feedback", {**FEEDBACK, "fed_back_at": FUTURE}, "反馈时间不能晚于当前时间。"),
        ("meetings", {**MEETING, "units": []}, "请选择参会单位。"),
        ("meetings", {**MEETING, "units": [999999]}, "参会单位应为本事件所在地区的单位。"),
        ("meetings", {**MEETING, "decisions": " "}, "请填写会商决定。"),
        ("meetings", {k: v for k, v in MEETING.items() if k != "decisions"}, "请求参数有误。"),
    ],
)
def test_bad_records_are_a_typed_422_and_write_nothing(world, routed, url, payload, message):
    if "units" in payload:
        payload = {**payload, "units": [world.town_a.pk if u == "town_a" else u for u in payload["units"]]}
    before = written()

    response = post(api(world.office_admin), f"/events/{routed.pk}/{url}", payload)

    assert response.status_code == 422, response.content
    assert (response.json()["code"], response.json()["message"]) == ("validation_failed", message)
    assert written() == before


# --- The OpenAPI document ----------------------------------------------------------------------------------------


def test_openapi_document_lists_the_response_endpoints():
    doc = Client().get("/api/v1/openapi.json").json()
    paths = {p: set(ops) for p, ops in doc["paths"].items() if p.startswith(API)}
    assert paths == {
        API + "/assignments": {"get"},
        API + "/assignments/{assignment_id}/claim": {"post"},
        API + "/events/{event_id}/route": {"post"},
        API + "/events/{event_id}/clocks": {"get"},
        API + "/events/{event_id}/responses": {"get", "post"},
        API + "/responses/{response_id}": {"get", "patch"},
        API + "/responses/{response_id}/submit": {"post"},
        API + "/responses/{response_id}/resubmit": {"post"},
        API + "/responses/{response_id}/withdraw": {"post"},
        API + "/events/{event_id}/rumour-leads": {"post"},
        API + "/events/{event_id}/feedback": {"post"},
        API + "/events/{event_id}/meetings": {"post"},
    }
    claim = doc["paths"][API + "/assignments/{assignment_id}/claim"]["post"]
    assert claim["tags"] == ["政务舆情回应"] and claim["summary"].startswith("认领")
