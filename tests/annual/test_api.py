"""The JSON API of the annual report and the gazette: typed errors, denials, public lists."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.annual.models import Figure

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    c = Client()
    if user:
        c.force_login(user)
    return c


def test_staff_endpoints(department, dept_admin, outsider, frozen):
    c = _client(dept_admin)
    url = f"/api/v1/annual/reports/{department.pk}/2025"
    r = c.post(
        url + "/figures", {"key": "permit.decisions", "value": 9, "source": "审批系统"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["value"] == 9
    r = c.post(
        url + "/figures", {"key": "permit.decisions", "value": "x", "source": "s"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "validation_failed" and "不是数字" in r.json()["message"]
    assert c.get(url).status_code == 404
    r = c.post(url + "/generate")
    assert r.status_code == 200
    two = r.json()["tables"]["section_two"]["tables"][1]
    assert two["rows"][0]["cells"][0]["value"] == 9 and two["rows"][0]["cells"][0]["source"] == "审批系统"
    assert c.get("/api/v1/annual/reports?year=2025").json()[0]["agency"]
    assert c.get("/api/v1/annual/reports?year=1900").status_code == 422
    assert c.get(f"/api/v1/annual/reports/{department.pk}/99999").status_code == 422
    o = _client(outsider)
    r = o.post(
        url + "/figures", {"key": "permit.decisions", "value": 1, "source": "s"}, content_type="application/json"
    )
    assert r.status_code == 404
    assert _client().get(url).status_code == 401
    assert Figure.objects.count() == 1


def test_public_endpoints(db):
    c = _client()
    assert c.get("/api/v1/annual/public/reports").json() == []
    assert c.get("/api/v1/annual/public/gazette").json() == []
    assert c.get("/api/v1/annual/public/gazette/5").status_code == 404
