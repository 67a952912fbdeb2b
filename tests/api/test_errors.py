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


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/json", b'{"name": "' + b"x" * 2048 + b'"}'),
        ("application/x-www-form-urlencoded", b"name=" + b"x" * 2048),
        ("text/plain", b"x" * 2048),
    ],
)
def test_body_over_the_size_limit_gets_the_typed_error(sysadmin, settings, signed_in, content_type, body):
    # given: a limit below the body's size
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = Client()
    path = "/api/v1/foi/public/applications"  # public
    if signed_in:
        client.force_login(sysadmin)
        path = "/api/v1/orgs/agencies"
    # when
    response = client.post(path, data=body, content_type=content_type)
    # then
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "request_too_large",
        "message": "请求内容过大，请不要超过1024字节。",
        "detail": {"max_bytes": 1024},
    }


@pytest.mark.django_db
def test_a_request_refused_before_the_api_gets_the_typed_error(settings):
    # given: Django refuses the host in a middleware, before the API's own handlers
    settings.ALLOWED_HOSTS = ["testserver"]
    # when
    api = Client().get("/api/v1/health", HTTP_HOST="evil.example")
    page = Client().get("/", HTTP_HOST="evil.example")
    # then
    assert api.status_code == page.status_code == 400
    assert api.json() == {"code": "bad_request", "message": "请求格式有误，无法解析请求内容。", "detail": None}
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_page_keeps_its_html_400_for_a_body_over_the_limit(settings):
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    # when
    response = Client().post(
        "/account/login/", data=b"username=" + b"x" * 2048, content_type="application/x-www-form-urlencoded"
    )
    # then
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_every_operation_declares_the_machinery_errors():
    # given
    doc = Client().get("/api/v1/openapi.json").json()
    missing = []
    # when
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            declared = set(operation["responses"])
            needed = {"400", "422"}
            if operation.get("security"):
                needed |= {"401", "403"}
            if operation.get("requestBody"):
                needed.add("413")
            if "{" in path:
                needed.add("404")
            if not needed <= declared:
                missing.append((method, path, sorted(needed - declared)))
            for status in needed & declared:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
                assert {"code", "message", "detail"} <= set(schema["properties"]), (path, status)
    # then
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/api/v1/opinion/events?q=a%00b", None),  # found by schemathesis on PostgreSQL
        ("get", "/api/v1/orgs/agencies?q=%00", None),
        (
            "post",
            "/api/v1/orgs/agencies",
            '{"name": "x\\u0000", "kind": "department", "region_code": "1", "code": "1"}',
        ),
    ],
)
def test_a_nul_character_in_any_parameter_is_refused(sysadmin, method, path, data):
    # given
    client = Client()
    client.force_login(sysadmin)
    # when
    response = client.generic(method.upper(), path, data or "", content_type="application/json")
    # then: a typed error on every database (PostgreSQL answered 500)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert response.json()["detail"] == {"character": "U+0000"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/notifications", "/api/v1/notifications/outbox", "/api/v1/audit/events"])
def test_a_page_number_beyond_any_offset_is_refused(sysadmin, path):
    # given: found by schemathesis (PostgreSQL: "bigint out of range")
    client = Client()
    client.force_login(sysadmin)
    # when
    response = client.get(path, {"page": "63637368898778461963812864"})
    # then
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
