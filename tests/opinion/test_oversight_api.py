"""/api/v1/opinion/oversight: reports forwarded, adopted suggestions, assessment records and risk
assessments — the services behind the pages, with the same denials and typed errors."""

import datetime as dt

import pytest
from django.test import Client

from gongkai.opinion.enums import WarningLevel
from gongkai.opinion.response import services
from gongkai.opinion.response_models import (
    AccountabilityAction,
    DecisionRiskAssessment,
    EventAssignment,
    OpinionReport,
    OpinionResponse,
)

from . import test_response_support as support
from .test_response_support import build_world, make_event

world = support.world
pytestmark = pytest.mark.django_db
API = "/api/v1/opinion/oversight"


@pytest.fixture
def red(world):
    event = make_event(title="甲镇学校食堂事件", level=WarningLevel.RED, regions=[world.town_a_region])
    services.event_route(event=event)
    return event


def api(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, data=None):
    return client.post(API + url, data=data if data is not None else {}, content_type="application/json")


def test_reports_issued_listed_and_refused(world, red):
    monitor = api(world.monitor)
    response = post(
        monitor, f"/events/{red.pk}/reports", {"kind": "quick", "issuer": world.gov.pk, "recipients": [world.town_a.pk]}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("舆情快报〔") and body["number"].endswith("第1期")
    assert body["deliveries"] == [
        {"agency_id": world.town_a.pk, "agency": "甲镇人民政府", "read_at": None, "read_by": None}
    ]
    # the township reads the list; opening the Word file records its receipt
    town = api(world.town_a_staff)
    assert town.get(body["download"]).status_code == 200
    listed = town.get(API + f"/events/{red.pk}/reports").json()
    assert listed[0]["deliveries"][0]["read_by"] == world.town_a_staff.username
    # denials and bad input, nothing written
    assert (
        post(
            town,
            f"/events/{red.pk}/reports",
            {"kind": "quick", "issuer": world.gov.pk, "recipients": [world.town_a.pk]},
        ).status_code
        == 403
    )
    assert post(api(), f"/events/{red.pk}/reports", {}).status_code == 401
    assert api(world.town_b_admin).get(API + f"/events/{red.pk}/reports").status_code == 404
    other = build_world(code="150623", name="鄂托克前旗", prefix="eqq")
    bad = [
        {"kind": "secret", "issuer": world.gov.pk, "recipients": [world.town_a.pk]},
        {"kind": "quick", "issuer": other.gov.pk, "recipients": [world.town_a.pk]},
        {"kind": "quick", "issuer": world.gov.pk, "recipients": [other.town_a.pk]},
        {"kind": "quick", "issuer": world.gov.pk, "recipients": []},
        {"kind": "quick", "issuer": world.gov.pk, "recipients": [world.town_a.pk], "secret": 1},
    ]
    for data in bad:
        response = post(monitor, f"/events/{red.pk}/reports", data)
        assert response.status_code == 422, data
        assert response.json()["code"] == "validation_failed"
    assert OpinionReport.objects.count() == 1


def test_adopted_suggestions_publication_draft(world, red):
    services.assignment_claim(
        actor=world.town_a_staff, assignment=EventAssignment.objects.get(event=red, agency=world.town_a)
    )
    feedback = services.feedback_create(
        actor=world.town_a_staff,
        event=red,
        agency=world.town_a,
        channel="reply",
        recipient="网民",
        content="采纳建议：公示食材来源。",
        fed_back_at=support.local(2026, 3, 2, 12),
        suggestion_adopted=True,
    )
    town = api(world.town_a_staff)
    response = post(town, f"/feedback/{feedback.pk}/publication")
    assert response.status_code == 201
    assert response.json()["kind"] == "adopted_suggestions" and response.json()["status"] == "draft"
    assert post(town, f"/feedback/{feedback.pk}/publication").json()["code"] == "conflict"
    assert post(api(world.town_b_admin), f"/feedback/{feedback.pk}/publication").status_code == 404
    assert post(town, "/feedback/99999/publication").status_code == 404
    assert OpinionResponse.objects.count() == 1


def test_accountability_records(world, red):
    today = dt.date.today().isoformat()
    news = api(world.news)
    data = {
        "kind": "interview",
        "agency": world.town_a.pk,
        "issuer": world.gov.pk,
        "decided_at": today,
        "reason": "多次逾期未回应。",
        "events": [red.pk],
    }
    response = post(news, "/accountability", data)
    assert response.status_code == 201 and response.json()["event_ids"] == [red.pk]
    assert [a["kind_label"] for a in api(world.town_a_admin).get(API + "/accountability").json()] == ["约谈"]
    assert api(world.town_b_admin).get(API + "/accountability").json() == []
    assert (
        api(world.news).get(API + f"/accountability?first={today}&last={today}").json()[0]["agency"] == "甲镇人民政府"
    )
    assert post(api(world.town_a_admin), "/accountability", data).status_code == 403
    for change in (
        {"kind": "fine"},
        {"agency": 999999},
        {"events": [999999]},
        {"decided_at": "2026-02-30"},
        {"reason": " "},
    ):
        response = post(news, "/accountability", {**data, **change})
        assert response.status_code == 422, change
    assert AccountabilityAction.objects.count() == 1


def test_risk_assessment_through_the_api(world):
    edu = api(world.edu_admin)
    response = post(
        edu, "/risk-assessments", {"agency": world.edu.pk, "decision_title": "学区调整", "methods": ["survey"]}
    )
    assert response.status_code == 201
    rid = response.json()["id"]
    # incomplete: cannot be concluded, and says what is missing
    response = post(edu, f"/risk-assessments/{rid}/conclude")
    assert response.status_code == 422 and "风险预测与研判" in response.json()["message"]
    response = edu.patch(
        API + f"/risk-assessments/{rid}",
        {"findings": "家长可能不满。", "level": "medium", "plan": "提前公示，设咨询电话。"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["level_label"] == "中风险"
    assert post(edu, f"/risk-assessments/{rid}/conclude").json()["status"] == "concluded"
    response = edu.patch(API + f"/risk-assessments/{rid}", {"level": "low"}, content_type="application/json")
    assert response.status_code == 409
    # another unit neither sees nor files for edu; bad fields are refused
    town = api(world.town_a_admin)
    assert town.get(API + f"/risk-assessments/{rid}").status_code == 404
    assert town.get(API + "/risk-assessments").json() == []
    assert post(town, "/risk-assessments", {"agency": world.edu.pk, "decision_title": "x"}).status_code == 422
    assert (
        post(edu, "/risk-assessments", {"agency": world.edu.pk, "decision_title": "x", "level": "extreme"}).status_code
        == 422
    )
    assert (
        post(
            edu, "/risk-assessments", {"agency": world.edu.pk, "decision_title": "x", "tracking_plan": 999999}
        ).status_code
        == 422
    )
    assert DecisionRiskAssessment.objects.count() == 1
    assert DecisionRiskAssessment.objects.get().level == "medium"


def test_openapi_lists_the_oversight_endpoints():
    paths = {p for p in Client().get("/api/v1/openapi.json").json()["paths"] if p.startswith(API)}
    assert paths == {
        API + "/events/{event_id}/reports",
        API + "/feedback/{feedback_id}/publication",
        API + "/accountability",
        API + "/risk-assessments",
        API + "/risk-assessments/{risk_id}",
        API + "/risk-assessments/{risk_id}/conclude",
    }
