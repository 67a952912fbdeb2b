import pytest

from gongkai.workflow.enums import ReviewStatus
from gongkai.workflow.models import Review, ReviewEntry
from gongkai.workflow.services import review_start

from .conftest import TEMPLATE_KEY


@pytest.fixture
def review(template, submitter, section, department, section_head):
    return review_start(actor=submitter, target=section, template_key=TEMPLATE_KEY, agency=department)


def state(review):
    fresh = Review.objects.get(pk=review.pk)
    return (fresh.status, fresh.current_step, ReviewEntry.objects.filter(review=review).count())


def test_list_and_detail(client, review, section_head, section, department):
    client.force_login(section_head)
    body = client.get("/api/v1/reviews").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert (item["id"], item["target_type"], item["target_id"], item["target"], item["agency_name"]) == (
        review.pk,
        "orgs.section",
        str(section.pk),
        str(section),
        department.name,
    )
    assert (item["status"], item["status_label"], item["submitted_by"]) == (
        "in_progress",
        "审核中",
        "起草人（drafter）",
    )
    detail = client.get(f"/api/v1/reviews/{review.pk}").json()
    assert [s["key"] for s in detail["steps"]] == ["section", "office", "leader"]
    assert [e["action"] for e in detail["entries"]] == ["submit"]
    assert (detail["can_decide"], detail["can_resubmit"], detail["can_cancel"]) == (True, False, False)


def test_submitted_scope(client, review, submitter):
    client.force_login(submitter)
    assert client.get("/api/v1/reviews").json()["count"] == 0
    assert client.get("/api/v1/reviews?scope=submitted").json()["count"] == 1
    assert client.get("/api/v1/reviews?scope=submitted&status=approved").json()["count"] == 0
    response = client.get("/api/v1/reviews?scope=everything")
    assert response.status_code == 422


def test_decide_approve_then_return_then_resubmit(client, review, section_head, office_staff, submitter):
    client.force_login(section_head)
    response = client.post(
        f"/api/v1/reviews/{review.pk}/decide",
        {"decision": "approve", "comment": "同意", "expected_step": 0},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["current_step"], response.json()["can_decide"]) == (1, False)
    client.force_login(office_staff)
    response = client.post(
        f"/api/v1/reviews/{review.pk}/decide",
        {"decision": "return", "comment": "补充说明", "data": {}},
        content_type="application/json",
    )
    assert response.json()["status"] == "returned"
    client.force_login(submitter)
    response = client.post(
        f"/api/v1/reviews/{review.pk}/resubmit", {"comment": "已补充"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["status"], response.json()["current_step"]) == (200, "in_progress", 1)


def test_decide_errors(client, review, section_head, submitter, outsider):
    before = state(review)
    url = f"/api/v1/reviews/{review.pk}/decide"
    # anonymous
    response = client.post(url, {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 401
    # another unit: the review does not exist for them
    client.force_login(outsider)
    response = client.post(url, {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 404
    # the submitter cannot decide
    client.force_login(submitter)
    response = client.post(url, {"decision": "approve"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    # a return without a comment
    client.force_login(section_head)
    response = client.post(url, {"decision": "return"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["message"] == "退回修改或不予通过时必须填写意见。"
    # an unknown decision, and a malformed body
    response = client.post(url, {"decision": "publish"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (422, "validation_failed")
    response = client.post(url, "not json", content_type="application/json")
    assert response.status_code == 400
    # a stale step
    response = client.post(url, {"decision": "approve", "expected_step": 2}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (409, "conflict")
    assert state(review) == before


def test_decide_on_a_finished_review_is_an_invalid_transition(client, review, section_head):
    client.force_login(section_head)
    client.post(
        f"/api/v1/reviews/{review.pk}/decide",
        {"decision": "reject", "comment": "不公开"},
        content_type="application/json",
    )
    assert state(review)[0] == ReviewStatus.REJECTED
    response = client.post(
        f"/api/v1/reviews/{review.pk}/decide", {"decision": "approve"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")


def test_cancel(client, review, submitter, section_head):
    client.force_login(section_head)
    response = client.post(f"/api/v1/reviews/{review.pk}/cancel", {"reason": "x"}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(submitter)
    response = client.post(f"/api/v1/reviews/{review.pk}/cancel", {"reason": ""}, content_type="application/json")
    assert response.status_code == 422
    assert state(review)[0] == ReviewStatus.IN_PROGRESS
    response = client.post(f"/api/v1/reviews/{review.pk}/cancel", {"reason": "撤回"}, content_type="application/json")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
