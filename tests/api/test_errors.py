import pytest
from django.test import Client


@pytest.mark.django_db
def test_openapi_document_is_served_without_sign_in():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "Gongkai 公开 API"
    assert "/api/v1/health" in doc["paths"]


@pytest.mark.django_db
def test_unauthenticated_call_gets_typed_error():
    response = Client().get("/api/v1/orgs/agencies")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_malformed_json_body_gets_typed_error(sysadmin):
    client = Client()
    client.force_login(sysadmin)
    response = client.post("/api/v1/orgs/agencies", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "message": "请求格式有误，无法解析请求内容。", "detail": None}


@pytest.mark.django_db
def test_unknown_api_path_is_a_typed_404(sysadmin):
    client = Client()
    client.force_login(sysadmin)
    response = client.get("/api/v1/orgs/agencies/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
