"""The JSON API: public consultations, policy story, comments (typed errors, 429), staff submission."""

import datetime as dt

import pytest

from gongkai.policy import services
from gongkai.policy.enums import PolicyState

pytestmark = pytest.mark.django_db


@pytest.fixture
def consulting(draft, local_rule):
    return services.consultation_open(
        actor=draft.created_by, policy=draft, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 11)
    )


def test_public_consultations_and_story(client, consulting, draft):
    rows = client.get("/api/v1/policy/consultations").json()
    assert [r["id"] for r in rows] == [consulting.pk] and rows[0]["open"] is True
    story = client.get(f"/api/v1/policy/policies/{consulting.pk}").json()
    assert story["articles"] == ["第一条", "第二条", "第三条"] and story["interpretations"] == []
    assert story["hearings"] == []
    assert client.get("/api/v1/policy/policies/999999").json()["code"] == "not_found"


def test_comment_via_api(client, consulting, settings):
    r = client.post(
        f"/api/v1/policy/policies/{consulting.pk}/comments",
        {"body": "建议增加退费条款。", "article": "第三条"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "pending"
    r = client.post(f"/api/v1/policy/policies/{consulting.pk}/comments", {"body": ""}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "validation_failed"
    settings.POLICY_COMMENT_MAX_PER_ADDRESS = 1
    r = client.post(
        f"/api/v1/policy/policies/{consulting.pk}/comments", {"body": "再提一条。"}, content_type="application/json"
    )
    assert r.status_code == 429 and r.json()["code"] == "comment_throttled"


def test_staff_submit_returns_reasons(client, draft, drafter, outsider):
    assert client.post(f"/api/v1/policy/staff/policies/{draft.pk}/submit").status_code == 401
    client.force_login(outsider)
    assert client.post(f"/api/v1/policy/staff/policies/{draft.pk}/submit").status_code == 404
    client.force_login(drafter)
    assert [p["id"] for p in client.get("/api/v1/policy/staff/policies").json()] == [draft.pk]
    body = client.post(f"/api/v1/policy/staff/policies/{draft.pk}/submit").json()
    assert body["outcome"] == "returned" and any("解读" in r for r in body["reasons"])
    draft.refresh_from_db()
    assert draft.state == PolicyState.RETURNED
