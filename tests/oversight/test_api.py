"""The oversight JSON API: typed errors, permissions as the pages, known answers."""

import datetime as dt

import pytest

from gongkai.oversight.enums import ViolationType
from gongkai.oversight.services import cases, training


def test_anonymous_is_refused(client):
    r = client.get("/api/v1/oversight/cases")
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


def test_training_status_and_course_create(client, frozen, county_office, department, worker, outsider):
    client.force_login(county_office)
    r = client.post(
        "/api/v1/oversight/training/courses",
        {"agency_id": department.pk, "topic": "条例解读", "held_on": "2026-03-01", "hours": "2.5"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    course = training.course_create(
        actor=county_office, agency=department, topic="再培训", held_on=dt.date(2026, 4, 1), hours="1"
    )
    training.attendance_record(actor=county_office, course=course, person=worker)
    data = client.get(f"/api/v1/oversight/training?agency={department.pk}&year=2026").json()
    people = {p["name"]: p for p in data["people"]}
    assert data["minimum"] == "2" or float(data["minimum"]) == 2
    assert float(people["工作人员乙"]["hours"]) == 1.0 and people["工作人员乙"]["met"] is False
    bad = client.post(
        "/api/v1/oversight/training/courses",
        {"agency_id": department.pk, "topic": "x", "held_on": "2026-03-01", "hours": "0"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    client.force_login(outsider)
    assert client.get(f"/api/v1/oversight/training?agency={department.pk}&year=2026").status_code == 404


@pytest.mark.parametrize("violation", [ViolationType.OTHER])
def test_cases_api(client, frozen, county_office, department, outsider, violation):
    client.force_login(county_office)
    r = client.post(
        "/api/v1/oversight/cases",
        {"agency_id": department.pk, "violation": violation, "facts": "指南未更新"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "open"
    assert (
        client.post(
            "/api/v1/oversight/cases",
            {"agency_id": department.pk, "violation": "bogus", "facts": "x"},
            content_type="application/json",
        ).status_code
        == 422
    )
    missing = client.post(
        "/api/v1/oversight/cases-from-foi", {"application_id": 999999}, content_type="application/json"
    )
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    case_id = r.json()["id"]
    assert client.get(f"/api/v1/oversight/cases/{case_id}").json()["violation_label"]
    client.force_login(outsider)
    assert client.get(f"/api/v1/oversight/cases/{case_id}").status_code == 404
    assert (
        client.post(
            "/api/v1/oversight/cases",
            {"agency_id": department.pk, "violation": violation, "facts": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert cases  # the service module is what the API calls


def test_assessment_api(client, frozen, county_gov, department, county_office, worker):
    client.force_login(county_office)
    r = client.post(
        "/api/v1/oversight/assessment", {"government_id": county_gov.pk, "year": 2026}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    body = r.json()
    card = next(c for c in body["cards"] if c["agency_id"] == department.pk)
    foi = next(ln for ln in card["lines"] if ln["key"] == "foi.answered_on_time")
    assert foi["rate"] is None and foi["score"] is None  # 暂无数据, not zero
    assert client.post(f"/api/v1/oversight/assessment/{body['id']}/publish").json()["status"] == "published"
    client.force_login(worker)
    assert (
        client.post(
            "/api/v1/oversight/assessment",
            {"government_id": county_gov.pk, "year": 2025},
            content_type="application/json",
        ).status_code
        == 403
    )
