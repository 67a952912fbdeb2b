"""Slice 8: the API (staff list/detail scoped; public submit and status)."""

import json

from gongkai.foi.models import Application

from .conftest import VALID_ID, register

PAYLOAD = {
    "applicant_kind": "natural",
    "applicant_name": "钱七",
    "id_type": "resident_id",
    "id_number": VALID_ID,
    "phone": "13612345678",
    "email": "qianqi@example.cn",
    "items": [{"description": "2025年城乡低保资金发放情况", "title": "低保资金"}],
    "delivery_form": "email",
    "obtain_method": "email",
}


def post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def test_public_submit_and_status(client, department, frozen):
    created = post(client, "/api/v1/foi/public/applications", {**PAYLOAD, "agency_id": department.pk})
    assert created.status_code == 201
    body = created.json()
    assert body["due_date"] == "2026-03-30" and body["provisional"] is False
    status = post(
        client,
        "/api/v1/foi/public/status",
        {"public_id": body["public_id"], "query_code": body["query_code"]},
    )
    assert status.status_code == 200
    assert status.json()["stage"] == "已收到" and status.json()["due_date"] == "2026-03-30"
    # a duplicate is refused
    again = post(client, "/api/v1/foi/public/applications", {**PAYLOAD, "agency_id": department.pk})
    assert again.status_code == 409 and again.json()["code"] == "duplicate_application"
    assert again.json()["detail"] == {"tracking_number": None}


def test_public_submit_bad_input(client, department, frozen):
    bad = post(client, "/api/v1/foi/public/applications", {**PAYLOAD, "agency_id": department.pk, "phone": "123"})
    assert bad.status_code == 422
    assert bad.json()["detail"]["fields"]["phone"].startswith("联系电话格式不正确")
    assert post(client, "/api/v1/foi/public/applications", {**PAYLOAD, "agency_id": 99999}).status_code == 404
    assert not Application.objects.exists()


def test_public_status_wrong_code(client, department, handler, frozen):
    app, _ = register(handler, department)
    wrong = post(client, "/api/v1/foi/public/status", {"public_id": app.public_id, "query_code": "X"})
    assert wrong.status_code == 404 and wrong.json() == {
        "code": "query_failed",
        "message": "查询编号或查询码不正确。",
        "detail": None,
    }
    for _ in range(5):
        post(client, "/api/v1/foi/public/status", {"public_id": app.public_id, "query_code": "X"})
    assert post(client, "/api/v1/foi/public/status", {"public_id": app.public_id, "query_code": "X"}).status_code == 429


def test_staff_list_and_detail_are_scoped(client, department, handler, outsider, frozen):
    app, _ = register(handler, department)
    assert client.get("/api/v1/foi/applications").status_code == 401
    client.force_login(outsider)
    assert client.get("/api/v1/foi/applications").json() == []
    assert client.get(f"/api/v1/foi/applications/{app.pk}").status_code == 404
    client.force_login(handler)
    rows = client.get("/api/v1/foi/applications").json()
    assert [r["tracking_number"] for r in rows] == [app.tracking_number]
    assert rows[0]["id_number_masked"] == "1501**********0015"
    detail = client.get(f"/api/v1/foi/applications/{app.pk}").json()
    assert detail["items"][0]["description"] == "2025年义务教育阶段学校布局调整方案"
    assert "第三十三条" in detail["due_explanation"]
    assert VALID_ID not in json.dumps(detail, ensure_ascii=False)
