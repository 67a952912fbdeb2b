"""JSON API /api/v1/rules/...: values, calendar, calculator and typed errors."""

import pytest

pytestmark = pytest.mark.django_db
BASE = "/api/v1/rules"


@pytest.fixture
def api(client, sub_user):
    client.force_login(sub_user)
    return client


def test_deadline_matches_the_cli_shape(api):
    response = api.get(f"{BASE}/deadline", {"start": "2026-11-23", "working_days": "20"})
    assert response.status_code == 200
    data = response.json()
    assert data["due"] == "2026-12-21"
    assert data["provisional"] is False
    assert data["citation"] is None
    assert data["skipped"][0] == {"date": "2026-11-28", "reason": "周六"}


def test_deadline_with_rule(api):
    data = api.get(f"{BASE}/deadline", {"start": "2019-05-14", "rule": "foi.answer_period"}).json()
    assert (data["amount"], data["due"]) == (15, "2019-06-04")
    assert data["citation"].endswith("第二十四条")


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"start": "2026-13-01", "working_days": "5"}, 422, "validation_failed"),
        ({"start": "2026-11-23", "working_days": "-3"}, 422, "validation_failed"),
        ({"start": "1980-01-01", "working_days": "5"}, 422, "date_out_of_range"),
        ({"start": "2026-11-23", "working_days": "5", "jurisdiction": "999999"}, 404, "unknown_jurisdiction"),
        ({"start": "2026-11-23", "rule": "nope"}, 404, "unknown_rule"),
        ({"start": "2018-01-01", "rule": "foi.supplement_notice_period"}, 422, "rule_missing"),
        ({"working_days": "5"}, 422, "validation_failed"),
    ],
)
def test_deadline_errors_are_typed(api, params, status, code):
    response = api.get(f"{BASE}/deadline", params)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert set(body) == {"code", "message", "detail"}


def test_rule_value_walks_up_the_hierarchy(api):
    data = api.get(
        f"{BASE}/value", {"key": "opinion.response_ordinary", "jurisdiction": "532923", "date": "2026-01-01"}
    ).json()
    assert data["value"] == 36
    assert data["defined_for"] == "532923"
    assert data["citation"] == "祥政办通〔2019〕54号 六(十四)"
    data = api.get(
        f"{BASE}/value", {"key": "opinion.response_ordinary", "jurisdiction": "532923", "date": "2019-01-01"}
    ).json()
    assert (data["value"], data["defined_for"]) == (48, None)


def test_rule_value_errors(api):
    missing = api.get(f"{BASE}/value", {"key": "foi.supplement_notice_period", "date": "2018-01-01"})
    assert (missing.status_code, missing.json()["code"]) == (422, "rule_missing")
    unknown = api.get(f"{BASE}/value", {"key": "nope"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_rule")
    bad_date = api.get(f"{BASE}/value", {"key": "foi.answer_period", "date": "2026/01/01"})
    assert (bad_date.status_code, bad_date.json()["code"]) == (422, "validation_failed")


def test_records_and_registry(api):
    records = api.get(f"{BASE}/records", {"key": "foi.answer_period"}).json()
    assert [(r["value"], r["effective_from"], r["effective_to"]) for r in records] == [
        (15, "2008-05-01", "2019-05-14"),
        (20, "2019-05-15", None),
    ]
    keys = {r["key"] for r in api.get(f"{BASE}/registry").json()}
    assert {"foi.answer_period", "opinion.response_ordinary", "calendar.statutory_holidays"} <= keys


def test_calendar_of_a_year(api):
    data = api.get(f"{BASE}/calendar/2026").json()
    assert data["status"] == "official"
    assert {"date": "2026-10-10", "kind": "workday"}.items() <= next(
        d for d in data["days"] if d["date"] == "2026-10-10"
    ).items()
    assert api.get(f"{BASE}/calendar/2027").json()["status"] == "computed"
    out = api.get(f"{BASE}/calendar/2150")
    assert (out.status_code, out.json()["code"]) == (422, "date_out_of_range")


def test_anonymous_gets_401(client):
    response = client.get(f"{BASE}/deadline", {"start": "2026-11-23", "working_days": "20"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
